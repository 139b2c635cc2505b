package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

/**
 * XGrad-CAM (Fu et al., BMVC 2020, eq. 13): w_k = Σ_ij (A_kij / Σ_ab A_kab) · g_kij, the gradient
 * averaged with the activations as weights; w_k = 0 where Σ_ab A_kab = 0 (pytorch-grad-cam adds
 * 1e-7 instead). L = ReLU(Σ_k w_k A_k).
 */
public final class XGradCam extends ChannelWeightedCam {

    @Override
    public float[] channelWeights(Tensor activations, Tensor gradients) {
        CamMethod.checkShapes(activations, gradients);
        int c = gradients.dim(0), n = plane(gradients);
        float[] a = activations.data(), g = gradients.data();
        float[] w = new float[c];
        for (int k = 0; k < c; k++) {
            int base = k * n;
            double sumA = 0, dot = 0;
            for (int i = 0; i < n; i++) {
                sumA += a[base + i];
                dot += (double) a[base + i] * g[base + i];
            }
            w[k] = sumA == 0 ? 0f : (float) (dot / sumA);
        }
        return w;
    }
}
