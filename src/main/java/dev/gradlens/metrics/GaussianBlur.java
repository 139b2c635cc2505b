package dev.gradlens.metrics;

/**
 * The blurred start image of the insertion curve (Petsiuk et al. 2018, RISE §4.1; their code blurs
 * with an 11-tap Gaussian of σ = 5): a separable Gaussian of {@link #TAPS} taps, weights
 * exp(−i²/2σ²) normalised to sum 1, applied per channel to the model's normalised input with zero
 * padding at the borders (as RISE's conv2d with padding 5).
 */
public final class GaussianBlur {
    public static final int TAPS = 11;
    public static final double SIGMA = 5.0;

    private GaussianBlur() {
    }

    static double[] kernel() {
        int r = TAPS / 2;
        double[] k = new double[TAPS];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-(double) i * i / (2 * SIGMA * SIGMA));
            sum += k[i + r];
        }
        for (int i = 0; i < TAPS; i++) k[i] /= sum;
        return k;
    }

    /** The whole input blurred, every channel. */
    public static float[] blur(float[] input, InputSpace space) {
        float[] out = new float[input.length];
        for (int c = 0; c < space.channels(); c++) space.setPlane(out, c, plane(space.plane(input, c), space.height(), space.width()));
        return out;
    }

    /** One h × w plane, horizontal pass then vertical, zero outside the image. */
    public static float[] plane(float[] src, int h, int w) {
        double[] k = kernel();
        int r = TAPS / 2;
        double[] tmp = new double[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    int xx = x + t;
                    if (xx >= 0 && xx < w) s += k[t + r] * src[y * w + xx];
                }
                tmp[y * w + x] = s;
            }
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    int yy = y + t;
                    if (yy >= 0 && yy < h) s += k[t + r] * tmp[yy * w + x];
                }
                out[y * w + x] = (float) s;
            }
        return out;
    }
}
