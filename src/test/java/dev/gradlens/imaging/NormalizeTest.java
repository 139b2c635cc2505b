package dev.gradlens.imaging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class NormalizeTest {
    @Test
    void minMaxStretchesToUnitRange() {
        Normalize.Result r = Normalize.minMax(new float[] {1, 3, 5});
        assertArrayEquals(new float[] {0, 0.5f, 1}, r.values(), 1e-6f);
        assertFalse(r.flat());
        assertEquals(1f, r.min());
        assertEquals(5f, r.max());
    }

    @Test
    void flatMapsBecomeZerosAndSaySo() {
        Normalize.Result equal = Normalize.minMax(new float[] {2, 2, 2});
        assertTrue(equal.flat());
        assertArrayEquals(new float[3], equal.values());
        assertTrue(Normalize.minMax(new float[4]).flat());
        // rounding noise on a constant is not contrast
        assertTrue(Normalize.minMax(new float[] {1000f, Math.nextUp(1000f)}).flat());
        assertFalse(Normalize.minMax(new float[] {0f, 1e-20f}).flat(), "small but real contrast around zero");
        assertTrue(Normalize.minMax(new float[0]).flat());
    }

    @Test
    void nonFiniteValuesAreIgnoredForTheRange() {
        Normalize.Result r = Normalize.minMax(new float[] {0, Float.NaN, 4, Float.POSITIVE_INFINITY, 2});
        assertArrayEquals(new float[] {0, 0, 1, 1, 0.5f}, r.values(), 1e-6f);
    }

    @Test
    void reluClampsNegativesAndNaN() {
        assertArrayEquals(new float[] {0, 0, 2.5f, 0}, Normalize.relu(new float[] {-1, 0, 2.5f, Float.NaN}));
    }

    @Test
    void symmetricKeepsZeroAtHalf() {
        Normalize.Result r = Normalize.symmetric(new float[] {-2, 0, 1});
        assertArrayEquals(new float[] {0, 0.5f, 0.75f}, r.values(), 1e-6f);
        assertFalse(r.flat());
        Normalize.Result zero = Normalize.symmetric(new float[3]);
        assertTrue(zero.flat());
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, zero.values());
    }

    @Test
    void percentileMatchesNumpyLinearInterpolation() {
        float[] x = new float[100];
        for (int i = 0; i < 100; i++) x[i] = (i % 2 == 0 ? 1 : -1) * (i + 1); // |x| = 1..100
        assertEquals(99.01f, Normalize.percentileAbs(x, 99), 1e-4f); // numpy.percentile(arange(1,101), 99)
        assertEquals(50.5f, Normalize.percentileAbs(x, 50), 1e-4f);
        assertEquals(100f, Normalize.percentileAbs(x, 100), 0f);
        assertEquals(1f, Normalize.percentileAbs(x, 0), 0f);
        assertThrows(IllegalArgumentException.class, () -> Normalize.percentileAbs(x, 101));
    }

    @Test
    void clippedVariantsSaturateOutliers() {
        float[] x = new float[101];
        for (int i = 0; i < 100; i++) x[i] = i % 2 == 0 ? 0.5f : -0.5f;
        x[100] = 1000f; // one extreme pixel
        Normalize.Result s = Normalize.symmetricClipped(x, 99);
        assertEquals(1f, s.values()[100]);
        assertEquals(1f, s.values()[0], 1e-6f, "0.5 is the clip level, so it saturates");
        assertEquals(0f, s.values()[1], 1e-6f);
        Normalize.Result plain = Normalize.symmetric(x);
        assertEquals(0.50025f, plain.values()[0], 1e-5f, "without clipping the outlier greys out everything");
        Normalize.Result m = Normalize.magnitudeClipped(x, 99);
        assertEquals(1f, m.values()[1], 1e-6f);
        assertEquals(0.5f, m.max());
        assertTrue(Normalize.magnitudeClipped(new float[5], 99).flat());
    }
}
