package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** HiResCAM L_ij = ReLU(Σ_k g_kij A_kij), worked by hand; equals Grad-CAM for a spatially constant gradient up to h·w. */
class HiResCamTest {

    @Test
    void mapByHand() {
        // same tensors as LayerCamTest: Σ_k g·A = [1 − 8, −2 + 3, 1.5 + 2, 0 + 3] = [−7, 1, 3.5, 3] → ReLU
        Tensor a = new Tensor(new float[] {1, 2, 3, 4, 4, 3, 2, 1}, new int[] {2, 2, 2});
        Tensor g = new Tensor(new float[] {1, -1, 0.5f, 0, -2, 1, 1, 3}, new int[] {2, 2, 2});
        assertArrayEquals(new float[] {0, 1, 3.5f, 3}, new HiResCam().map(a, g).data(), 1e-6f);
    }

    @Test
    void constantGradientGivesGradCam() {
        // a GAP→FC head: g_kij = c_k everywhere, so Σ_k c_k A_k = Grad-CAM (α_k = c_k)
        Tensor a = new Tensor(new float[] {1, 2, 3, 4, 4, 3, 2, 1}, new int[] {2, 2, 2});
        Tensor g = new Tensor(new float[] {0.5f, 0.5f, 0.5f, 0.5f, -0.25f, -0.25f, -0.25f, -0.25f}, new int[] {2, 2, 2});
        assertArrayEquals(new GradCam().map(a, g).data(), new HiResCam().map(a, g).data(), 1e-6f);
    }
}
