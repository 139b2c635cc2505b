package dev.gradlens.app.render;

import dev.gradlens.imaging.RgbImage;
import dev.gradlens.service.Panel;

/**
 * Turns a {@link Panel} into pixels. A 1-channel panel is a [0,1] heat map: each pixel is
 * colormap(v) blended over the view image with the given opacity, so opacity and colormap change
 * without recomputing the explanation. A 3-channel panel is an RGB picture shown as is.
 */
public final class PanelRenderer {
    private PanelRenderer() {
    }

    public static ArgbPicture render(RgbImage view, Panel panel, double opacity, ColormapChoice colormap) {
        if (panel.channels() == 1) return overlay(view, panel, opacity, colormap);
        return rgb(panel);
    }

    /** The heat map blended over the view; when their sizes differ the map is sampled at the view's size. */
    public static ArgbPicture overlay(RgbImage view, Panel panel, double opacity, ColormapChoice colormap) {
        return blend(view, colour(view, panel, colormap), opacity);
    }

    /**
     * The heat map in colour at the view's size (opaque 0xFFRRGGBB), without the photo: computed
     * once per colormap, so that an opacity step only has to {@link #blend} it.
     */
    public static int[] colour(RgbImage view, Panel panel, ColormapChoice colormap) {
        int w = view.width(), h = view.height();
        int pw = panel.width(), ph = panel.height();
        float[] d = panel.display();
        int[] lut = colormap.table();
        int[] out = new int[w * h];
        boolean same = pw == w && ph == h;
        for (int y = 0; y < h; y++) {
            int sy = same ? y : Math.min(ph - 1, (int) ((y + 0.5) * ph / h));
            for (int x = 0; x < w; x++) {
                int sx = same ? x : Math.min(pw - 1, (int) ((x + 0.5) * pw / w));
                float v = d[sy * pw + sx];
                out[y * w + x] = lut[Float.isNaN(v) ? 0 : Math.round(Math.max(0f, Math.min(1f, v)) * 255f)];
            }
        }
        return out;
    }

    /**
     * A coloured heat map (from {@link #colour}) over the view with the given opacity: per channel
     * (view · (256 − a) + heat · a) / 256 with a = round(opacity · 256), red and blue computed
     * together in one int (neither can carry into the other: each sum is below 2^16).
     */
    public static ArgbPicture blend(RgbImage view, int[] heat, double opacity) {
        int w = view.width(), h = view.height();
        int a = (int) Math.round(Math.max(0, Math.min(1, opacity)) * 256), na = 256 - a;
        int[] src = view.argb();
        if (heat.length != src.length) throw new IllegalArgumentException("heat layer and view differ in size");
        int[] out = new int[w * h];
        for (int i = 0; i < out.length; i++) {
            int p = src[i], c = heat[i];
            int rb = (((p & 0xFF00FF) * na + (c & 0xFF00FF) * a) >>> 8) & 0xFF00FF;
            int g = (((p & 0x00FF00) * na + (c & 0x00FF00) * a) >>> 8) & 0x00FF00;
            out[i] = 0xFF000000 | rb | g;
        }
        return new ArgbPicture(w, h, out);
    }

    /** A 3-channel display (planes R, G, B in [0,1]) as an opaque picture. */
    public static ArgbPicture rgb(Panel panel) {
        int w = panel.width(), h = panel.height(), n = w * h;
        float[] d = panel.display();
        int[] out = new int[n];
        int channels = panel.channels();
        for (int i = 0; i < n; i++) {
            int r = byteOf(d[i]);
            int g = channels >= 3 ? byteOf(d[n + i]) : r;
            int b = channels >= 3 ? byteOf(d[2 * n + i]) : r;
            out[i] = 0xFF000000 | r << 16 | g << 8 | b;
        }
        return new ArgbPicture(w, h, out);
    }

    private static int byteOf(float v) {
        if (Float.isNaN(v)) return 0;
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
