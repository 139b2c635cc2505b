package dev.gradlens.audit;

import org.apache.commons.math3.special.Erf;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Bootstrap intervals of the means of several measures over the same images: each of {@code resamples}
 * resamples draws n images with replacement and takes every measure's mean over the drawn images where the
 * measure is defined (NaN = undefined for that image). One resample's draw is shared by all measures of a
 * cell, so their intervals come from the same resampled image sets. Seeded: the same cell gives the same
 * interval.
 * <ul>
 * <li>{@link #means}: the percentile interval (Efron &amp; Tibshirani 1993, §13.3), the 2.5th and 97.5th
 * percentiles of the resampled means (linear interpolation between order statistics, NumPy's default);
 * used by the comparison's paired differences.</li>
 * <li>{@link #bca}: the bias-corrected and accelerated interval (Efron 1987; Efron &amp; Tibshirani 1993,
 * §14.3, eqs. 14.9–14.15), the audit's interval for means of continuous measures (energy share,
 * confidence): the percentile interval undercovers when the measure is skewed, as shares near 0 or 1
 * are (docs/conventions.md, "Audit").</li>
 * </ul>
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
     * Percentile intervals.
     *
     * @param values n × m values, row-major (image i's measure j at i·m + j)
     */
    public static Estimate[] means(double[] values, int n, int m, int resamples, long seed) {
        Replicates r = Replicates.draw(values, n, m, resamples, seed);
        Estimate[] out = new Estimate[m];
        double alpha = (1 - LEVEL) / 2;
        for (int j = 0; j < m; j++) {
            if (r.count[j] == 0) {
                out[j] = Estimate.NONE;
                continue;
            }
            double[] ok = r.sorted(j);
            out[j] = new Estimate(r.mean(j), percentile(ok, alpha), percentile(ok, 1 - alpha), r.count[j]);
        }
        return out;
    }

    /**
     * BCa intervals (Efron 1987). With θ̂ the measure's mean over the images where it is defined and θ*
     * the resampled means: bias correction z₀ = Φ⁻¹(#{θ* &lt; θ̂}/B + ½·#{θ* = θ̂}/B) (ties, within 10⁻¹⁰ (1 + |θ̂|), counted half, as
     * SciPy's {@code bootstrap} does); acceleration from the jackknife (E&amp;T eq. 14.15), which for a mean
     * is a = Σdᵢ³ / (6 (Σdᵢ²)^{3/2}) with dᵢ = xᵢ − x̄ over the defined values (leaving out an image where
     * the measure is undefined does not move the mean); the interval is the resampled means' percentiles
     * at α₁ = Φ(z₀ + (z₀ + z_{α/2}) / (1 − a (z₀ + z_{α/2}))) and α₂ likewise with z_{1−α/2} (eq. 14.10),
     * interpolated as in {@link #means}. A measure with the same value on every image gets the
     * zero-width interval [x̄, x̄] (no resample can differ).
     *
     * @param values n × m values, row-major (image i's measure j at i·m + j)
     */
    public static Estimate[] bca(double[] values, int n, int m, int resamples, long seed) {
        Replicates r = Replicates.draw(values, n, m, resamples, seed);
        Estimate[] out = new Estimate[m];
        for (int j = 0; j < m; j++) {
            if (r.count[j] == 0) {
                out[j] = Estimate.NONE;
                continue;
            }
            double mean = r.mean(j);
            double s2 = 0, s3 = 0;
            for (int i = 0; i < n; i++) {
                double x = values[i * m + j];
                if (Double.isNaN(x)) continue;
                double d = x - mean;
                s2 += d * d;
                s3 += d * d * d;
            }
            double[] ok = r.sorted(j);
            if (!(s2 > 0) || ok.length == 0 || ok[0] == ok[ok.length - 1]) {
                out[j] = new Estimate(mean, mean, mean, r.count[j]);
                continue;
            }
            double[] q = bcaLevels(ok, mean, s3 / (6 * Math.pow(s2, 1.5)));
            out[j] = new Estimate(mean, percentile(ok, q[0]), percentile(ok, q[1]), r.count[j]);
        }
        return out;
    }

    /**
     * The BCa percentile levels α₁, α₂ (E&amp;T eq. 14.10) for sorted replicates, the estimate and the
     * acceleration a. The share of replicates below the estimate is kept within [½/B, 1 − ½/B] so that z₀
     * stays finite when the estimate lies outside every replicate.
     */
    static double[] bcaLevels(double[] sorted, double estimate, double a) {
        int b = sorted.length, below = 0, equal = 0;
        // a resampled mean equal to the estimate in exact arithmetic (common with discrete values) may differ in
        // the last bits by summation order: count it as a tie, not by the sign of its rounding
        double tol = 1e-10 * (1 + Math.abs(estimate));
        for (double x : sorted) {
            if (Math.abs(x - estimate) <= tol) equal++;
            else if (x < estimate) below++;
        }
        double p = Math.min(Math.max((below + 0.5 * equal) / b, 0.5 / b), 1 - 0.5 / b);
        double z0 = normalQuantile(p);
        double alpha = (1 - LEVEL) / 2;
        double[] out = new double[2];
        double[] z = {normalQuantile(alpha), normalQuantile(1 - alpha)};
        for (int k = 0; k < 2; k++) {
            double t = z0 + z[k], d = 1 - a * t;
            // a·t reaches 1 only for extreme skew; the level then tends to 0 or 1 (the sign of t)
            out[k] = d > 0 ? normalCdf(z0 + t / d) : t > 0 ? 1 : 0;
        }
        return out;
    }

    /** Φ(x) = ½ erfc(−x/√2). */
    static double normalCdf(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }

    /** Φ⁻¹(p) = √2 erf⁻¹(2p − 1). */
    static double normalQuantile(double p) {
        return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    }

    /** The q-quantile of sorted values, linear between order statistics (NumPy's default "linear"). */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        double f = pos - i;
        return i + 1 < sorted.length ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i];
    }

    /** The resampled means of every measure, and the measures' sums and counts over the images where defined. */
    private record Replicates(double[][] boot, double[] sum, int[] count) {
        static Replicates draw(double[] values, int n, int m, int resamples, long seed) {
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
            double[][] boot = new double[m][n == 0 ? 0 : resamples];
            if (n == 0) return new Replicates(boot, sum, count);
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
            return new Replicates(boot, sum, count);
        }

        double mean(int j) {
            return sum[j] / count[j];
        }

        /** Measure j's resampled means, sorted; a resample that drew no image with the measure defined has no mean: left out. */
        double[] sorted(int j) {
            double[] d = boot[j];
            int k = 0;
            for (double x : d) if (!Double.isNaN(x)) d[k++] = x;
            double[] ok = Arrays.copyOf(d, k);
            Arrays.sort(ok);
            return ok;
        }
    }
}
