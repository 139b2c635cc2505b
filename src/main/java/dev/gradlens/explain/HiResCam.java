package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

/**
 * HiResCAM (Draelos and Carin 2020, eq. 4): the gradient multiplied element-wise with the
 * activations before the channel sum, L_ij = ReLU(Σ_k g_kij · A_kij). Equals Grad-CAM where the
 * gradient is the same at every position (a GAP→FC head).
 */
public final class HiResCam implements CamMethod {

    @Override
    public Tensor map(Tensor activations, Tensor gradients) {
        CamMethod.checkShapes(activations, gradients);
        return ElementwiseSum.of(activations, gradients, false);
    }
}
