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

    /** The scale on which {@link #studentised} pivots: the measure itself, or the arcsine square root of it. */
    enum Scale {
        IDENTITY, ARCSINE;

        double g(double t) {
            return this == IDENTITY ? t : Math.asin(Math.sqrt(t));
        }

        /** g′(t); for the arcsine root 1 / (2 √(t (1 − t))). */
        double slope(double t) {
            return this == IDENTITY ? 1 : 0.5 / Math.sqrt(t * (1 - t));
        }

        /** g⁻¹(u), u first kept within g's range: the measure's bounds [0, 1]. */
        double inverse(double u) {
            if (this == IDENTITY) return Math.min(1, Math.max(0, u));
            if (!(u > 0)) return 0;
            if (u >= Math.PI / 2) return 1;
            double r = Math.sin(u);
            return r * r;
        }
    }

    /**
     * Studentised (bootstrap-t) intervals of the means of measures bounded in [0, 1] (Efron &amp; Tibshirani
     * 1993, §12.5, eqs. 12.19–12.22; DiCiccio &amp; Efron 1996, §2), the audit's interval for mean confidence
     * and energy share, pivoting on the arcsine square root g(t) = asin √t, the variance-stabilising scale
     * of a mean of values in [0, 1] (E&amp;T §12.6: the bootstrap-t works best on a scale where the standard
     * error does not move with the mean). With θ̂ the measure's mean over the c images where it is
     * defined, ŝe = s/√c (s² = Σ(xᵢ − θ̂)²/(c − 1)) and on each resample θ*, ŝe* alike:
     * <pre>
     *   t* = (g(θ*) − g(θ̂)) / (ŝe*·g′(θ*)),   interval = g⁻¹(g(θ̂) − t*₍₀.₉₇₅₎ ŝe·g′(θ̂)) … g⁻¹(g(θ̂) − t*₍₀.₀₂₅₎ ŝe·g′(θ̂))
     * </pre>
     * (the delta method's ŝe·g′ is the standard error on the g scale; t* quantiles linear between order
     * statistics as in {@link #means}). Why not the percentile or BCa interval: for a mean of skewed values
     * they are both too short at small n (the resampled means spread by √((n − 1)/n) of the true sampling
     * spread, and their tails come from the sample's own tail), which is how the audit's energy shares,
     * mostly 0 with a few large values, undercovered; the bootstrap-t's t* carries the skew and the
     * uncertainty of the standard error into the interval (second-order accurate, E&amp;T §22.4).
     * A resample whose drawn values are all equal has ŝe* = 0: its t* is +∞ or −∞ by the sign of
     * θ* − θ̂ (0 when equal), and an infinite t* quantile puts that end at the measure's bound (0 or 1):
     * when a few images carry all of a cell's mass, the data bound the mean only on one side. A measure
     * that is 0 on every image (a region the maps never reach in this cell) gets [0, 1 − 0.025^{1/c}], the
     * Clopper–Pearson bound on the share of images where it is not 0 (see {@link #atBound}; the bootstrap
     * cannot see values the sample lacks, and a zero-width [0, 0] missed the mean of a larger run whenever
     * the region is reached on a few images); 1 on every image mirrors it; a single image's value strictly
     * between gets [0, 1], several equal ones [x̄, x̄].
     *
     * @param values n × m values in [0, 1] (NaN = undefined), row-major (image i's measure j at i·m + j)
     */
    public static Estimate[] studentised(double[] values, int n, int m, int resamples, long seed) {
        return studentised(values, n, m, resamples, seed, Scale.ARCSINE);
    }

    /**
     * The interval of a [0, 1] measure with the same value x on all c images: at x = 0 the Clopper–Pearson
     * upper limit for 0 events in c trials, 1 − (α/2)^{1/c} (Clopper &amp; Pearson 1934; at 95 % about
     * 3.7/c, Hanley &amp; Lippman-Hand's "rule of three" two-sided), since a mean of values in [0, 1] is
     * at most the share of images where the value is not 0; at x = 1 the mirror image; from one image
     * strictly inside (0, 1) the whole range [0, 1] (one value says nothing of the spread); from more, all
     * equal, the point (no resample can differ, and no bound is known).
     */
    static Estimate atBound(double x, int c, double alpha) {
        double reach = 1 - Math.pow(alpha, 1.0 / c);
        if (x == 0) return new Estimate(0, 0, reach, c);
        if (x == 1) return new Estimate(1, 1 - reach, 1, c);
        return c == 1 ? new Estimate(x, 0, 1, c) : new Estimate(x, x, x, c);
    }

    static Estimate[] studentised(double[] values, int n, int m, int resamples, long seed, Scale scale) {
        Replicates r = Replicates.draw(values, n, m, resamples, seed, true);
        Estimate[] out = new Estimate[m];
        double alpha = (1 - LEVEL) / 2;
        for (int j = 0; j < m; j++) {
            int c = r.count[j];
            if (c == 0) {
                out[j] = Estimate.NONE;
                continue;
            }
            double mean = r.mean(j), ss = 0;
            for (int i = 0; i < n; i++) {
                double x = values[i * m + j];
                if (!Double.isNaN(x)) ss += (x - mean) * (x - mean);
            }
            if (!(ss > 0)) {
                out[j] = atBound(mean, c, alpha);
                continue;
            }
            double[] t = new double[resamples];
            int k = 0;
            double tol = 1e-10 * (1 + Math.abs(mean));
            for (int b = 0; b < resamples; b++) {
                int cb = r.drawn[j][b];
                if (cb == 0) continue; // no image with the measure defined: no mean
                double theta = r.boot[j][b], d = theta - mean;
                // Σ(x − θ*)² = Σ(x − θ̂)² − c*(θ* − θ̂)²; below 10⁻¹² of Σ(x − θ̂)² it is rounding: all drawn values equal
                double within = r.spread[j][b] - cb * d * d;
                if (cb < 2 || within <= 1e-12 * r.spread[j][b]) {
                    t[k++] = d > tol ? Double.POSITIVE_INFINITY : d < -tol ? Double.NEGATIVE_INFINITY : 0;
                } else {
                    double se = Math.sqrt(within / (cb - 1) / cb);
                    t[k++] = (scale.g(theta) - scale.g(mean)) / (se * scale.slope(theta));
                }
            }
            t = Arrays.copyOf(t, k);
            Arrays.sort(t);
            double seG = Math.sqrt(ss / (c - 1) / c) * scale.slope(mean), gm = scale.g(mean);
            double lo = scale.inverse(gm - percentile(t, 1 - alpha) * seG), hi = scale.inverse(gm - percentile(t, alpha) * seG);
            out[j] = new Estimate(mean, lo, hi, c);
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
        if (i + 1 >= sorted.length || f == 0 || Double.isInfinite(sorted[i])) return sorted[i];
        // between a finite value and an infinite one (the bootstrap-t's degenerate resamples): the infinite one
        if (Double.isInfinite(sorted[i + 1])) return sorted[i + 1];
        return sorted[i] + f * (sorted[i + 1] - sorted[i]);
    }

    /** The resampled means of every measure, and the measures' sums and counts over the images where defined. */
    private record Replicates(double[][] boot, double[][] spread, int[][] drawn, double[] sum, int[] count) {
        static Replicates draw(double[] values, int n, int m, int resamples, long seed) {
            return draw(values, n, m, resamples, seed, false);
        }

        /**
         * @param withSpread also keep, per resample and measure, Σ(x − x̄)² over the drawn images where the
         *                   measure is defined (x̄ = the measure's mean over the cell) and how many they are
         */
        static Replicates draw(double[] values, int n, int m, int resamples, long seed, boolean withSpread) {
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
            double[][] spread = withSpread ? new double[m][n == 0 ? 0 : resamples] : null;
            int[][] drawn = withSpread ? new int[m][n == 0 ? 0 : resamples] : null;
            if (n == 0) return new Replicates(boot, spread, drawn, sum, count);
            // deviations from the cell's mean: Σ(x − x̄)² of a resample without the cancellation of Σx² − (Σx)²/c
            double[] dev = withSpread ? new double[n * m] : null;
            if (withSpread) for (int i = 0; i < n * m; i++) if (def[i] == 1) dev[i] = values[i] - sum[i % m] / count[i % m];
            double[] s = new double[m], c = new double[m], q = new double[m];
            long state = new SplittableRandom(seed).nextLong();
            boolean anyGaps = false;
            for (boolean g : gaps) anyGaps |= g;
            for (int b = 0; b < resamples; b++) {
                Arrays.fill(s, 0);
                if (anyGaps) Arrays.fill(c, 0);
                if (withSpread) Arrays.fill(q, 0);
                for (int k = 0; k < n; k++) {
                    // SplitMix64 (Steele et al. 2014) inlined, mapped to [0, n) by Lemire's multiply-shift
                    state += 0x9E3779B97F4A7C15L;
                    long z = state;
                    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                    z ^= z >>> 31;
                    int row = (int) (((z >>> 32) * n) >>> 32) * m;
                    if (withSpread) {
                        // one pass over the row for both sums (the bootstrap-t's cost is this loop)
                        for (int j = 0; j < m; j++) {
                            s[j] += v[row + j];
                            double e = dev[row + j];
                            q[j] += e * e;
                        }
                    } else {
                        for (int j = 0; j < m; j++) s[j] += v[row + j];
                    }
                    if (anyGaps) for (int j = 0; j < m; j++) c[j] += def[row + j];
                }
                for (int j = 0; j < m; j++) boot[j][b] = s[j] / (gaps[j] ? c[j] : n);
                if (withSpread) {
                    for (int j = 0; j < m; j++) {
                        spread[j][b] = q[j];
                        drawn[j][b] = gaps[j] ? (int) c[j] : n;
                    }
                }
            }
            return new Replicates(boot, spread, drawn, sum, count);
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
