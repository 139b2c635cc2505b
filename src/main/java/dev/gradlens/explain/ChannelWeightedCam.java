package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

/**
 * The CAM family of pytorch-grad-cam's {@code BaseCAM}: one weight per channel, then
 * L = ReLU(Σ_k w_k A_k) (Grad-CAM eq. 2). Subclasses implement only {@link #channelWeights}.
 */
public abstract class ChannelWeightedCam implements CamMethod {

    /**
     * The channel weights w_k [C].
     *
     * @param activations A [C, h, w]
     * @param gradients   dA = ∂(seed·S)/∂A [C, h, w] (negated for a counterfactual target)
     */
    public abstract float[] channelWeights(Tensor activations, Tensor gradients);

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

    /** Values per channel (h·w) of a [C, h, w] tensor. */
    static int plane(Tensor t) {
        return t.dim(1) * t.dim(2);
    }
}
