package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

/**
 * LayerCAM (Jiang et al., IEEE TIP 2021, eqs. 7–8): an element-wise weight per position,
 * L_ij = ReLU(Σ_k ReLU(g_kij) · A_kij). Not a channel-weighted CAM.
 */
public final class LayerCam implements CamMethod {

    @Override
    public Tensor map(Tensor activations, Tensor gradients) {
        CamMethod.checkShapes(activations, gradients);
        return ElementwiseSum.of(activations, gradients, true);
    }
}
