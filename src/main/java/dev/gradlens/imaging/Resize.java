package dev.gradlens.imaging;

/**
 * Upsampling of single-channel maps (CAMs) to image size: bilinear, half-pixel centres,
 * align_corners=false, no antialiasing, edges clamped: the convention of PyTorch
 * interpolate(mode='bilinear', align_corners=False) and ONNX Resize linear/half_pixel, which is
 * what pytorch-grad-cam and most papers' figures use.
 */
public final class Resize {
    private Resize() {
    }

    /** {@code map} is h x w, row-major; returns outH x outW. */
    public static float[] bilinear(float[] map, int h, int w, int outH, int outW) {
        if (map.length != h * w) throw new IllegalArgumentException("map has " + map.length + " values, expected " + h + "x" + w);
        if (h == outH && w == outW) return map.clone();
        return Resample.apply(map, 1, Resample.halfPixel(w, outW), Resample.halfPixel(h, outH));
    }

    /**
     * The map's value at continuous position (u, v) in map pixel units, pixel centres at integer
     * positions (so u = -0.5 is the left edge), bilinear with edge clamping. Used to draw a map
     * into any rectangle of a picture.
     */
    public static float sample(float[] map, int h, int w, double u, double v) {
        double cu = Math.min(Math.max(u, 0), w - 1);
        double cv = Math.min(Math.max(v, 0), h - 1);
        int x0 = (int) Math.floor(cu), y0 = (int) Math.floor(cv);
        int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
        double fx = cu - x0, fy = cv - y0;
        double top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
        double bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }
}
