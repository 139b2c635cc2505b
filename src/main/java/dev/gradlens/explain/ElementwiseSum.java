package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

/** ReLU(Σ_k f(g_kij) · A_kij) with f = ReLU or the identity: the element-wise CAMs' common sum. */
final class ElementwiseSum {
    private ElementwiseSum() {
    }

    static Tensor of(Tensor activations, Tensor gradients, boolean rectifyGradient) {
        int c = activations.dim(0), h = activations.dim(1), w = activations.dim(2), n = h * w;
        float[] a = activations.data(), g = gradients.data();
        double[] sum = new double[n];
        for (int k = 0; k < c; k++) {
            int base = k * n;
            for (int i = 0; i < n; i++) {
                double gi = g[base + i];
                if (rectifyGradient && gi < 0) continue;
                sum[i] += gi * a[base + i];
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) Math.max(sum[i], 0);
        return new Tensor(out, new int[] {h, w});
    }
}
