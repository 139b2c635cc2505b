package dev.gradlens.imaging;

/** The part of a photo a model saw (its crop region), scaled down for display. */
public final class RegionView {
    private RegionView() {
    }

    /** The region of {@code img}, antialiased down so its longer side is at most {@code maxSide}. */
    public static RgbImage of(RgbImage img, ImageRegion r, int maxSide) {
        int x0 = clamp((int) Math.floor(r.x()), 0, img.width() - 1), y0 = clamp((int) Math.floor(r.y()), 0, img.height() - 1);
        int w = clamp((int) Math.round(r.width()), 1, img.width() - x0), h = clamp((int) Math.round(r.height()), 1, img.height() - y0);
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(img.argb(), (y0 + y) * img.width() + x0, px, y * w, w);
        RgbImage crop = new RgbImage(w, h, px);
        double s = Math.min(1.0, maxSide / (double) Math.max(w, h));
        if (s >= 1.0) return crop;
        int tw = Math.max(1, (int) Math.round(w * s)), th = Math.max(1, (int) Math.round(h * s));
        return Resample.fromFloatRgb(Resample.apply(Resample.toFloatRgb(crop), 3, Resample.antialiased(w, tw), Resample.antialiased(h, th)), tw, th);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
