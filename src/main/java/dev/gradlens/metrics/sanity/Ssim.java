package dev.gradlens.metrics.sanity;

/**
 * Structural similarity (Wang et al. 2004, eq. 13) of two maps with values in [0, 1], as
 * scikit-image's structural_similarity computes it by default (Adebayo et al. used it): a 7 × 7
 * uniform window (smaller and odd for smaller maps), sample (n−1) variances, K1 = 0.01, K2 = 0.03,
 * data range 1, averaged over the windows that lie inside the map.
 */
public final class Ssim {
    private static final double C1 = 0.01 * 0.01, C2 = 0.03 * 0.03;

    private Ssim() {
    }

    /** Null for maps smaller than 3 × 3 (no window with a variance). */
    public static Double of(float[] a, float[] b, int h, int w) {
        if (a.length != h * w || b.length != h * w) throw new IllegalArgumentException("maps are not " + h + "×" + w);
        int win = Math.min(7, Math.min(h, w));
        if (win % 2 == 0) win--;
        if (win < 3) return null;
        int n = win * win;
        double sum = 0;
        int count = 0;
        for (int y = 0; y + win <= h; y++) {
            for (int x = 0; x + win <= w; x++) {
                double ma = 0, mb = 0;
                for (int dy = 0; dy < win; dy++) for (int dx = 0; dx < win; dx++) {
                    ma += a[(y + dy) * w + x + dx];
                    mb += b[(y + dy) * w + x + dx];
                }
                ma /= n;
                mb /= n;
                double va = 0, vb = 0, cov = 0;
                for (int dy = 0; dy < win; dy++) for (int dx = 0; dx < win; dx++) {
                    double da = a[(y + dy) * w + x + dx] - ma, db = b[(y + dy) * w + x + dx] - mb;
                    va += da * da;
                    vb += db * db;
                    cov += da * db;
                }
                va /= n - 1;
                vb /= n - 1;
                cov /= n - 1;
                sum += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
                count++;
            }
        }
        return sum / count;
    }
}
