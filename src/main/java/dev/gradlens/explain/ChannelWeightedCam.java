package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

/**
 * The CAM family of pytorch-grad-cam's {@code BaseCAM}: one weight per channel, then
 * L = ReLU(Σ_k w_k A_k) (Grad-CAM eq. 2). Subclasses implement only {@link #channelWeight}, the
 * formula of one channel's weight.
 */
public abstract class ChannelWeightedCam implements CamMethod {

    /**
     * The weight w_k of the channel whose h·w values are {@code a[base .. base+n)} and
     * {@code g[base .. base+n)}, computed in double.
     *
     * @param a activations A, all channels, row-major
     * @param g dA = ∂(seed·S)/∂A, laid out like {@code a} (negated for a counterfactual target)
     */
    protected abstract double channelWeight(float[] a, float[] g, int base, int n);

    /**
     * The channel weights w_k [C].
     *
     * @param activations A [C, h, w]
     * @param gradients   dA = ∂(seed·S)/∂A [C, h, w] (negated for a counterfactual target)
     */
    public final float[] channelWeights(Tensor activations, Tensor gradients) {
        CamMethod.checkShapes(activations, gradients);
        int c = gradients.dim(0), n = gradients.dim(1) * gradients.dim(2);
        float[] a = activations.data(), g = gradients.data();
        float[] w = new float[c];
        for (int k = 0; k < c; k++) w[k] = (float) channelWeight(a, g, k * n, n);
        return w;
    }

    @Override
    public final Tensor map(Tensor activations, Tensor gradients) {
        CamMethod.checkShapes(activations, gradients);
        return weightedSum(activations, channelWeights(activations, gradients));
    }

    /** ReLU(Σ_k w_k A_k) [h, w] for A [C, h, w], accumulated in double. */
    public static Tensor weightedSum(Tensor activations, float[] weights) {
        int c = activations.dim(0), h = activations.dim(1), w = activations.dim(2), n = h * w;
        if (weights.length != c) throw new IllegalArgumentException(weights.length + " weights for " + c + " channels");
        float[] a = activations.data();
        double[] sum = new double[n];
        for (int k = 0; k < c; k++) {
            double wk = weights[k];
            if (wk == 0) continue;
            int base = k * n;
            for (int i = 0; i < n; i++) sum[i] += wk * a[base + i];
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) Math.max(sum[i], 0);
        return new Tensor(out, new int[] {h, w});
    }
}
