package dev.gradlens.imaging;

/**
 * Colour maps for [0, 1] values. Tables hold anchor colours sampled from the published
 * definitions (matplotlib's viridis/inferno data, every 16th of its 256 entries plus the last;
 * Google's Turbo table likewise; matplotlib's jet segment data), linearly interpolated between
 * anchors and quantised to a 256-entry lookup table like matplotlib's default N=256.
 */
public enum Colormap {
    /** matplotlib "jet": the classic Grad-CAM look, but not perceptually uniform. */
    JET(null),
    /** Google's Turbo: a rainbow like jet with smooth, more uniform lightness. */
    TURBO(new double[][] {
            {0, 0.18995, 0.07176, 0.23217}, {16, 0.25107, 0.25237, 0.63374}, {32, 0.27628, 0.42118, 0.89123},
            {48, 0.25862, 0.57958, 0.99876}, {64, 0.15844, 0.73551, 0.92305}, {80, 0.09267, 0.86554, 0.76230},
            {96, 0.19659, 0.94901, 0.59466}, {112, 0.42778, 0.99419, 0.38575}, {128, 0.64362, 0.98999, 0.23356},
            {144, 0.80473, 0.92452, 0.20459}, {160, 0.93301, 0.81236, 0.22667}, {176, 0.99314, 0.67408, 0.20348},
            {192, 0.98360, 0.49291, 0.12849}, {208, 0.92105, 0.31489, 0.05475}, {224, 0.81608, 0.18462, 0.01809},
            {240, 0.66449, 0.08436, 0.00424}, {255, 0.47960, 0.01583, 0.01055}}),
    /** matplotlib "viridis": perceptually uniform, lightness rises monotonically, colour-blind safe. */
    VIRIDIS(new double[][] {
            {0, 0.267004, 0.004874, 0.329415}, {16, 0.282327, 0.094955, 0.417331}, {32, 0.278826, 0.175490, 0.483397},
            {48, 0.258965, 0.251537, 0.524736}, {64, 0.229739, 0.322361, 0.545706}, {80, 0.199430, 0.387607, 0.554642},
            {96, 0.172719, 0.448791, 0.557885}, {112, 0.149039, 0.508051, 0.557250}, {128, 0.127568, 0.566949, 0.550556},
            {144, 0.120638, 0.625828, 0.533488}, {160, 0.157851, 0.683765, 0.501686}, {176, 0.246070, 0.738910, 0.452024},
            {192, 0.369214, 0.788888, 0.382914}, {208, 0.515992, 0.831158, 0.294279}, {224, 0.678489, 0.863742, 0.189503},
            {240, 0.845561, 0.887322, 0.099702}, {255, 0.993248, 0.906157, 0.143936}}),
    /** matplotlib "inferno": perceptually uniform, black through red to pale yellow. */
    INFERNO(new double[][] {
            {0, 0.001462, 0.000466, 0.013866}, {16, 0.042253, 0.028139, 0.141141}, {32, 0.129285, 0.047293, 0.290788},
            {48, 0.238273, 0.036621, 0.396353}, {64, 0.341500, 0.062325, 0.429425}, {80, 0.441207, 0.099338, 0.431594},
            {96, 0.540920, 0.134729, 0.415123}, {112, 0.640135, 0.171438, 0.381065}, {128, 0.735683, 0.215906, 0.330245},
            {144, 0.822386, 0.275197, 0.266085}, {160, 0.894305, 0.353399, 0.193584}, {176, 0.946965, 0.449191, 0.115272},
            {192, 0.978422, 0.557937, 0.034931}, {208, 0.987874, 0.675267, 0.065257}, {224, 0.974638, 0.797692, 0.206332},
            {240, 0.947594, 0.917399, 0.410665}, {255, 0.988362, 0.998364, 0.644924}}),
    /** Black to white. */
    GRAY(new double[][] {{0, 0, 0, 0}, {255, 1, 1, 1}});

    private static final int N = 256;
    private final int[] lut = new int[N];

    /** anchors: {index in 0..255, r, g, b} with r, g, b in 0..1. */
    Colormap(double[][] anchors) {
        for (int i = 0; i < N; i++) {
            double[] rgb = anchors == null ? Jet.at(i / (N - 1.0)) : interpolate(anchors, i);
            lut[i] = 0xFF000000 | Resample.clamp8(rgb[0] * 255) << 16 | Resample.clamp8(rgb[1] * 255) << 8
                    | Resample.clamp8(rgb[2] * 255);
        }
    }

    private static double[] interpolate(double[][] anchors, int index) {
        for (int a = 1; a < anchors.length; a++) {
            if (index <= anchors[a][0]) {
                double[] lo = anchors[a - 1], hi = anchors[a];
                double f = (index - lo[0]) / (hi[0] - lo[0]);
                return new double[] {lo[1] + (hi[1] - lo[1]) * f, lo[2] + (hi[2] - lo[2]) * f, lo[3] + (hi[3] - lo[3]) * f};
            }
        }
        double[] last = anchors[anchors.length - 1];
        return new double[] {last[1], last[2], last[3]};
    }

    /** matplotlib's _jet_data: (x, value) breakpoints per channel, linear in between. In a holder
     *  class because enum constructors may not read the enum's own static fields. */
    private static final class Jet {
        static final double[][] R = {{0, 0}, {0.35, 0}, {0.66, 1}, {0.89, 1}, {1, 0.5}};
        static final double[][] G = {{0, 0}, {0.125, 0}, {0.375, 1}, {0.64, 1}, {0.91, 0}, {1, 0}};
        static final double[][] B = {{0, 0.5}, {0.11, 1}, {0.34, 1}, {0.65, 0}, {1, 0}};

        static double[] at(double x) {
            return new double[] {segment(R, x), segment(G, x), segment(B, x)};
        }

        static double segment(double[][] pts, double x) {
            for (int i = 1; i < pts.length; i++) {
                if (x <= pts[i][0]) {
                    double f = (x - pts[i - 1][0]) / (pts[i][0] - pts[i - 1][0]);
                    return pts[i - 1][1] + (pts[i][1] - pts[i - 1][1]) * f;
                }
            }
            return pts[pts.length - 1][1];
        }
    }

    /** The colour of v (clamped to [0, 1]; NaN counts as 0) as opaque 0xAARRGGBB. */
    public int argb(float v) {
        if (!(v > 0)) return lut[0];
        if (v >= 1) return lut[N - 1];
        return lut[(int) (v * (N - 1) + 0.5f)];
    }

    /**
     * A gradient bar for a legend: left (0) to right (1) when wider than high, otherwise bottom (0)
     * to top (1), as colour bars are usually read.
     */
    public RgbImage legend(int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("legend size must be positive");
        int[] px = new int[width * height];
        boolean horizontal = width >= height;
        int steps = horizontal ? width : height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int s = horizontal ? x : height - 1 - y;
                float v = steps == 1 ? 0f : (float) s / (steps - 1);
                px[y * width + x] = argb(v);
            }
        }
        return new RgbImage(width, height, px);
    }

    /** Case-insensitive lookup by name ("viridis", "JET", ...). */
    public static Colormap byName(String name) {
        for (Colormap c : values()) if (c.name().equalsIgnoreCase(name.trim())) return c;
        if (name.trim().equalsIgnoreCase("grey")) return GRAY;
        throw new IllegalArgumentException("unknown colour map '" + name + "' (jet, turbo, viridis, inferno, gray)");
    }
}
