package dev.gradlens.explain;

/**
 * Grad-CAM (Selvaraju et al., ICCV 2017): α_k = (1/Z) Σ_ij ∂S/∂A_kij (eq. 1, global-average-pooled
 * gradients), L = ReLU(Σ_k α_k A_k) (eq. 2). With a counterfactual target the gradient is negated
 * (§3.2), which needs nothing here.
 */
public final class GradCam extends ChannelWeightedCam {

    @Override
    protected double channelWeight(float[] a, float[] g, int base, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += g[base + i];
        return s / n;
    }
}
