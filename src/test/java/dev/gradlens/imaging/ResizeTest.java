package dev.gradlens.imaging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ResizeTest {
    private static final float EPS = 1e-6f;

    @Test
    void twoByTwoToFourByFourBlendsAtQuartersWithClampedEdges() {
        // map a b / c d = 0 1 / 2 3, i.e. value = x + 2y; per axis the samples fall at
        // -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1)
        float[] out = Resize.bilinear(new float[] {0, 1, 2, 3}, 2, 2, 4, 4);
        float[] f = {0, 0.25f, 0.75f, 1};
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++) assertEquals(f[x] + 2 * f[y], out[y * 4 + x], EPS, "at " + x + "," + y);
    }

    @Test
    void nonIntegerScaleMatchesPyTorchHalfPixel() {
        // torch.nn.functional.interpolate([0, 10], size=3, mode='linear', align_corners=False) = [0, 5, 10]
        assertArrayEquals(new float[] {0, 5, 10}, Resize.bilinear(new float[] {0, 10}, 1, 2, 1, 3), EPS);
        // 3 -> 2: positions 0.25 and 1.75 -> [a + 0.25(b-a), b + 0.75(c-b)]
        assertArrayEquals(new float[] {2.5f, 25f}, Resize.bilinear(new float[] {0, 10, 30}, 1, 3, 1, 2), EPS);
    }

    @Test
    void shrinkingDoesNotAntialias() {
        // 4 -> 2: positions 0.5 and 2.5, plain two-tap blends (no wider filter)
        assertArrayEquals(new float[] {5, 25}, Resize.bilinear(new float[] {0, 10, 20, 30}, 1, 4, 1, 2), EPS);
    }

    @Test
    void sameSizeIsACopyAndNonSquareWorks() {
        float[] m = {1, 2, 3, 4, 5, 6};
        float[] same = Resize.bilinear(m, 2, 3, 2, 3);
        assertArrayEquals(m, same);
        assertNotSame(m, same);
        // 2 -> 4 rows at positions 0 (clamped), 0.25, 0.75, 1 (clamped); columns untouched
        float[] tall = Resize.bilinear(m, 2, 3, 4, 3);
        assertArrayEquals(new float[] {1, 2, 3, 1.75f, 2.75f, 3.75f, 3.25f, 4.25f, 5.25f, 4, 5, 6}, tall, EPS);
    }

    @Test
    void sampleAgreesWithBilinearGrid() {
        float[] m = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        float[] up = Resize.bilinear(m, 3, 3, 7, 5);
        for (int y = 0; y < 7; y++)
            for (int x = 0; x < 5; x++) {
                double u = (x + 0.5) * 3 / 5 - 0.5, v = (y + 0.5) * 3 / 7 - 0.5;
                assertEquals(up[y * 5 + x], Resize.sample(m, 3, 3, u, v), 1e-5f);
            }
        assertEquals(0f, Resize.sample(m, 3, 3, -3, -3));
        assertEquals(8f, Resize.sample(m, 3, 3, 9, 9));
    }

    @Test
    void wrongMapSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(new float[5], 2, 3, 4, 4));
    }
}
