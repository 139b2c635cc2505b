package dev.gradlens.explain;

/**
 * XGrad-CAM (Fu et al., BMVC 2020, eq. 13): w_k = Σ_ij (A_kij / Σ_ab A_kab) · g_kij, the gradient
 * averaged with the activations as weights; w_k = 0 where Σ_ab A_kab = 0 (pytorch-grad-cam adds
 * 1e-7 instead). L = ReLU(Σ_k w_k A_k).
 */
public final class XGradCam extends ChannelWeightedCam {

    @Override
    protected double channelWeight(float[] a, float[] g, int base, int n) {
        double sumA = 0, dot = 0;
        for (int i = 0; i < n; i++) {
            sumA += a[base + i];
            dot += (double) a[base + i] * g[base + i];
        }
        return sumA == 0 ? 0 : dot / sumA;
    }
}
