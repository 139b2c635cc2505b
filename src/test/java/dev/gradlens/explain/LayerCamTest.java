package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** LayerCAM L_ij = ReLU(Σ_k ReLU(g_kij) A_kij), worked by hand. */
class LayerCamTest {

    @Test
    void mapByHand() {
        // A: ch0 [1, 2, 3, 4], ch1 [4, 3, 2, 1]; g: ch0 [1, −1, 0.5, 0], ch1 [−2, 1, 1, 3]
        // Σ_k ReLU(g) A = [1·1 + 0, 0 + 1·3, 0.5·3 + 1·2, 0 + 3·1] = [1, 3, 3.5, 3]
        Tensor a = new Tensor(new float[] {1, 2, 3, 4, 4, 3, 2, 1}, new int[] {2, 2, 2});
        Tensor g = new Tensor(new float[] {1, -1, 0.5f, 0, -2, 1, 1, 3}, new int[] {2, 2, 2});
        assertArrayEquals(new float[] {1, 3, 3.5f, 3}, new LayerCam().map(a, g).data(), 1e-6f);
    }

    @Test
    void negativeActivationsCanStillGiveNegativeSumsThatAreReLUd() {
        // A = [−2, 1], g = [1, 1]: ReLU(g)·A = [−2, 1] → ReLU → [0, 1]
        Tensor a = new Tensor(new float[] {-2, 1}, new int[] {1, 1, 2});
        Tensor g = new Tensor(new float[] {1, 1}, new int[] {1, 1, 2});
        assertArrayEquals(new float[] {0, 1}, new LayerCam().map(a, g).data());
    }

    @Test
    void shapesMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> new LayerCam().map(Tensor.zeros(2, 2, 2), Tensor.zeros(1, 2, 2)));
    }
}
