package dev.gradlens.spark;

import java.io.Serializable;

/**
 * The settings of a run as its run row stores them (methods, targets, top-k, layer; the metric ids
 * from options_json, null for none), plus the batch size: what every executor needs to compute the
 * same rows as {@code gradlens run}.
 */
record RunSettings(String methods, String targets, int topK, String layer, int batch, String metrics) implements Serializable {
}
