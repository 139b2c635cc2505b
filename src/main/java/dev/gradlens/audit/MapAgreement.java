package dev.gradlens.audit;

import java.util.Arrays;

/**
 * How much two maps of one image agree, on a common grid (the image scaled so its longer side is
 * {@link #GRID} px, each map placed with the documented CAM upsampling over the part its model saw):
 * <ul>
 * <li>Spearman's rank correlation: Pearson's correlation of the pixels' ranks, ties given their average
 * rank (NaN when either map is constant);</li>
 * <li>top-15 % overlap: intersection over union of the two maps' top regions, a map's top region being
 * its pixels at or above its {@code ceil(0.15 · N)}-th largest value and above 0 (the Grad-CAM paper's
 * 15 % threshold idea applied to area); NaN when both regions are empty.</li>
 * </ul>
 */
public final class MapAgreement {
    public static final int GRID = 64;
    public static final double TOP = 0.15;

    private MapAgreement() {
    }

    /** The grid size {w, h} for a {@code width × height} image. */
    public static int[] grid(int width, int height) {
        double s = (double) GRID / Math.max(width, height);
        return new int[] {Math.max(1, (int) Math.round(width * s)), Math.max(1, (int) Math.round(height * s))};
    }

    public static double spearman(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("maps of different sizes: " + a.length + " and " + b.length);
        double[] ra = ranks(a), rb = ranks(b);
        double ma = 0, mb = 0;
        for (int i = 0; i < ra.length; i++) {
            ma += ra[i];
            mb += rb[i];
        }
        ma /= ra.length;
        mb /= rb.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < ra.length; i++) {
            double da = ra[i] - ma, db = rb[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Double.NaN;
    }

    /** Ranks 1..n, ties averaged. */
    static double[] ranks(float[] v) {
        int n = v.length;
        long[] keyed = new long[n];
        for (int i = 0; i < n; i++) keyed[i] = ((long) sortable(v[i]) << 32) | i;
        Arrays.sort(keyed);
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            int key = (int) (keyed[i] >> 32);
            while (j + 1 < n && (int) (keyed[j + 1] >> 32) == key) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[(int) keyed[k]] = avg;
            i = j + 1;
        }
        return r;
    }

    /** A float's bits as an int that sorts like the float (for non-NaN values). */
    private static int sortable(float f) {
        int b = Float.floatToIntBits(f == 0f ? 0f : f);
        return b >= 0 ? b : b ^ 0x7FFFFFFF;
    }

    /** The top region of a map: pixels at or above its ceil(TOP · n)-th largest value, and above 0. */
    public static boolean[] top(float[] v) {
        int n = v.length, k = (int) Math.ceil(TOP * n);
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        float thr = sorted[n - k];
        boolean[] t = new boolean[n];
        for (int i = 0; i < n; i++) t[i] = v[i] >= thr && v[i] > 0;
        return t;
    }

    public static double topOverlap(float[] a, float[] b) {
        boolean[] ta = top(a), tb = top(b);
        int inter = 0, union = 0;
        for (int i = 0; i < ta.length; i++) {
            if (ta[i] && tb[i]) inter++;
            if (ta[i] || tb[i]) union++;
        }
        return union == 0 ? Double.NaN : (double) inter / union;
    }
}
