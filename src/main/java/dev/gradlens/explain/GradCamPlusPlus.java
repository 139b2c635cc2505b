package dev.gradlens.explain;

/**
 * Grad-CAM++ (Chattopadhyay et al., WACV 2018), eq. 19 with the exponential-score closed form
 * (eq. 20) written on the pre-softmax score:
 * <pre>
 *   a_kij = g²_kij / (2 g²_kij + Σ_ab A_kab · g³_kij)      (0 where the denominator is 0)
 *   w_k   = Σ_ij a_kij · ReLU(g_kij)
 *   L     = ReLU(Σ_k w_k A_k)
 * </pre>
 * with g = dA. The paper's exp(S) factor cancels in a and only scales the map. No epsilon is added
 * to the denominator (pytorch-grad-cam adds 1e-6, which changes a where g is tiny, and that is where
 * the gradients of real networks live): exact zeros give a = 0, as the limit g → 0 of g²·ReLU(g)/…
 * does. Computed in double.
 */
public final class GradCamPlusPlus extends ChannelWeightedCam {

    @Override
    protected double channelWeight(float[] a, float[] g, int base, int n) {
        double sumA = 0;
        for (int i = 0; i < n; i++) sumA += a[base + i];
        double wk = 0;
        for (int i = 0; i < n; i++) {
            double gi = g[base + i];
            if (gi <= 0) continue; // ReLU(g) = 0: no contribution whatever a is
            double g2 = gi * gi;
            double den = 2 * g2 + sumA * g2 * gi;
            if (den != 0) wk += g2 / den * gi;
        }
        return wk;
    }
}
