package dev.gradlens.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The 95 % percentile bootstrap interval of a mean (Efron & Tibshirani 1993, §13.3): resample the
 * n values with replacement, take each resample's mean, and report the 2.5th and 97.5th percentiles
 * (linear interpolation between order statistics, as NumPy's default). Seeded: a report is
 * reproducible.
 */
public final class BootstrapCi {
    private BootstrapCi() {
    }

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    public static double[] percentile95(double[] v, int resamples, long seed) {
        if (v.length == 0) throw new IllegalArgumentException("no values");
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double s = 0;
            for (int i = 0; i < v.length; i++) s += v[rnd.nextInt(v.length)];
            means[b] = s / v.length;
        }
        Arrays.sort(means);
        return new double[] {percentile(means, 2.5), percentile(means, 97.5)};
    }

    static double percentile(double[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
