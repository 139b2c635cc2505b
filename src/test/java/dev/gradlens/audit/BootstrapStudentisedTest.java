package dev.gradlens.audit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Studentised (bootstrap-t) intervals of means on the arcsine-root scale (Efron &amp; Tibshirani 1993, §12.5):
 * against an independent NumPy implementation (src/tools/studentised_reference.py, run offline with
 * /usr/bin/python3 and NumPy; values below copied from its output), and cases worked by hand.
 */
class BootstrapStudentisedTest {
    static final double NAN = BootstrapBcaTest.NAN;

    @Test
    void skewedSampleMatchesTheNumPyReference() {
        double[] v = BootstrapBcaTest.SKEWED;
        Bootstrap.Estimate e = Bootstrap.studentised(v, v.length, 1, 1000, 20261204)[0];
        // studentised_reference.py "skewed[0] arcsine"
        assertEquals(0.18400000000000002, e.mean(), 1e-12);
        assertEquals(0.09009259670484347, e.lo(), 1e-12);
        assertEquals(0.6111101208540327, e.hi(), 1e-12);
        assertEquals(15, e.n());
        Bootstrap.Estimate id = Bootstrap.studentised(v, v.length, 1, 1000, 20261204, Bootstrap.Scale.IDENTITY)[0];
        // "skewed[0] identity"
        assertEquals(0.08494423383755281, id.lo(), 1e-12);
        assertEquals(0.6201197002833881, id.hi(), 1e-12);
        // right skew: the interval reaches much further above the mean than below it, further than BCa's
        // (0.090-0.357 on the same draws, BootstrapBcaTest)
        assertTrue(e.hi() - e.mean() > 3 * (e.mean() - e.lo()));
        assertTrue(e.hi() > BootstrapBcaTest.SKEWED_HI);
    }

    @Test
    void mostlyZeroSharesWithUndefinedImagesMatchTheNumPyReference() {
        double[] v = {0.0, 0.0, 0.0, 0.0, 0.31, NAN, 0.0, 0.0, 0.02, 0.0, 0.0, 0.0, 0.0, 0.44,
                0.57, 0.0, 0.0, NAN, 0.0, 0.0, 0.08, 0.0, 0.0, 0.0};
        Bootstrap.Estimate[] e = Bootstrap.studentised(v, 12, 2, 1000, 11);
        // studentised_reference.py "zeros[0] arcsine", "zeros[1] arcsine"
        assertEquals(0.08166666666666665, e[0].mean(), 1e-12);
        assertEquals(0.014799601455293266, e[0].lo(), 1e-12);
        assertEquals(0.9728538271459513, e[0].hi(), 1e-12);
        assertEquals(0.044, e[1].mean(), 1e-12);
        assertEquals(0.0014375786324114653, e[1].lo(), 1e-12);
        assertEquals(10, e[1].n());
        // by hand: one non-zero value among the 10 defined, so a resample draws only zeros with probability
        // (9/10)^10 = 35 % (and at least once in far more than 2.5 % of 1,000 resamples): its t* is -inf,
        // the 2.5th percentile of t* is -inf and the upper end the bound 1
        assertEquals(1.0, e[1].hi(), 0);
        Bootstrap.Estimate[] id = Bootstrap.studentised(v, 12, 2, 1000, 11, Bootstrap.Scale.IDENTITY);
        // "zeros[0] identity", "zeros[1] identity"
        assertEquals(0.002971400923973022, id[0].lo(), 1e-12);
        assertEquals(1.0, id[0].hi(), 0);
        assertEquals(0.0, id[1].lo(), 0);
        assertEquals(1.0, id[1].hi(), 0);
    }

    @Test
    void largeSymmetricSampleGivesTheNormalInterval() {
        // 400 evenly spaced values 0.2 ... 0.8: mean 0.5, se = s/20 (s computed below); symmetric and large, so the
        // bootstrap-t's t* quantiles are close to ±1.96 and on the identity scale the interval is
        // 0.5 ± 1.96 se; the Monte Carlo error of a 2.5 % quantile of t* over 4,000 resamples is about
        // √(0.025·0.975/4000)/φ(1.96) = 0.042: allow 0.15 (3.5 of those) on the multiplier.
        int n = 400;
        double[] v = new double[n];
        double ss = 0;
        for (int i = 0; i < n; i++) v[i] = 0.2 + 0.6 * i / (n - 1);
        for (double x : v) ss += (x - 0.5) * (x - 0.5);
        double se = Math.sqrt(ss / (n - 1) / n);
        Bootstrap.Estimate e = Bootstrap.studentised(v, n, 1, 4000, 5, Bootstrap.Scale.IDENTITY)[0];
        assertEquals(0.5, e.mean(), 1e-12);
        assertEquals(1.96, (e.hi() - 0.5) / se, 0.15);
        assertEquals(1.96, (0.5 - e.lo()) / se, 0.15);
        // the arcsine scale near 0.5 is almost linear (g'' (0.5) = 0): the same interval within a few per cent
        Bootstrap.Estimate a = Bootstrap.studentised(v, n, 1, 4000, 5)[0];
        assertEquals(e.hi() - e.lo(), a.hi() - a.lo(), 0.05 * (e.hi() - e.lo()));
    }

    @Test
    void constantUndefinedAndBounded() {
        BootstrapBcaTest.assertConstantAndUndefined(Bootstrap::studentised);
        // shares near 1: the interval stays within [0, 1]
        double[] high = {1.0, 0.99, 1.0, 0.97, 1.0, 0.999, 0.9, 1.0};
        Bootstrap.Estimate h = Bootstrap.studentised(high, high.length, 1, 1000, 9)[0];
        assertTrue(h.lo() >= 0 && h.hi() <= 1 && h.lo() < h.mean() && h.mean() <= h.hi(), h.toString());
    }

    @Test
    void aMeasureAtItsBoundOnEveryImageGetsTheClopperPearsonReach() {
        // column 0: 0 on the 7 images where defined; column 1: 1 on all 8
        double[] v = {0, 1, 0, 1, NAN, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        Bootstrap.Estimate[] e = Bootstrap.studentised(v, 8, 2, 200, 4);
        // by hand: 1 - 0.025^(1/7) = 1 - exp(ln 0.025 / 7) = 1 - exp(-3.688879 / 7) = 1 - 0.590384 = 0.409616
        // (studentised_reference.py "bounds[0]": 0.4096163972250033); 0.025^(1/8) = exp(-0.461110) = 0.630583
        assertEquals(new Bootstrap.Estimate(0, 0, 0.4096163972250033, 7), e[0]);
        assertEquals(0.409616, e[0].hi(), 1e-6);
        assertEquals(1.0, e[1].mean(), 0);
        assertEquals(0.6305833524471808, e[1].lo(), 1e-12);
        assertEquals(1.0, e[1].hi(), 0);
        // one image: 1 - 0.025 = 0.975; one image strictly inside (0, 1): no spread known, the whole range
        assertEquals(0.975, Bootstrap.studentised(new double[] {0}, 1, 1, 100, 1)[0].hi(), 1e-12);
        assertEquals(new Bootstrap.Estimate(0.4, 0, 1, 1), Bootstrap.studentised(new double[] {0.4}, 1, 1, 100, 1)[0]);
    }

    @Test
    void seeded() {
        double[] v = {0.1, 0.7, 0.3, 0.9, 0.2, 0.05};
        assertEquals(Bootstrap.studentised(v, 6, 1, 400, 42)[0], Bootstrap.studentised(v, 6, 1, 400, 42)[0]);
    }
}
