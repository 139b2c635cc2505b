package dev.gradlens.metrics;

import java.util.Random;

/**
 * ROAD, RemOve And Debias (Rong et al. 2022): the pixels are removed by {@link NoisyLinearImputer}
 * instead of a constant, so the removal's shape leaks (almost) no class information. At each level
 * of {@link #LEVELS} per cent, ⌊level·N/100⌋ pixels are removed: the most relevant first (MoRF) or
 * the least relevant first (LeRF). No retraining ("ROAD" without the retrained model, as the
 * paper recommends). The value is the mean class score over the levels; the curve keeps each level.
 */
public final class Road {
    public static final int[] LEVELS = {10, 20, 30, 40, 50, 60, 70, 80, 90};
    public static final double DEFAULT_NOISE = 0.01;

    private Road() {
    }

    public static int removed(int level, int pixels) {
        return (int) ((long) level * pixels / 100);
    }

    /** The imputed images, MoRF levels then LeRF levels (2 × 9 images), concatenated. */
    public static float[] images(float[] input, InputSpace space, int[] order, NoisyLinearImputer imputer, Random rnd) {
        int per = space.values(), n = space.pixels();
        java.util.List<boolean[]> patterns = new java.util.ArrayList<>();
        for (int mostFirst = 0; mostFirst < 2; mostFirst++) {
            for (int l = 0; l < LEVELS.length; l++) {
                int count = removed(LEVELS[l], n);
                boolean[] gone = new boolean[n];
                for (int i = 0; i < count; i++) gone[mostFirst == 0 ? order[i] : order[n - 1 - i]] = true;
                patterns.add(gone);
            }
        }
        // all 18 solved at once on every core, the same values as one after another (NoisyLinearImputer.imputeAll)
        java.util.List<float[]> images = imputer.imputeAll(input, space, patterns, rnd);
        float[] out = new float[2 * LEVELS.length * per];
        for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, out, i * per, per);
        return out;
    }

    /** MoRF and LeRF values from the 18 scores in the order of {@link #images}. */
    public static MetricValue[] values(float[] scores) {
        int L = LEVELS.length;
        float[] morf = java.util.Arrays.copyOfRange(scores, 0, L);
        float[] lerf = java.util.Arrays.copyOfRange(scores, L, 2 * L);
        return new MetricValue[] {new MetricValue(Metric.ROAD_MORF, mean(morf), morf, null),
                new MetricValue(Metric.ROAD_LERF, mean(lerf), lerf, null)};
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }
}
