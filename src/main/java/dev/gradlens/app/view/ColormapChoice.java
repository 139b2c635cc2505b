package dev.gradlens.app.view;

/**
 * The colormaps offered for heat-map overlays, as 256-entry lookup tables.
 * App-side stand-in for dev.gradlens.imaging.Colormap (written in a parallel branch): at merge,
 * delegate {@link #argb(float)} to it or replace this enum by it.
 */
public enum ColormapChoice {
    JET("Jet"), TURBO("Turbo"), VIRIDIS("Viridis"), INFERNO("Inferno");

    private static final int[] VIRIDIS_STOPS = {0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
            0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725};
    private static final int[] INFERNO_STOPS = {0x000004, 0x160b39, 0x420a68, 0x6a176e, 0x932667, 0xbc3754,
            0xdd513a, 0xf37819, 0xfca50a, 0xf6d746, 0xfcffa4};

    private final String title;
    private int[] lut;

    ColormapChoice(String title) {
        this.title = title;
    }

    public String title() {
        return title;
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
            for (int i = 0; i < 256; i++) t[i] = compute(i / 255f);
            lut = t;
        }
        return t;
    }

    private int compute(float x) {
        return switch (this) {
            case JET -> rgb(clamp(1.5f - Math.abs(4f * x - 3f)), clamp(1.5f - Math.abs(4f * x - 2f)),
                    clamp(1.5f - Math.abs(4f * x - 1f)));
            case TURBO -> rgb(
                    clamp(0.13572138f + x * (4.61539260f + x * (-42.66032258f + x * (132.13108234f + x * (-152.94239396f + x * 59.28637943f))))),
                    clamp(0.09140261f + x * (2.19418839f + x * (4.84296658f + x * (-14.18503333f + x * (4.27729857f + x * 2.82956604f))))),
                    clamp(0.10667330f + x * (12.64194608f + x * (-60.58204836f + x * (110.36276771f + x * (-89.90310912f + x * 27.34824973f))))));
            case VIRIDIS -> interpolate(VIRIDIS_STOPS, x);
            case INFERNO -> interpolate(INFERNO_STOPS, x);
        };
    }

    private static int interpolate(int[] stops, float x) {
        float pos = x * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(pos));
        float f = pos - i;
        int a = stops[i], b = stops[i + 1];
        int r = Math.round(((a >> 16) & 0xFF) * (1 - f) + ((b >> 16) & 0xFF) * f);
        int g = Math.round(((a >> 8) & 0xFF) * (1 - f) + ((b >> 8) & 0xFF) * f);
        int bl = Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
        return 0xFF000000 | r << 16 | g << 8 | bl;
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    private static int rgb(float r, float g, float b) {
        return 0xFF000000 | Math.round(r * 255f) << 16 | Math.round(g * 255f) << 8 | Math.round(b * 255f);
    }

    @Override
    public String toString() {
        return title;
    }
}
