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
 * @param oneRow         the graph takes exactly one seed row and one image (a static first dimension of 1 on the seed):
 *                       ONNX Runtime then keeps more of the backward in its blocked layout, and rectifier masks are made
 *                       by ops it keeps there ({@link dev.gradlens.gradient.rules.LayoutMasks})
 */
public record GradientRequest(String scoreTensor, String seedInput, List<Wanted> gradients, List<String> forwardOutputs, boolean oneRow) {

    /** A graph for any number of seed rows. */
    public GradientRequest(String scoreTensor, String seedInput, List<Wanted> gradients, List<String> forwardOutputs) {
        this(scoreTensor, seedInput, gradients, forwardOutputs, false);
    }

    /** ∂(Σ seed · score)/∂tensor under a rectifier policy, exposed as graph output {@code outputName}. */
    public record Wanted(String tensor, RectifierPolicy policy, String outputName) {
    }
}
