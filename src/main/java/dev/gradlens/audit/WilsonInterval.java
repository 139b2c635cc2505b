package dev.gradlens.audit;

/**
 * The Wilson score interval of a proportion (Wilson 1927; Newcombe 1998, method 3): the audit's interval
 * for accuracy and the pointing game, whose per-image values are 0 or 1. With k successes in n trials,
 * p̂ = k/n and z = Φ⁻¹(0.975):
 * <pre>
 *   centre = (p̂ + z²/2n) / (1 + z²/n),   half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
 * </pre>
 * Unlike a bootstrap of the mean, it does not collapse to [0, 0] or [1, 1] when every image is wrong or
 * every image right (0 of 10 gives 0–27.8 %), and it keeps close to 95 % coverage for proportions near 0
 * or 1, where the percentile bootstrap and the Wald interval fall well short (Brown, Cai &amp; DasGupta
 * 2001). Deterministic: no resampling.
 */
public final class WilsonInterval {
    /** Φ⁻¹(0.975). */
    static final double Z = 1.959963984540054;

    private WilsonInterval() {
    }

    /** The proportion k/n and its 95 % Wilson interval; {@link Bootstrap.Estimate#NONE} when n = 0. */
    public static Bootstrap.Estimate of(int k, int n) {
        if (n <= 0) return Bootstrap.Estimate.NONE;
        if (k < 0 || k > n) throw new IllegalArgumentException(k + " successes in " + n + " trials");
        double p = (double) k / n, z2 = Z * Z, d = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / d;
        double half = Z / d * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // at k = 0 (k = n) the lower (upper) end is exactly 0 (1); clamp the rounding
        double lo = k == 0 ? 0 : Math.max(0, centre - half), hi = k == n ? 1 : Math.min(1, centre + half);
        return new Bootstrap.Estimate(p, lo, hi, n);
    }

    /**
     * Every column's proportion over the rows where it is defined (NaN = undefined; other values are
     * 0 or 1, counted as failures and successes).
     *
     * @param values n × m values, row-major (row i's column j at i·m + j)
     */
    public static Bootstrap.Estimate[] columns(double[] values, int n, int m) {
        int[] k = new int[m], defined = new int[m];
        for (int i = 0; i < n * m; i++) {
            double v = values[i];
            if (Double.isNaN(v)) continue;
            if (v != 0 && v != 1) throw new IllegalArgumentException("not a 0/1 value: " + v);
            defined[i % m]++;
            if (v == 1) k[i % m]++;
        }
        Bootstrap.Estimate[] out = new Bootstrap.Estimate[m];
        for (int j = 0; j < m; j++) out[j] = of(k[j], defined[j]);
        return out;
    }
}
