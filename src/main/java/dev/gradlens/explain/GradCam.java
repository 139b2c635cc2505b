package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

/**
 * Grad-CAM (Selvaraju et al., ICCV 2017): α_k = (1/Z) Σ_ij ∂S/∂A_kij (eq. 1, global-average-pooled
 * gradients), L = ReLU(Σ_k α_k A_k) (eq. 2). With a counterfactual target the gradient is negated
 * (§3.2), which needs nothing here.
 */
public final class GradCam extends ChannelWeightedCam {

    @Override
    public float[] channelWeights(Tensor activations, Tensor gradients) {
        CamMethod.checkShapes(activations, gradients);
        int c = gradients.dim(0), n = plane(gradients);
        float[] g = gradients.data();
        float[] w = new float[c];
        for (int k = 0; k < c; k++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += g[k * n + i];
            w[k] = (float) (s / n);
        }
        return w;
    }
}
