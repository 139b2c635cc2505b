package dev.gradlens.service;

import dev.gradlens.explain.MethodId;

import java.util.List;

/**
 * A sanity check (Adebayo et al. 2018) asked for by the window: the class to explain, the CAM layer
 * (null: the model's default), the methods, the number of randomisation steps, whether to add the
 * independent variant, and the seed of the random weights (the options of {@code gradlens sanity}).
 */
public record SanityRequest(int classIndex, String layer, List<MethodId> methods, int steps, boolean independent, long seed) {
    public SanityRequest {
        methods = List.copyOf(methods);
    }
}
