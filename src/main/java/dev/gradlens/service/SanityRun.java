package dev.gradlens.service;

import dev.gradlens.metrics.sanity.SanityCheck;

/**
 * A finished sanity check as the window shows it: the check's result, the cascading step its verdict
 * reads ({@link SanityCheck#judgedStep()}, 0-based), the layer and the class label it explained.
 */
public record SanityRun(SanityCheck.Result result, int judgedStep, String layer, String classLabel) {
}
