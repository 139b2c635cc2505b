package dev.gradlens.audit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BCa bootstrap intervals of means (Efron 1987): against an independent NumPy implementation
 * (src/tools/bca_reference.py, run offline with /usr/bin/python3 and NumPy; values below copied from its
 * output), and the cases where the method reduces to something known.
 */
class BootstrapBcaTest {
    static final double NAN = Double.NaN;
    /** The skewed sample both NumPy references (bca_reference.py, studentised_reference.py) start from. */
    static final double[] SKEWED = {0.01, 0.02, 0.02, 0.03, 0.04, 0.05, 0.05, 0.07, 0.09, 0.12, 0.15, 0.22, 0.35, 0.61, 0.93};

    @Test
    void skewedSampleMatchesTheNumPyReference() {
        Bootstrap.Estimate e = Bootstrap.bca(SKEWED, SKEWED.length, 1, 1000, 20261204)[0];
        // bca_reference.py "skewed[0]"
        assertEquals(SKEWED_MEAN, e.mean(), 1e-12);
        assertEquals(SKEWED_LO, e.lo(), 1e-12);
        assertEquals(SKEWED_HI, e.hi(), 1e-12);
        assertEquals(15, e.n());
        // right skew: the interval reaches further above the mean than below it
        assertTrue(e.hi() - e.mean() > e.mean() - e.lo());
    }

    @Test
    void columnsWithUndefinedImagesMatchTheNumPyReference() {
        double[] v = {0.80, 0.10, 0.95, NAN, 0.40, 0.30, 0.99, 0.05, 0.70, NAN, 0.88, 0.20,
                0.97, 0.90, 0.55, 0.15, 0.91, NAN, 0.99, 0.02, 0.85, 0.60, 0.60, 0.08};
        Bootstrap.Estimate[] e = Bootstrap.bca(v, 12, 2, 2000, -7);
        // bca_reference.py "gaps[0]" and "gaps[1]"
        assertEquals(GAPS0_MEAN, e[0].mean(), 1e-12);
        assertEquals(GAPS0_LO, e[0].lo(), 1e-12);
        assertEquals(GAPS0_HI, e[0].hi(), 1e-12);
        assertEquals(GAPS1_MEAN, e[1].mean(), 1e-12);
        assertEquals(GAPS1_LO, e[1].lo(), 1e-12);
        assertEquals(GAPS1_HI, e[1].hi(), 1e-12);
        assertEquals(9, e[1].n());
    }

    @Test
    void withoutBiasOrAccelerationTheLevelsAreThePercentiles() {
        // half the replicates below the estimate: z0 = 0; a = 0: α1,2 = Φ(±1.96) = 0.025, 0.975
        double[] levels = Bootstrap.bcaLevels(new double[] {1, 2, 3, 4}, 2.5, 0);
        assertArrayEquals(new double[] {0.025, 0.975}, levels, 1e-12);
        // textbook values of the normal distribution
        assertEquals(1.959963984540054, Bootstrap.normalQuantile(0.975), 1e-12);
        assertEquals(0.8413447460685429, Bootstrap.normalCdf(1), 1e-12);
    }

    @Test
    void constantAndUndefinedMeasures() {
        assertConstantAndUndefined(Bootstrap::bca);
    }

    /** An interval method: values [n images × m measures], resamples, seed. */
    interface Interval {
        Bootstrap.Estimate[] of(double[] values, int n, int m, int resamples, long seed);
    }

    /**
     * Every image 0.75: no resample can differ, the interval is the point; a measure defined on no image, and a cell
     * without images, have none. The same for every interval method (BCa, studentised).
     */
    static void assertConstantAndUndefined(Interval method) {
        double[] v = {0.75, NAN, 0.75, NAN, 0.75, NAN};
        Bootstrap.Estimate[] e = method.of(v, 3, 2, 500, 3);
        assertEquals(new Bootstrap.Estimate(0.75, 0.75, 0.75, 3), e[0]);
        assertSame(Bootstrap.Estimate.NONE, e[1]);
        assertSame(Bootstrap.Estimate.NONE, method.of(new double[0], 0, 1, 500, 3)[0]);
    }

    @Test
    void seeded() {
        double[] v = {0.1, 0.7, 0.3, 0.9, 0.2, 0.05};
        assertEquals(Bootstrap.bca(v, 6, 1, 400, 42)[0], Bootstrap.bca(v, 6, 1, 400, 42)[0]);
    }

    // from: /usr/bin/python3 src/tools/bca_reference.py (NumPy), 2026-12-04
    static final double SKEWED_MEAN = 0.18400000000000002, SKEWED_LO = 0.09000000000000001, SKEWED_HI = 0.35733333333333334;
    static final double GAPS0_MEAN = 0.7991666666666667, GAPS0_LO = 0.6725, GAPS0_HI = 0.8908333333333335;
    static final double GAPS1_MEAN = 0.26666666666666666, GAPS1_LO = 0.13, GAPS1_HI = 0.5146196785435323;
}
