package dev.gradlens.app.render;

import dev.gradlens.app.view.ColormapChoice;
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
        int w = view.width(), h = view.height();
        int pw = panel.width(), ph = panel.height();
        float[] d = panel.display();
        int[] lut = colormap.table();
        int a = (int) Math.round(Math.max(0, Math.min(1, opacity)) * 256);
        int[] src = view.argb();
        int[] out = new int[w * h];
        boolean same = pw == w && ph == h;
        for (int y = 0; y < h; y++) {
            int sy = same ? y : Math.min(ph - 1, (int) ((y + 0.5) * ph / h));
            for (int x = 0; x < w; x++) {
                int sx = same ? x : Math.min(pw - 1, (int) ((x + 0.5) * pw / w));
                float v = d[sy * pw + sx];
                int c = lut[Float.isNaN(v) ? 0 : Math.round(Math.max(0f, Math.min(1f, v)) * 255f)];
                int p = src[y * w + x];
                int r = (((p >> 16) & 0xFF) * (256 - a) + ((c >> 16) & 0xFF) * a) >> 8;
                int g = (((p >> 8) & 0xFF) * (256 - a) + ((c >> 8) & 0xFF) * a) >> 8;
                int b = ((p & 0xFF) * (256 - a) + (c & 0xFF) * a) >> 8;
                out[y * w + x] = 0xFF000000 | r << 16 | g << 8 | b;
            }
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
