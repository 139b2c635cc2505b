package dev.gradlens.audit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Percentile bootstrap of means: checked against the normal theory it must approach, and its edge cases. */
class BootstrapTest {
    @Test
    void intervalOfAProportionApproachesTheNormalApproximation() {
        // 400 images, half hits: the bootstrap interval of the mean must be close to
        // p ± 1.96 sqrt(p (1 - p) / n) = 0.5 ± 0.049 (the sampling spread of a resampled mean is that of
        // the data's mean); 4000 resamples keep the Monte-Carlo error of each end under ~0.005.
        int n = 400;
        double[] v = new double[n];
        for (int i = 0; i < n; i += 2) v[i] = 1;
        Bootstrap.Estimate e = Bootstrap.means(v, n, 1, 4000, 1)[0];
        assertEquals(0.5, e.mean(), 1e-12);
        double half = 1.96 * Math.sqrt(0.25 / n);
        assertEquals(0.5 - half, e.lo(), 0.006);
        assertEquals(0.5 + half, e.hi(), 0.006);
    }

    @Test
    void measuresSkipImagesWhereTheyAreUndefined() {
        // measure 0 defined everywhere (all 2), measure 1 only on two images (1 and 3): mean 2
        double[] v = {2, 1, 2, Double.NaN, 2, 3, 2, Double.NaN};
        Bootstrap.Estimate[] e = Bootstrap.means(v, 4, 2, 500, 7);
        assertEquals(2, e[0].mean(), 1e-12);
        assertEquals(2, e[0].lo(), 1e-12);
        assertEquals(2, e[1].mean(), 1e-12);
        assertEquals(2, e[1].n());
        assertTrue(e[1].lo() >= 1 && e[1].hi() <= 3 && e[1].lo() < e[1].hi());
    }

    @Test
    void seededAndEmptyCases() {
        double[] v = {0.1, 0.7, 0.3, 0.9, 0.2};
        Bootstrap.Estimate a = Bootstrap.means(v, 5, 1, 300, 42)[0], b = Bootstrap.means(v, 5, 1, 300, 42)[0];
        assertArrayEquals(new double[] {a.lo(), a.hi()}, new double[] {b.lo(), b.hi()});
        Bootstrap.Estimate none = Bootstrap.means(new double[0], 0, 1, 300, 42)[0];
        assertTrue(Double.isNaN(none.mean()));
        assertEquals(0, none.n());
    }

    @Test
    void percentileInterpolatesLikeNumPy() {
        // numpy.percentile([1, 2, 3, 4], 2.5) = 1.075, 97.5 -> 3.925
        double[] s = {1, 2, 3, 4};
        assertEquals(1.075, Bootstrap.percentile(s, 0.025), 1e-12);
        assertEquals(3.925, Bootstrap.percentile(s, 0.975), 1e-12);
    }
}
