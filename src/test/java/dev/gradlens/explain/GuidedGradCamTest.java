package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Guided Grad-CAM = guided backprop × Grad-CAM upsampled (half-pixel bilinear) to the input size. */
class GuidedGradCamTest {

    @Test
    void guidedTimesUpsampledCamByHand() {
        // A [1, 1, 2], g = [1, 1] → α = 1, CAM = [0, 4]; upsampled 1×2 → 1×4 (half-pixel):
        // [0, 0.75·0 + 0.25·4, 0.25·0 + 0.75·4, 4] = [0, 1, 3, 4]
        Tensor a = new Tensor(new float[] {0, 4}, new int[] {1, 1, 2});
        Tensor g = new Tensor(new float[] {1, 1}, new int[] {1, 1, 2});
        // guided [2, 1, 4]: two colour channels
        Tensor guided = new Tensor(new float[] {1, 1, 1, 1, -1, 2, 0.5f, -0.5f}, new int[] {2, 1, 4});
        Tensor out = new GuidedGradCam().map(a, g, guided);
        assertArrayEquals(new int[] {2, 1, 4}, out.shape());
        assertArrayEquals(new float[] {0, 1, 3, 4, 0, 2, 1.5f, -2}, out.data(), 1e-6f);
    }

    @Test
    void gradCamPlusPlusVariantUsesGradCamPlusPlus() {
        // A = [1, 3] (ΣA = 4), g = [0.5, −1]: Grad-CAM++ w = 0.125 → CAM = [0.125, 0.375]
        // upsampled 1×2 → 1×4: [0.125, 0.1875, 0.3125, 0.375]
        Tensor a = new Tensor(new float[] {1, 3}, new int[] {1, 1, 2});
        Tensor g = new Tensor(new float[] {0.5f, -1f}, new int[] {1, 1, 2});
        Tensor guided = new Tensor(new float[] {2, 2, 2, 2}, new int[] {1, 1, 4});
        assertArrayEquals(new float[] {0.25f, 0.375f, 0.625f, 0.75f}, new GuidedGradCamPlusPlus().map(a, g, guided).data(), 1e-6f);
        assertEquals(GradCamPlusPlus.class, new GuidedGradCamPlusPlus().cam().getClass());
    }

    @Test
    void combineUpsamplesTwoByTwoToFourByFour() {
        Tensor cam = new Tensor(new float[] {0, 4, 8, 12}, new int[] {2, 2});
        Tensor ones = new Tensor(filled(16, 1f), new int[] {1, 4, 4});
        // rows of the upsampled map (see DisplayMapsTest): [0,1,3,4], [2,3,5,6], [6,7,9,10], [8,9,11,12]
        assertArrayEquals(new float[] {0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12}, GuidedCam.combine(ones, cam).data(), 1e-6f);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
