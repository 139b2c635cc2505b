package dev.gradlens.inference;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.tensor.Tensor;

import java.util.Map;

/**
 * One run of a gradient session.
 *
 * @param scores     pre-softmax class scores [B, K]
 * @param activation the layer's activations A [B, C, h, w] (null without a layer)
 * @param layerGrad  ∂(Σ seed·S)/∂A [S, C, h, w], true derivative (null without a layer)
 * @param inputGrads ∂(Σ seed·S)/∂x per rectifier policy, [S, C, H, W] in NCHW whatever the model's layout
 * @param millis     wall time of the ONNX Runtime run
 */
public record GradientResult(Tensor scores, Tensor activation, Tensor layerGrad, Map<RectifierPolicy, Tensor> inputGrads, double millis) {
}
