package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

import java.util.Random;

/**
 * SmoothGrad (Smilkov et al. 2017, eq. 3): the vanilla gradient averaged over N noisy copies,
 * M̂(x) = (1/N) Σ_n ∂S/∂x (x + N(0, σ²)), with σ = {@code noiseFraction} × (max(x) − min(x)) (their
 * §3.1 "noise level" σ/(x_max − x_min); 10–20 % works best, 15 % here) and N = 16 by default. The
 * noise comes from a {@link Random} with a fixed seed, so a map is reproducible.
 *
 * <p>Cost: N forward+backward passes of the input-gradient graph: one run of N images with N seed
 * rows when the model takes batches, else N runs; the cancellation is polled between runs.
 */
public final class SmoothGrad {
    public static final int DEFAULT_SAMPLES = 16;
    public static final double DEFAULT_NOISE = 0.15;
    public static final long DEFAULT_SEED = 20170612L;

    /**
     * The vanilla input gradients of {@code batch} images (model layout) with {@code seedRows} seed rows
     * (batch = 1 or seedRows): [seedRows, C, H, W] in NCHW.
     */
    @FunctionalInterface
    public interface Gradients {
        Tensor vanilla(float[] images, int batch, float[] seeds, int seedRows);
    }

    private final int samples;
    private final double noiseFraction;
    private final long seed;

    public SmoothGrad(int samples, double noiseFraction, long seed) {
        if (samples < 1) throw new IllegalArgumentException("samples " + samples);
        if (!(noiseFraction >= 0)) throw new IllegalArgumentException("noise " + noiseFraction);
        this.samples = samples;
        this.noiseFraction = noiseFraction;
        this.seed = seed;
    }

    public static SmoothGrad defaults() {
        return new SmoothGrad(DEFAULT_SAMPLES, DEFAULT_NOISE, DEFAULT_SEED);
    }

    public int samples() {
        return samples;
    }

    public double noiseFraction() {
        return noiseFraction;
    }

    /** σ for an input: noiseFraction × (max − min). */
    public double sigma(float[] input) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : input) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return noiseFraction * ((double) max - min);
    }

    /** The N noisy copies, one after another (the same for every call with the same input). */
    public float[] noisyCopies(float[] input) {
        double sigma = sigma(input);
        Random rnd = new Random(seed);
        float[] out = new float[samples * input.length];
        for (int n = 0; n < samples; n++) {
            for (int i = 0; i < input.length; i++) out[n * input.length + i] = (float) (input[i] + sigma * rnd.nextGaussian());
        }
        return out;
    }

    /**
     * The map [C, H, W] for one seed row.
     *
     * @param batched run the N copies as one batch (the model's batch dimension is dynamic)
     */
    public Tensor map(float[] input, float[] seedRow, Gradients gradients, boolean batched, Cancellation cancel) {
        float[] noisy = noisyCopies(input);
        double[] sum = null;
        int[] shape = null;
        if (batched) {
            cancel.check();
            float[] seeds = new float[samples * seedRow.length];
            for (int n = 0; n < samples; n++) System.arraycopy(seedRow, 0, seeds, n * seedRow.length, seedRow.length);
            Tensor g = gradients.vanilla(noisy, samples, seeds, samples);
            int per = g.size() / samples;
            sum = new double[per];
            for (int n = 0; n < samples; n++) accumulate(sum, g.data(), n * per);
            shape = g.slice(0).shape();
        } else {
            for (int n = 0; n < samples; n++) {
                cancel.check();
                float[] one = java.util.Arrays.copyOfRange(noisy, n * input.length, (n + 1) * input.length);
                Tensor g = gradients.vanilla(one, 1, seedRow, 1).slice(0);
                if (sum == null) {
                    sum = new double[g.size()];
                    shape = g.shape();
                }
                accumulate(sum, g.data(), 0);
            }
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (sum[i] / samples);
        return new Tensor(out, shape);
    }

    private static void accumulate(double[] sum, float[] g, int offset) {
        for (int i = 0; i < sum.length; i++) sum[i] += g[offset + i];
    }
}
