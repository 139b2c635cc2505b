package dev.gradlens.metrics;

import dev.gradlens.inference.ImageInput;
import dev.gradlens.inference.Layout;
import dev.gradlens.inference.Preprocessing;

/**
 * Where each pixel's values sit in the model's input vector (NCHW or NHWC) and how to undo the
 * normalisation value = (pixel·scale − mean_c) / std_c. The metrics edit images in this space, so
 * the same code serves both layouts.
 */
public final class InputSpace {
    private final int channels;
    private final int height;
    private final int width;
    private final Layout layout;
    private final float[] mean;
    private final float[] std;

    public InputSpace(ImageInput input, Preprocessing pre) {
        this.channels = input.channels();
        this.height = input.height();
        this.width = input.width();
        this.layout = input.layout();
        this.mean = new float[channels];
        this.std = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = pre.meanOf(c); // mean/std are in the model's channel order (BGR models included)
            std[c] = pre.stdOf(c);
        }
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int pixels() {
        return height * width;
    }

    public int values() {
        return channels * height * width;
    }

    /** Index in the input vector of channel c of pixel p (= y·width + x). */
    public int index(int c, int p) {
        return layout == Layout.NCHW ? c * height * width + p : p * channels + c;
    }

    /**
     * The image multiplied by E in pixel space (Grad-CAM++ §6.1: E ⊙ I), expressed in the model's
     * input: pixel·e becomes ((x·std + mean)·e − mean)/std. E = 0 gives a black image (pixel 0),
     * E = 1 the image itself.
     */
    public float[] multiplyPixels(float[] input, float[] e) {
        float[] out = new float[input.length];
        int n = pixels();
        for (int c = 0; c < channels; c++) {
            double m = mean[c], s = std[c];
            for (int p = 0; p < n; p++) {
                int i = index(c, p);
                double raw = input[i] * s + m;
                out[i] = (float) ((raw * e[p] - m) / s);
            }
        }
        return out;
    }

    /** Copies channel c of the image into a height × width plane. */
    public float[] plane(float[] input, int c) {
        int n = pixels();
        float[] out = new float[n];
        for (int p = 0; p < n; p++) out[p] = input[index(c, p)];
        return out;
    }

    /** Writes a height × width plane into channel c of the image. */
    public void setPlane(float[] image, int c, float[] plane) {
        int n = pixels();
        for (int p = 0; p < n; p++) image[index(c, p)] = plane[p];
    }
}
