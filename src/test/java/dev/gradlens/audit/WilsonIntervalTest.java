package dev.gradlens.audit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wilson score intervals: hand-worked cases and the published values of Newcombe (1998). */
class WilsonIntervalTest {
    /** z² for z = 1.959963984540054. */
    static final double Z2 = 3.841458820694124;

    @Test
    void allWrongAndAllRightAreNotZeroWidth() {
        // k = 0: centre = half-width, so lo = 0 and hi = 2 · (z²/2n)/(1 + z²/n) = z²/(n + z²)
        Bootstrap.Estimate none = WilsonInterval.of(0, 10);
        assertEquals(0, none.mean(), 0);
        assertEquals(0, none.lo(), 0);
        assertEquals(Z2 / (10 + Z2), none.hi(), 1e-12);
        assertEquals(0.27753, none.hi(), 5e-6);
        // k = n: the mirror image, lo = n/(n + z²)
        Bootstrap.Estimate all = WilsonInterval.of(10, 10);
        assertEquals(10 / (10 + Z2), all.lo(), 1e-12);
        assertEquals(1, all.hi(), 0);
        assertEquals(10, all.n());
    }

    @Test
    void halfIsSymmetricAboutOneHalf() {
        // 5 of 10: centre 0.5; half-width = z/(1 + z²/10) · √(0.025 + z²/400)
        //        = 1.959964 / 1.3841459 · √(0.0346036) = 1.4160083 · 0.1860205 = 0.2634076
        Bootstrap.Estimate e = WilsonInterval.of(5, 10);
        assertEquals(0.5, e.mean(), 0);
        assertEquals(0.5 - 0.2634076, e.lo(), 1e-6);
        assertEquals(0.5 + 0.2634076, e.hi(), 1e-6);
    }

    @Test
    void newcombesWorkedExamples() {
        // Newcombe, Statistics in Medicine 17 (1998) 857-872: the worked examples, method 3 (score, no continuity
        // correction), to the 4 decimals printed there
        assertRange(WilsonInterval.of(81, 263), 0.2553, 0.3662);
        assertRange(WilsonInterval.of(15, 148), 0.0624, 0.1605);
        assertRange(WilsonInterval.of(0, 20), 0.0, 0.1611);
        assertRange(WilsonInterval.of(1, 29), 0.0061, 0.1718);
    }

    private static void assertRange(Bootstrap.Estimate e, double lo, double hi) {
        assertEquals(lo, e.lo(), 5e-5, "lo");
        assertEquals(hi, e.hi(), 5e-5, "hi");
    }

    @Test
    void columnsCountOnlyDefinedRows() {
        // column 0: 1, 0, 1, 1 -> 3 of 4; column 1: NaN, 1, NaN, 0 -> 1 of 2
        double[] v = {1, Double.NaN, 0, 1, 1, Double.NaN, 1, 0};
        Bootstrap.Estimate[] e = WilsonInterval.columns(v, 4, 2);
        assertEquals(WilsonInterval.of(3, 4), e[0]);
        assertEquals(WilsonInterval.of(1, 2), e[1]);
        assertEquals(2, e[1].n());
        assertSame(Bootstrap.Estimate.NONE, WilsonInterval.columns(new double[] {Double.NaN}, 1, 1)[0]);
        assertSame(Bootstrap.Estimate.NONE, WilsonInterval.of(0, 0));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.columns(new double[] {0.5}, 1, 1));
        assertTrue(e[1].lo() > 0 && e[1].hi() < 1);
    }
}
