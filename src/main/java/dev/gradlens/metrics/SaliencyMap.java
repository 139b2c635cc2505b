package dev.gradlens.metrics;

import dev.gradlens.tensor.Tensor;

import java.util.Arrays;

/**
 * A single-channel relevance map as the metrics read it: a CAM [h, w] at the layer's resolution,
 * or a pixel-space map [C, H, W] reduced to max_c |x_c| per pixel (the saliency of Simonyan et al.
 * 2014, eq. 2 and §3.1), at the input's resolution.
 */
public record SaliencyMap(float[] values, int height, int width) {
    public SaliencyMap {
        if (height <= 0 || width <= 0 || values.length != height * width)
            throw new IllegalArgumentException("a map of " + values.length + " values is not " + height + "×" + width);
    }

    /** A method's raw map: [h, w] as it is, [C, H, W] as max over channels of |x|. */
    public static SaliencyMap of(Tensor raw) {
        if (raw.rank() == 2) return new SaliencyMap(raw.data().clone(), raw.dim(0), raw.dim(1));
        if (raw.rank() == 3) {
            int c = raw.dim(0), h = raw.dim(1), w = raw.dim(2), n = h * w;
            float[] d = raw.data();
            float[] out = new float[n];
            for (int ch = 0; ch < c; ch++) for (int i = 0; i < n; i++) out[i] = Math.max(out[i], Math.abs(d[ch * n + i]));
            return new SaliencyMap(out, h, w);
        }
        throw new IllegalArgumentException("a map is [h, w] or [C, H, W], got " + Arrays.toString(raw.shape()));
    }
}
