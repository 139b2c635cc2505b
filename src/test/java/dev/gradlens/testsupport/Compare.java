package dev.gradlens.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tolerance checks used against reference maps (relative to the reference's largest magnitude). */
public final class Compare {
    private Compare() {
    }

    public static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "length");
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** max|a − ref| ≤ tol · max|ref|. */
    public static void assertCloseRelMax(float[] ref, float[] actual, double tol, String what) {
        double scale = maxAbs(ref);
        double diff = maxAbsDiff(ref, actual);
        assertTrue(diff <= tol * Math.max(scale, 1e-30), what + ": max diff " + diff + " > " + tol + " × max|ref| " + scale);
    }

    public static double pearson(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) { ma += a[i]; mb += b[i]; }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - ma, y = b[i] - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** ‖a − ref‖₂ / ‖ref‖₂. */
    public static double relativeL2(float[] ref, float[] actual) {
        double num = 0, den = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = actual[i] - ref[i];
            num += d * d;
            den += (double) ref[i] * ref[i];
        }
        return Math.sqrt(num / den);
    }
}
