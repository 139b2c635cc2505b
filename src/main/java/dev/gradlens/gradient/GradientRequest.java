package dev.gradlens.gradient;

import java.util.List;

/**
 * What to append to a graph: the score tensor whose seeded sum is differentiated, and the gradients
 * wanted (tensor, rectifier policy, output name). Forward tensors to expose are plain outputs.
 *
 * @param scoreTensor    pre-softmax class scores [B, K] (or [B, K, 1, 1])
 * @param seedInput      name of the new graph input [S, K]: the ±one-hot (or any) weights of the scores
 * @param gradients      gradients to compute and expose as outputs
 * @param forwardOutputs forward tensors to expose as outputs (logits, the target layer...)
 */
public record GradientRequest(String scoreTensor, String seedInput, List<Wanted> gradients, List<String> forwardOutputs) {

    /** ∂(Σ seed · score)/∂tensor under a rectifier policy, exposed as graph output {@code outputName}. */
    public record Wanted(String tensor, RectifierPolicy policy, String outputName) {
    }
}
