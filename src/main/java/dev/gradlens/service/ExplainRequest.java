package dev.gradlens.service;

import dev.gradlens.explain.MethodId;

import java.util.Set;

/**
 * One request from the window: a class, counterfactual on/off, a layer (null: the model's default)
 * and the methods whose panels are shown.
 */
public record ExplainRequest(int classIndex, boolean counterfactual, String layer, Set<MethodId> methods) {
}
