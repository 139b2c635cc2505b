package dev.gradlens.metrics.sanity;

import dev.gradlens.metrics.FloatOrder;


/**
 * Spearman's rank correlation (Adebayo et al. 2018, §3: similarity of a map before and after
 * randomisation): Pearson's correlation of the ranks, equal values sharing their average rank.
 * Null when either map is constant (its ranks have no variance): undefined, not NaN.
 */
public final class RankCorrelation {
    private RankCorrelation() {
    }

    public static Double spearman(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("maps of " + a.length + " and " + b.length + " values");
        return pearson(ranks(a), ranks(b));
    }

    /** The same of |a| and |b|. */
    public static Double spearmanOfAbsolute(float[] a, float[] b) {
        return spearman(abs(a), abs(b));
    }

    static float[] abs(float[] v) {
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = Math.abs(v[i]);
        return o;
    }

    static double[] ranks(float[] v) {
        int[] idx = FloatOrder.ascending(v);
        double[] r = new double[v.length];
        int i = 0;
        while (i < idx.length) {
            int j = i;
            while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[idx[k]] = avg;
            i = j + 1;
        }
        return r;
    }

    static Double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        if (saa == 0 || sbb == 0) return null;
        return sab / Math.sqrt(saa * sbb);
    }
}
