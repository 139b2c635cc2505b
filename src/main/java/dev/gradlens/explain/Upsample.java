package dev.gradlens.explain;

/**
 * Bilinear resampling with PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}
 * semantics: half-pixel centres, src = (dst + 0.5) · in/out − 0.5 clamped below at 0, the upper
 * neighbour clamped to the edge, no antialiasing. Package-private on purpose: it has the signature
 * and semantics of {@code dev.gradlens.imaging.Resize.bilinear} and is folded into it at merge time.
 */
final class Upsample {
    private Upsample() {
    }

    /** Resamples a row-major h×w map to outH×outW. */
    static float[] bilinear(float[] map, int h, int w, int outH, int outW) {
        if (h < 1 || w < 1 || outH < 1 || outW < 1) throw new IllegalArgumentException("empty size " + h + "×" + w + " → " + outH + "×" + outW);
        if (map.length != h * w) throw new IllegalArgumentException(map.length + " values for " + h + "×" + w);
        Axis ys = new Axis(h, outH), xs = new Axis(w, outW);
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            int r0 = ys.lo[y] * w, r1 = ys.hi[y] * w;
            double ly = ys.lambda[y];
            for (int x = 0; x < outW; x++) {
                int c0 = xs.lo[x], c1 = xs.hi[x];
                double lx = xs.lambda[x];
                double top = (1 - lx) * map[r0 + c0] + lx * map[r0 + c1];
                double bottom = (1 - lx) * map[r1 + c0] + lx * map[r1 + c1];
                out[y * outW + x] = (float) ((1 - ly) * top + ly * bottom);
            }
        }
        return out;
    }

    /** Source indices and weights along one axis. */
    private static final class Axis {
        final int[] lo, hi;
        final double[] lambda;

        Axis(int in, int out) {
            lo = new int[out];
            hi = new int[out];
            lambda = new double[out];
            double scale = (double) in / out;
            for (int d = 0; d < out; d++) {
                double src = Math.max((d + 0.5) * scale - 0.5, 0);
                int i0 = Math.min((int) src, in - 1);
                lo[d] = i0;
                hi[d] = Math.min(i0 + 1, in - 1);
                lambda[d] = hi[d] == i0 ? 0 : src - i0;
            }
        }
    }
}
