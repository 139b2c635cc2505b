package dev.gradlens.audit;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap (Efron & Tibshirani 1993, §13.3) of the means of several measures over the same
 * images: each of {@code resamples} resamples draws n images with replacement and takes every measure's
 * mean over the drawn images where the measure is defined (NaN = undefined for that image); the 95 %
 * interval is the 2.5th and 97.5th percentiles of those means (linear interpolation between order
 * statistics, NumPy's default). One resample's draw is shared by all measures of a cell, so their
 * intervals come from the same resampled image sets. Seeded: the same cell gives the same interval.
 */
public final class Bootstrap {
    public static final int DEFAULT_RESAMPLES = 1000;
    public static final double LEVEL = 0.95;

    private Bootstrap() {
    }

    /** Mean and interval of one measure; NaN mean when the measure is defined for no image. */
    public record Estimate(double mean, double lo, double hi, int n) {
        public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
    }

    /**
     * @param values n × m values, row-major (image i's measure j at i·m + j)
     */
    public static Estimate[] means(double[] values, int n, int m, int resamples, long seed) {
        Estimate[] out = new Estimate[m];
        double[] v = new double[n * m];
        double[] def = new double[n * m];
        boolean[] gaps = new boolean[m];
        double[] sum = new double[m];
        int[] count = new int[m];
        for (int i = 0; i < n * m; i++) {
            int j = i % m;
            if (Double.isNaN(values[i])) {
                gaps[j] = true;
            } else {
                v[i] = values[i];
                def[i] = 1;
                sum[j] += values[i];
                count[j]++;
            }
        }
        if (n == 0) {
            Arrays.fill(out, Estimate.NONE);
            return out;
        }
        double[][] boot = new double[m][resamples];
        double[] s = new double[m], c = new double[m];
        long state = new SplittableRandom(seed).nextLong();
        boolean anyGaps = false;
        for (boolean g : gaps) anyGaps |= g;
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(s, 0);
            if (anyGaps) Arrays.fill(c, 0);
            for (int k = 0; k < n; k++) {
                // SplitMix64 (Steele et al. 2014) inlined, mapped to [0, n) by Lemire's multiply-shift
                state += 0x9E3779B97F4A7C15L;
                long z = state;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z ^= z >>> 31;
                int row = (int) (((z >>> 32) * n) >>> 32) * m;
                for (int j = 0; j < m; j++) s[j] += v[row + j];
                if (anyGaps) for (int j = 0; j < m; j++) c[j] += def[row + j];
            }
            for (int j = 0; j < m; j++) boot[j][b] = s[j] / (gaps[j] ? c[j] : n);
        }
        for (int j = 0; j < m; j++) {
            if (count[j] == 0) {
                out[j] = Estimate.NONE;
                continue;
            }
            double[] d = boot[j];
            // a resample that drew no image with the measure defined has no mean: leave it out
            int k = 0;
            for (double x : d) if (!Double.isNaN(x)) d[k++] = x;
            double[] ok = Arrays.copyOf(d, k);
            Arrays.sort(ok);
            double alpha = (1 - LEVEL) / 2;
            out[j] = new Estimate(sum[j] / count[j], percentile(ok, alpha), percentile(ok, 1 - alpha), count[j]);
        }
        return out;
    }

    /** The q-quantile of sorted values, linear between order statistics (NumPy's default "linear"). */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        double f = pos - i;
        return i + 1 < sorted.length ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
