package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

/**
 * One raw map: a CAM [h, w] at the layer's resolution, or a pixel-space map [C, H, W] at the
 * model's input resolution (NCHW whatever the model's layout). Unnormalised; display forms are
 * made by {@link DisplayMaps}.
 *
 * @param target the target the map explains (its counterfactual flag included)
 * @param layer  the CAM layer (also for pixel-space methods that use none: the session's layer)
 */
public record Explanation(MethodId method, Target target, String layer, Tensor raw, double millis) {
}
