package dev.gradlens.imaging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ResampleTest {
    private static float[] row(Resample.Taps xs, float... values) {
        return Resample.apply(values, 1, xs, Resample.antialiased(1, 1));
    }

    @Test
    void antialiasedShrinkUsesPilsWidenedTriangle() {
        // 4 -> 2 (scale 2): output 0 is centred at 1.0 with support 2; pixel centres 0.5, 1.5, 2.5
        // get weights 0.75, 0.75, 0.25 (the tap at -0.5 falls outside and is dropped), normalised
        // by 1.75: [3/7, 3/7, 1/7]. This is PIL's BILINEAR (and torch antialias=True), not a box average.
        Resample.Taps t = Resample.antialiased(4, 2);
        assertEquals(0, t.start()[0]);
        assertEquals(3.0 / 7, t.weight(0, 0), 1e-12);
        assertEquals(3.0 / 7, t.weight(0, 1), 1e-12);
        assertEquals(1.0 / 7, t.weight(0, 2), 1e-12);
        assertArrayEquals(new float[] {10, 60}, row(t, 0, 0, 70, 70), 1e-4f);
    }

    @Test
    void interiorTapsAreTheTriangleOneThreeThreeOne() {
        // 8 -> 4: an impulse of 80 at index 3 spreads as 3/8 into output 1 and 1/8 into output 2
        assertArrayEquals(new float[] {0, 30, 10, 0}, row(Resample.antialiased(8, 4), 0, 0, 0, 80, 0, 0, 0, 0), 1e-4f);
    }

    @Test
    void upscalingIsPlainHalfPixelBilinear() {
        assertArrayEquals(new float[] {0, 25, 75, 100}, row(Resample.antialiased(2, 4), 0, 100), 1e-4f);
    }

    @Test
    void sameSizeIsIdentityAndConstantsStayConstant() {
        float[] v = {3, 1, 4, 1, 5};
        assertArrayEquals(v, row(Resample.antialiased(5, 5), v), 1e-6f);
        float[] flat = new float[100];
        java.util.Arrays.fill(flat, 42f);
        for (float f : row(Resample.antialiased(100, 7), flat)) assertEquals(42f, f, 1e-4f);
    }

    @Test
    void windowSelectsPartOfTheResize() {
        Resample.Taps all = Resample.antialiased(10, 6);
        Resample.Taps part = Resample.antialiased(10, 6, 2, 3);
        float[] v = {0, 9, 2, 7, 4, 5, 6, 3, 8, 1};
        float[] full = row(all, v), window = row(part, v);
        assertArrayEquals(java.util.Arrays.copyOfRange(full, 2, 5), window, 1e-6f);
    }

    @Test
    void alignCornersKeepsCornersAndSamplesExactly() {
        assertArrayEquals(new float[] {0, 25, 50, 75, 100}, row(Resample.alignCorners(3, 5), 0, 50, 100), 1e-4f);
        // shrinking picks samples at 0, 2, 4 with no antialiasing
        assertArrayEquals(new float[] {1, 5, 9}, row(Resample.alignCorners(5, 3), 1, 100, 5, 100, 9), 1e-4f);
        assertArrayEquals(new float[] {7}, row(Resample.alignCorners(3, 1), 7, 8, 9), 1e-6f);
    }

    @Test
    void twoDimensionalInterleavedChannels() {
        // 2x2 RGB image upscaled to 4x4: channels do not mix
        float[] src = {0, 10, 100, 0, 10, 100, 0, 10, 100, 0, 10, 100};
        float[] out = Resample.apply(src, 3, Resample.antialiased(2, 4), Resample.antialiased(2, 4));
        for (int i = 0; i < 16; i++) {
            assertEquals(0, out[3 * i], 1e-5);
            assertEquals(10, out[3 * i + 1], 1e-5);
            assertEquals(100, out[3 * i + 2], 1e-5);
        }
    }

    @Test
    void floatRgbRoundTrip() {
        RgbImage img = new RgbImage(2, 1, new int[] {0xFF102030, 0xFFFFFFFF});
        float[] f = Resample.toFloatRgb(img);
        assertArrayEquals(new float[] {16, 32, 48, 255, 255, 255}, f);
        assertArrayEquals(img.argb(), Resample.fromFloatRgb(f, 2, 1).argb());
        assertEquals(0xFF00FF01, Resample.fromFloatRgb(new float[] {-5, 300, 0.5f}, 1, 1).argb()[0]);
    }

    @Test
    void onePlaneGivesTheInterleavedLoopsValuesBitForBit() {
        // One channel runs its own row-wise loops; the interleaved loops (two channels here) are the reference. Cases:
        // a CAM upsampled half-pixel, an antialiased shrink (wide taps, zero weights at the edges), align_corners, and a
        // window of a resize (the vertical taps start below row 0).
        java.util.Random r = new java.util.Random(7);
        Resample.Taps[][] cases = {
                {Resample.halfPixel(7, 224), Resample.halfPixel(7, 224)},
                {Resample.antialiased(300, 97), Resample.antialiased(250, 61)},
                {Resample.alignCorners(9, 40), Resample.alignCorners(5, 33)},
                {Resample.antialiased(120, 256, 16, 224), Resample.antialiased(90, 256, 16, 224)}};
        for (Resample.Taps[] c : cases) {
            int n = c[0].inSize() * c[1].inSize();
            float[] plane = new float[n], pair = new float[2 * n];
            for (int i = 0; i < n; i++) {
                plane[i] = (float) (r.nextGaussian() * 100);
                pair[2 * i] = plane[i];
                pair[2 * i + 1] = -plane[i];
            }
            float[] one = Resample.apply(plane, 1, c[0], c[1]), two = Resample.apply(pair, 2, c[0], c[1]);
            assertEquals(c[0].outSize() * c[1].outSize(), one.length);
            for (int i = 0; i < one.length; i++) {
                assertEquals(Float.floatToRawIntBits(two[2 * i]), Float.floatToRawIntBits(one[i]), "value " + i);
            }
        }
    }
}
