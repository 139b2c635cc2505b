package dev.gradlens.imaging;

/** Heat-map overlays and pictures of display maps. Pure functions on {@link RgbImage}. */
public final class Overlay {
    private Overlay() {
    }

    /**
     * (1 - opacity) * base + opacity * colour(map) at every pixel, the pytorch-grad-cam look.
     * {@code map01} is mapH x mapW row-major with values in [0, 1]; when its size differs from the
     * base it is upsampled with {@link Resize#bilinear} (half-pixel, align_corners=false).
     */
    public static RgbImage blend(RgbImage base, float[] map01, int mapW, int mapH, Colormap cm, double opacity) {
        checkMap(map01, mapW, mapH);
        float[] map = mapW == base.width() && mapH == base.height() ? map01
                : Resize.bilinear(map01, mapH, mapW, base.height(), base.width());
        int[] src = base.argb();
        int[] out = new int[src.length];
        double a = clampOpacity(opacity);
        for (int i = 0; i < src.length; i++) out[i] = mix(src[i], cm.argb(map[i]), a);
        return new RgbImage(base.width(), base.height(), out);
    }

    /**
     * Blends the map over only {@code region} of the base (the part of the photo the model saw,
     * e.g. a centre crop) and leaves the rest of the photo as it is. The map is stretched over the
     * region with the same half-pixel bilinear convention, so a map over the full image equals
     * {@link #blend(RgbImage, float[], int, int, Colormap, double)}.
     */
    public static RgbImage blend(RgbImage base, float[] map01, int mapW, int mapH, ImageRegion region, Colormap cm,
                                 double opacity) {
        checkMap(map01, mapW, mapH);
        if (region.coversAll(base.width(), base.height())) return blend(base, map01, mapW, mapH, cm, opacity);
        int w = base.width(), h = base.height();
        int[] out = base.argb().clone();
        double a = clampOpacity(opacity);
        int x0 = Math.max(0, (int) Math.floor(region.x())), x1 = Math.min(w, (int) Math.ceil(region.x() + region.width()));
        int y0 = Math.max(0, (int) Math.floor(region.y())), y1 = Math.min(h, (int) Math.ceil(region.y() + region.height()));
        double sx = mapW / region.width(), sy = mapH / region.height();
        for (int y = y0; y < y1; y++) {
            double cy = y + 0.5;
            if (cy < region.y() || cy > region.y() + region.height()) continue; // pixel centre outside
            double v = (cy - region.y()) * sy - 0.5;
            for (int x = x0; x < x1; x++) {
                double cx = x + 0.5;
                if (cx < region.x() || cx > region.x() + region.width()) continue;
                double u = (cx - region.x()) * sx - 0.5;
                out[y * w + x] = mix(out[y * w + x], cm.argb(Resize.sample(map01, mapH, mapW, u, v)), a);
            }
        }
        return new RgbImage(w, h, out);
    }

    /** The map alone in colour (mapW x mapH), e.g. for a "heat map only" view or export. */
    public static RgbImage colorize(float[] map01, int mapW, int mapH, Colormap cm) {
        checkMap(map01, mapW, mapH);
        int[] out = new int[map01.length];
        for (int i = 0; i < out.length; i++) out[i] = cm.argb(map01[i]);
        return new RgbImage(mapW, mapH, out);
    }

    /**
     * Darkens the photo outside {@code region} by {@code factor} (0 = black, 1 = unchanged), to
     * show which part the model never saw.
     */
    public static RgbImage dimOutside(RgbImage base, ImageRegion region, double factor) {
        int w = base.width(), h = base.height();
        int[] out = base.argb().clone();
        double f = Math.max(0, Math.min(1, factor));
        for (int y = 0; y < h; y++) {
            double cy = y + 0.5;
            boolean rowIn = cy >= region.y() && cy <= region.y() + region.height();
            for (int x = 0; x < w; x++) {
                double cx = x + 0.5;
                if (rowIn && cx >= region.x() && cx <= region.x() + region.width()) continue;
                out[y * w + x] = mix(out[y * w + x], 0xFF000000, 1 - f);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int mix(int base, int top, double a) {
        int r = Resample.clamp8(((base >> 16) & 0xFF) * (1 - a) + ((top >> 16) & 0xFF) * a);
        int g = Resample.clamp8(((base >> 8) & 0xFF) * (1 - a) + ((top >> 8) & 0xFF) * a);
        int b = Resample.clamp8((base & 0xFF) * (1 - a) + (top & 0xFF) * a);
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    private static double clampOpacity(double opacity) {
        if (Double.isNaN(opacity)) return 0;
        return Math.max(0, Math.min(1, opacity));
    }

    private static void checkMap(float[] map, int w, int h) {
        if (w <= 0 || h <= 0 || map.length != w * h)
            throw new IllegalArgumentException("map has " + map.length + " values, expected " + w + "x" + h);
    }

    /** Three [0,1] planes (R, G, B; row-major each, as display maps hold them) as a picture. */
    public static RgbImage fromPlanes(float[] rgbPlanes, int width, int height) {
        int n = width * height;
        if (rgbPlanes.length != 3 * n) throw new IllegalArgumentException("expected 3 planes of " + width + "x" + height);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = 0xFF000000 | Resample.clamp8(rgbPlanes[i] * 255.0) << 16 | Resample.clamp8(rgbPlanes[n + i] * 255.0) << 8
                    | Resample.clamp8(rgbPlanes[2 * n + i] * 255.0);
        }
        return new RgbImage(width, height, out);
    }
}
