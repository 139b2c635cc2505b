package dev.gradlens.metrics;

import dev.gradlens.imaging.Resize;

/**
 * A map brought to the model's input resolution for the metrics (docs/conventions.md):
 * ReLU, bilinear upsampling with half-pixel centres (the CAM upsampling of {@link Resize}, as
 * PyTorch's interpolate(align_corners=False)), then
 * <ul>
 * <li>{@link #relevance()}: the upsampled values, which order the pixels (most relevant first);</li>
 * <li>{@link #mask()}: E, min-max normalised to [0, 1] (Grad-CAM++ §6.1 "explanation map E").</li>
 * </ul>
 * A map that is constant after the ReLU has no order: {@link #flat()} is true and E is all ones when
 * the constant is positive (everything equally relevant: the image is kept) and all zeros when the map
 * is zero (nothing relevant: a black image). Metrics that compare the map's order report
 * undefined for flat maps.
 */
public final class ExplanationMask {
    private final float[] relevance;
    private final float[] mask;
    private final boolean flat;
    private final boolean zero;
    private final int height;
    private final int width;
    private int[] order;

    public ExplanationMask(SaliencyMap map, int height, int width) {
        this.height = height;
        this.width = width;
        float[] r = map.values().clone();
        boolean constant = true;
        for (int i = 0; i < r.length; i++) {
            if (!(r[i] > 0)) r[i] = 0; // ReLU; NaN → 0
            if (r[i] != r[0]) constant = false;
        }
        this.flat = constant;
        this.zero = constant && r[0] == 0;
        int n = height * width;
        if (constant) {
            relevance = new float[n];
            java.util.Arrays.fill(relevance, r[0]);
            mask = new float[n];
            if (!zero) java.util.Arrays.fill(mask, 1f);
            return;
        }
        relevance = Resize.bilinear(r, map.height(), map.width(), height, width);
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : relevance) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = (double) max - min;
        mask = new float[n];
        for (int i = 0; i < n; i++) mask[i] = (float) ((relevance[i] - min) / range);
    }

    /** Upsampled relevance (after ReLU), height × width row-major. */
    public float[] relevance() {
        return relevance;
    }

    /** E in [0, 1], height × width row-major. */
    public float[] mask() {
        return mask;
    }

    public boolean flat() {
        return flat;
    }

    /** The map is zero everywhere (after the ReLU). */
    public boolean zero() {
        return zero;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /**
     * Pixel indices (y·width + x) from most to least relevant; equal values keep index order (a
     * stable sort, as NumPy's argsort(-r, kind="stable")).
     */
    public synchronized int[] order() {
        if (order == null) order = FloatOrder.descending(relevance);
        return order;
    }
}
