package dev.gradlens.explain;

import dev.gradlens.inference.ImageInput;
import dev.gradlens.inference.Layout;
import dev.gradlens.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Score-CAM (Wang et al., CVPR Workshops 2020), gradient-free:
 * <pre>
 *   M_k = minmax(up(A_k))                  up: bilinear, half-pixel, to the input size (§4.1, eq. 6 H_k)
 *   s_k = softmax(f(x ∘ M_k))_c            the masked input's class probability (§4.2)
 *   L   = ReLU(Σ_k s_k A_k)                (eq. 7)
 * </pre>
 * The mask multiplies the preprocessed input (as pytorch-grad-cam does), broadcast over its colour
 * channels. A channel that is constant has no mask to show (min-max is undefined): its weight is 0
 * and it costs no forward pass.
 *
 * <p>Cost: one forward pass per non-constant channel, C in all (512 for ResNet-18's last block),
 * in batches of {@link #batchSize()} when the model takes batches, else one by one: hundreds of
 * forward passes where Grad-CAM needs one forward and one backward. The masked scores do not depend on the class, so {@link #maskedScores}
 * is computed once and {@link #map} is then cheap for any number of targets.
 */
public final class ScoreCam {
    public static final int DEFAULT_BATCH = 16;

    /** A forward pass of {@code batch} images in the model's layout: scores [batch, K]. */
    @FunctionalInterface
    public interface BatchForward {
        Tensor scores(float[] images, int batch);
    }

    /**
     * The scores of the masked inputs.
     *
     * @param scores   [C, K] pre-softmax scores of x ∘ M_k (zero rows for flat channels)
     * @param flat     channels that were constant and were not run
     * @param forwards images run through the model
     * @param batches  forward calls made
     */
    public record MaskedScores(Tensor scores, boolean[] flat, int forwards, int batches) {
    }

    private final int batchSize;

    public ScoreCam() {
        this(DEFAULT_BATCH);
    }

    /** @param batchSize masked images per forward call; 1 runs them one by one (fixed-batch models) */
    public ScoreCam(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size " + batchSize);
        this.batchSize = batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Runs every channel's masked input; polls {@code cancel} between batches. */
    public MaskedScores maskedScores(float[] input, ImageInput geometry, Tensor activations, BatchForward forward, Cancellation cancel) {
        if (activations.rank() != 3) throw new IllegalArgumentException("activations must be [C, h, w], got " + Arrays.toString(activations.shape()));
        int per = geometry.valuesPerImage();
        if (input.length != per) throw new IllegalArgumentException(input.length + " input values, the model takes " + per);
        int c = activations.dim(0), h = activations.dim(1), w = activations.dim(2);
        float[] a = activations.data();
        boolean[] flat = new boolean[c];
        List<Integer> live = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (int i = k * h * w; i < (k + 1) * h * w; i++) {
                min = Math.min(min, a[i]);
                max = Math.max(max, a[i]);
            }
            flat[k] = !(max > min);
            if (!flat[k]) live.add(k);
        }
        float[] scores = null;
        int classes = 0, batches = 0;
        for (int start = 0; start < live.size(); start += batchSize) {
            cancel.check();
            int n = Math.min(batchSize, live.size() - start);
            float[] images = new float[n * per];
            for (int b = 0; b < n; b++) {
                int k = live.get(start + b);
                float[] mask = mask(Arrays.copyOfRange(a, k * h * w, (k + 1) * h * w), h, w, geometry.height(), geometry.width());
                applyMask(input, mask, geometry, images, b * per);
            }
            Tensor out = forward.scores(images, n);
            batches++;
            if (scores == null) {
                classes = out.size() / n;
                scores = new float[c * classes];
            }
            if (out.size() != n * classes) throw new IllegalStateException("forward returned " + out + " for a batch of " + n);
            for (int b = 0; b < n; b++) System.arraycopy(out.data(), b * classes, scores, live.get(start + b) * classes, classes);
        }
        Tensor s = scores == null ? Tensor.zeros(c, 0) : new Tensor(scores, new int[] {c, classes});
        return new MaskedScores(s, flat, live.size(), batches);
    }

    /** s_k = softmax over classes of the masked scores, at {@code classIndex}; 0 for flat channels. */
    public float[] channelWeights(MaskedScores masked, int classIndex) {
        int c = masked.flat().length;
        float[] w = new float[c];
        int k0 = masked.scores().dim(1);
        for (int k = 0; k < c; k++) {
            if (masked.flat()[k]) continue;
            if (classIndex < 0 || classIndex >= k0) throw new IllegalArgumentException("class " + classIndex + " of " + k0);
            w[k] = (float) Softmax.of(masked.scores().data(), k * k0, k0)[classIndex];
        }
        return w;
    }

    /** L = ReLU(Σ_k s_k A_k) [h, w]. */
    public Tensor map(Tensor activations, MaskedScores masked, int classIndex) {
        return ChannelWeightedCam.weightedSum(activations, channelWeights(masked, classIndex));
    }

    /** Both steps for one class. */
    public Tensor map(float[] input, ImageInput geometry, Tensor activations, int classIndex, BatchForward forward, Cancellation cancel) {
        return map(activations, maskedScores(input, geometry, activations, forward, cancel), classIndex);
    }

    /** M_k: A_k upsampled to H × W and min-max normalised to [0, 1] (A_k not constant). */
    static float[] mask(float[] channel, int h, int w, int height, int width) {
        float[] up = dev.gradlens.imaging.Resize.bilinear(channel, h, w, height, width);
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : up) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = (double) max - min;
        for (int i = 0; i < up.length; i++) up[i] = range > 0 ? (float) ((up[i] - min) / range) : 0f;
        return up;
    }

    /** x ∘ M written at {@code offset} of {@code out}, the mask broadcast over the colour channels. */
    static void applyMask(float[] input, float[] mask, ImageInput g, float[] out, int offset) {
        int c = g.channels(), n = g.height() * g.width();
        if (g.layout() == Layout.NCHW) {
            for (int ch = 0; ch < c; ch++) for (int i = 0; i < n; i++) out[offset + ch * n + i] = input[ch * n + i] * mask[i];
        } else {
            for (int i = 0; i < n; i++) for (int ch = 0; ch < c; ch++) out[offset + i * c + ch] = input[i * c + ch] * mask[i];
        }
    }
}
