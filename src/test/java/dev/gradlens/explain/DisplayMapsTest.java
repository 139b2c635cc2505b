package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Display forms: half-pixel bilinear upsampling by hand, min-max, flat maps, symmetric pixel-space normalisation. */
class DisplayMapsTest {

    @Test
    void upsampleTwoByTwoToFourByFourByHand() {
        // align_corners=false: src = (dst + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25 → clamped to 0, 0.25, 0.75, 1 (edge)
        // so each axis takes [v0, 0.75 v0 + 0.25 v1, 0.25 v0 + 0.75 v1, v1]
        float[] up = dev.gradlens.imaging.Resize.bilinear(new float[] {0, 4, 8, 12}, 2, 2, 4, 4);
        assertArrayEquals(new float[] {
                0, 1, 3, 4,
                2, 3, 5, 6,
                6, 7, 9, 10,
                8, 9, 11, 12}, up, 1e-6f);
    }

    @Test
    void upsampleMatchesPyTorchOnNonIntegerScale() {
        // torch.nn.functional.interpolate(torch.tensor([[[[1., 2., 4.]]]]), size=(1, 5), mode="bilinear", align_corners=False)
        // src = (d + 0.5)·0.6 − 0.5 = −0.2, 0.4, 1.0, 1.6, 2.2 → [1, 1.4, 2, 3.2, 4]
        assertArrayEquals(new float[] {1, 1.4f, 2, 3.2f, 4}, dev.gradlens.imaging.Resize.bilinear(new float[] {1, 2, 4}, 1, 3, 1, 5), 1e-6f);
    }

    @Test
    void downsampleAndIdentity() {
        float[] m = {1, 2, 3, 4};
        assertArrayEquals(m, dev.gradlens.imaging.Resize.bilinear(m, 2, 2, 2, 2));
        // 4 → 2: src = (d + 0.5)·2 − 0.5 = 0.5, 2.5 → [1.5, 3.5]
        assertArrayEquals(new float[] {1.5f, 3.5f}, dev.gradlens.imaging.Resize.bilinear(new float[] {1, 2, 3, 4}, 1, 4, 1, 2), 1e-6f);
    }

    @Test
    void camIsReLUdUpsampledAndMinMaxNormalised() {
        // [[−4, 4], [8, 12]] → ReLU [[0, 4], [8, 12]] → upsample (above) → / 12
        DisplayMaps.DisplayMap d = DisplayMaps.cam(new Tensor(new float[] {-4, 4, 8, 12}, new int[] {2, 2}), 4, 4);
        assertFalse(d.flat());
        assertEquals(1, d.channels());
        assertEquals(4, d.width());
        float[] expected = {0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12};
        for (int i = 0; i < expected.length; i++) expected[i] /= 12f;
        assertArrayEquals(expected, d.values(), 1e-6f);
    }

    @Test
    void minIsSubtracted() {
        // [[2, 4], [2, 4]] → upsampled rows [2, 2.5, 3.5, 4] → (v − 2)/2
        DisplayMaps.DisplayMap d = DisplayMaps.cam(new Tensor(new float[] {2, 4, 2, 4}, new int[] {2, 2}), 1, 4);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, d.values(), 1e-6f);
    }

    @Test
    void allZeroAndConstantCamsStayZeroAndAreFlat() {
        DisplayMaps.DisplayMap zero = DisplayMaps.cam(Tensor.zeros(7, 7), 224, 224);
        assertTrue(zero.flat());
        assertEquals(224 * 224, zero.values().length);
        for (float v : zero.values()) assertEquals(0f, v);
        // all negative → ReLU → all zero
        assertTrue(DisplayMaps.cam(new Tensor(new float[] {-1, -2, -3, -4}, new int[] {2, 2}), 4, 4).flat());
        // constant positive: no contrast to show (bilinear rounding must not invent any)
        DisplayMaps.DisplayMap constant = DisplayMaps.cam(new Tensor(new float[] {0.3f, 0.3f, 0.3f, 0.3f}, new int[] {2, 2}), 5, 7);
        assertTrue(constant.flat());
        for (float v : constant.values()) assertEquals(0f, v);
    }

    @Test
    void pixelSpaceIsSymmetricPerChannelClippedAtAPercentile() {
        // 3 channels of 1×2: [2, −1], [0, 0], [−0.5, 0.25]; p = 99.5th percentile of |x| per channel
        // (numpy interpolation between the two order statistics): 1 + 0.995·(2 − 1) and 0.25 + 0.995·0.25
        Tensor g = new Tensor(new float[] {2, -1, 0, 0, -0.5f, 0.25f}, new int[] {3, 1, 2});
        DisplayMaps.DisplayMap d = DisplayMaps.pixel(g);
        assertEquals(3, d.channels());
        assertFalse(d.flat());
        double p0 = 1.995, p2 = 0.25 + 0.995 * 0.25;
        assertArrayEquals(new float[] {1, (float) (0.5 - 0.5 / p0), 0.5f, 0.5f, (float) Math.max(0, 0.5 - 0.25 / p2), (float) (0.5 + 0.125 / p2)},
                d.values(), 1e-6f);
    }

    @Test
    void oneExtremePixelDoesNotWashOutTheRest() {
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) v[i] = i % 2 == 0 ? 1f : -1f;
        v[7] = 1000f;
        DisplayMaps.DisplayMap d = DisplayMaps.pixel(new Tensor(v, new int[] {1, 1, 1000}));
        // with max|x| scaling every ±1 would sit at 0.5 ± 0.0005; clipped, they use the full range
        assertEquals(1f, d.values()[0], 1e-6f);
        assertEquals(0f, d.values()[1], 1e-6f);
        assertEquals(1f, d.values()[7], 1e-6f);
    }

    @Test
    void singleChannelPixelMapIsRepeatedAndZeroIsFlat() {
        DisplayMaps.DisplayMap d = DisplayMaps.pixel(new Tensor(new float[] {-4, 2}, new int[] {1, 1, 2}));
        double p = 2 + 0.995 * 2;
        float lo = (float) Math.max(0, 0.5 - 2 / p), hi = (float) (0.5 + 1 / p);
        assertArrayEquals(new float[] {lo, hi, lo, hi, lo, hi}, d.values(), 1e-6f);
        DisplayMaps.DisplayMap zero = DisplayMaps.pixel(Tensor.zeros(3, 2, 2));
        assertTrue(zero.flat());
        for (float v : zero.values()) assertEquals(0.5f, v);
    }

    @Test
    void dispatchByMethod() {
        assertEquals(3, DisplayMaps.of(MethodId.GUIDED_GRADCAM, Tensor.zeros(3, 4, 4), 8, 8).channels());
        DisplayMaps.DisplayMap cam = DisplayMaps.of(MethodId.GRADCAM, new Tensor(new float[] {0, 1, 2, 3}, new int[] {2, 2}), 8, 6);
        assertEquals(1, cam.channels());
        assertEquals(8, cam.height());
        assertEquals(6, cam.width());
        assertEquals(48, cam.values().length);
    }

    @Test
    void pixelMapOfAStretchModelTakesTheViewsAspectRatio() {
        // a 4×4 map whose columns hold 1, 2, 3, 4: shown next to a 2:1 view it becomes 4 high × 8 wide
        // (the model's height kept, the width stretched back); a left-to-right ramp stays a ramp
        float[] v = new float[16];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) v[y * 4 + x] = x + 1;
        DisplayMaps.DisplayMap d = DisplayMaps.of(MethodId.GUIDED_BACKPROP, new Tensor(v, new int[] {1, 4, 4}), 300, 600);
        assertEquals(4, d.height());
        assertEquals(8, d.width());
        assertEquals(3 * 32, d.values().length);
        for (int c = 0; c < 3; c++) for (int y = 0; y < 4; y++) {
            float[] row = java.util.Arrays.copyOfRange(d.values(), c * 32 + y * 8, c * 32 + y * 8 + 8);
            for (int x = 1; x < 8; x++) assertTrue(row[x] >= row[x - 1], "row " + y + " not increasing at " + x);
            // the end columns keep the values of the model's end columns
            DisplayMaps.DisplayMap plain = DisplayMaps.pixel(new Tensor(v, new int[] {1, 4, 4}));
            assertEquals(plain.values()[y * 4], row[0], 1e-6f);
            assertEquals(plain.values()[y * 4 + 3], row[7], 1e-6f);
        }
        // a tall view stretches the height instead
        DisplayMaps.DisplayMap tall = DisplayMaps.of(MethodId.GUIDED_BACKPROP, new Tensor(v, new int[] {1, 4, 4}), 600, 300);
        assertEquals(8, tall.height());
        assertEquals(4, tall.width());
    }

    @Test
    void pixelMapWithTheViewsAspectIsLeftAlone() {
        Tensor g = new Tensor(new float[] {2, -1, 0, 0, -0.5f, 0.25f}, new int[] {3, 1, 2});
        DisplayMaps.DisplayMap plain = DisplayMaps.pixel(g);
        DisplayMaps.DisplayMap same = DisplayMaps.of(MethodId.VANILLA, g, 201, 400); // 0.5 % off: rounding
        assertArrayEquals(plain.values(), same.values());
        assertEquals(1, same.height());
        assertEquals(2, same.width());
        assertTrue(DisplayMaps.of(MethodId.VANILLA, Tensor.zeros(3, 2, 2), 10, 20).flat());
    }
}
