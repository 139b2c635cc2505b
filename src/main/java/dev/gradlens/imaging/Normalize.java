package dev.gradlens.imaging;

import java.util.Arrays;

/**
 * Display normalisation of explanation maps. Every method returns new arrays and leaves its
 * input alone (the raw map is kept for export and for switching normalisations).
 * Non-finite inputs: NaN maps to the "zero" value of the result, infinities clamp to the ends;
 * they are ignored when finding the range.
 */
public final class Normalize {
    /** Ranges smaller than this fraction of the values' magnitude count as flat (rounding noise). */
    static final double FLAT_RELATIVE = 1e-6;

    private Normalize() {
    }

    /**
     * A normalised map in [0, 1]. {@code flat} says the input carried no contrast (all equal, or
     * all zero), so the UI can say "map is flat" instead of drawing noise; {@code min}/{@code max}
     * are the input's finite range (the clip bounds for the clipped variants).
     */
    public record Result(float[] values, boolean flat, float min, float max) {
    }

    /** (x - min) / (max - min); a flat map becomes all zeros with {@code flat = true}. */
    public static Result minMax(float[] x) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            if (!Float.isFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        float[] out = new float[x.length];
        if (min > max) return new Result(out, true, 0f, 0f); // empty or nothing finite
        double range = (double) max - min;
        double magnitude = Math.max(Math.abs((double) min), Math.abs((double) max));
        if (range == 0 || range <= FLAT_RELATIVE * magnitude) return new Result(out, true, min, max);
        for (int i = 0; i < x.length; i++) out[i] = clamp01((x[i] - min) / range);
        return new Result(out, false, min, max);
    }

    /** max(x, 0) element-wise (NaN becomes 0). */
    public static float[] relu(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : 0f;
        return out;
    }

    /**
     * Signed maps (pixel-space gradients): 0.5 + 0.5 * x / max|x|, so 0.5 means zero and the sign
     * survives. All-zero input gives all 0.5 with {@code flat = true}.
     */
    public static Result symmetric(float[] x) {
        float m = 0;
        for (float v : x) if (Float.isFinite(v)) m = Math.max(m, Math.abs(v));
        return symmetric(x, m);
    }

    /** As {@link #symmetric(float[])} but scaled by {@code clip} and clamped: |x| >= clip saturates. */
    public static Result symmetric(float[] x, float clip) {
        float[] out = new float[x.length];
        if (!(clip > 0) || !Float.isFinite(clip)) {
            Arrays.fill(out, 0.5f);
            return new Result(out, true, 0f, 0f);
        }
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            out[i] = Float.isNaN(v) ? 0.5f : clamp01(0.5 + 0.5 * v / clip);
        }
        return new Result(out, false, -clip, clip);
    }

    /**
     * Symmetric normalisation clipped at the given percentile of |x| (e.g. 99): gradients are
     * heavy-tailed, and a handful of extreme pixels would otherwise push everything else to grey.
     */
    public static Result symmetricClipped(float[] x, double percentile) {
        return symmetric(x, percentileAbs(x, percentile));
    }

    /**
     * Unsigned display of a gradient's magnitude (vanilla saliency): |x| / p, clamped to 1, where p
     * is the given percentile of |x|.
     */
    public static Result magnitudeClipped(float[] x, double percentile) {
        float p = percentileAbs(x, percentile);
        float[] out = new float[x.length];
        if (!(p > 0) || !Float.isFinite(p)) return new Result(out, true, 0f, 0f);
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            out[i] = Float.isNaN(v) ? 0f : clamp01(Math.abs(v) / (double) p);
        }
        return new Result(out, false, 0f, p);
    }

    /**
     * The given percentile (0..100) of |x| over finite values, linearly interpolated between
     * order statistics as numpy.percentile's default does. 0 for an empty input.
     */
    public static float percentileAbs(float[] x, double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) throw new IllegalArgumentException("percentile must be 0..100: " + percentile);
        float[] a = new float[x.length];
        int n = 0;
        for (float v : x) if (Float.isFinite(v)) a[n++] = Math.abs(v);
        if (n == 0) return 0f;
        Arrays.sort(a, 0, n);
        double pos = percentile / 100.0 * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, n - 1);
        double f = pos - lo;
        return (float) (a[lo] + (a[hi] - (double) a[lo]) * f);
    }

    private static float clamp01(double v) {
        if (!(v > 0)) return 0f; // also NaN
        return v >= 1 ? 1f : (float) v;
    }
}
