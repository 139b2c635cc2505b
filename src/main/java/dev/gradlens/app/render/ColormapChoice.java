package dev.gradlens.app.render;

import dev.gradlens.imaging.Colormap;

/**
 * The colormaps the window offers for heat-map overlays, with their titles; the colours are
 * {@link Colormap}'s, cached as 256-entry lookup tables for fast repainting.
 */
public enum ColormapChoice {
    JET("Jet", Colormap.JET), TURBO("Turbo", Colormap.TURBO), VIRIDIS("Viridis", Colormap.VIRIDIS), INFERNO("Inferno", Colormap.INFERNO);

    private final String title;
    private final Colormap colormap;
    private int[] lut;

    ColormapChoice(String title, Colormap colormap) {
        this.title = title;
        this.colormap = colormap;
    }

    public String title() {
        return title;
    }

    public Colormap colormap() {
        return colormap;
    }

    /** Opaque 0xFFRRGGBB colour for a value in [0,1] (clamped; NaN reads as 0). */
    public int argb(float v01) {
        int[] table = table();
        float v = Float.isNaN(v01) ? 0f : Math.max(0f, Math.min(1f, v01));
        return table[Math.round(v * 255f)];
    }

    /** The 256-entry table (index = round(v * 255)). */
    public int[] table() {
        int[] t = lut;
        if (t == null) {
            t = new int[256];
            for (int i = 0; i < 256; i++) t[i] = colormap.argb(i / 255f);
            lut = t;
        }
        return t;
    }

    @Override
    public String toString() {
        return title;
    }
}
