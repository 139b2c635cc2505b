package dev.gradlens.audit;

/**
 * How one axis of a map (at the layer's resolution) lands on one axis of the original image, following
 * the documented CAM upsampling (docs/conventions.md, Display forms): bilinear, half-pixel centres,
 * align_corners=false, edge clamp, over the part of the image the model saw ({@code regionStart},
 * {@code regionLength}, fractional for a centre crop). Image pixel i takes the map at
 * u = (i + 0.5 - start) · mapSize / length - 0.5, clamped to [0, mapSize - 1], from taps i0 and i0 + 1
 * with weights 1 - f and f; a pixel whose centre lies outside the seen part gets no map value (the
 * model did not see it). Over the whole image this is exactly imaging.Resample.halfPixel, so the
 * values equal imaging.Resize.bilinear and imaging.Overlay's placement bit for bit.
 */
final class AxisTaps {
    final int mapSize;
    final int imageSize;
    /** Per image pixel: first map tap, or -1 when the pixel lies outside the part the model saw. */
    final int[] i0;
    /** Per image pixel: weight of tap i0 + 1 (0 when there is none). */
    final double[] f;

    AxisTaps(int mapSize, int imageSize, double regionStart, double regionLength) {
        if (mapSize <= 0 || imageSize <= 0) throw new IllegalArgumentException("sizes must be positive: " + mapSize + " -> " + imageSize);
        this.mapSize = mapSize;
        this.imageSize = imageSize;
        i0 = new int[imageSize];
        f = new double[imageSize];
        boolean whole = regionStart == 0 && regionLength == imageSize;
        double scale = whole ? (double) mapSize / imageSize : mapSize / regionLength;
        for (int i = 0; i < imageSize; i++) {
            double src;
            if (whole) {
                src = Math.max((i + 0.5) * scale - 0.5, 0.0); // the same arithmetic as Resample.halfPixel
            } else {
                double c = i + 0.5;
                if (c < regionStart || c > regionStart + regionLength) {
                    i0[i] = -1;
                    continue;
                }
                src = Math.max((c - regionStart) * scale - 0.5, 0.0);
            }
            src = Math.min(src, mapSize - 1);
            int a = (int) Math.floor(src);
            double w = src - a;
            if (a >= mapSize - 1) {
                a = mapSize - 1;
                w = 0;
            }
            i0[i] = a;
            f[i] = w;
        }
    }

    /** Whole-image placement (a stretch resize): the model saw all of it. */
    static AxisTaps whole(int mapSize, int imageSize) {
        return new AxisTaps(mapSize, imageSize, 0, imageSize);
    }

    /**
     * Sum over image pixels {@code [from, to)} of each map index's weight: the pull-back of an interval,
     * so that the mass of the upsampled map over the interval is Σ_a out[a] · map[a].
     */
    double[] intervalWeights(int from, int to) {
        double[] out = new double[mapSize];
        addInterval(out, from, to, 1.0);
        return out;
    }

    void addInterval(double[] out, int from, int to, double scale) {
        for (int i = Math.max(0, from); i < Math.min(imageSize, to); i++) {
            int a = i0[i];
            if (a < 0) continue;
            out[a] += scale * (1 - f[i]);
            if (f[i] != 0) out[a + 1] += scale * f[i];
        }
    }
}
