package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** XGrad-CAM weights w_k = Σ_ij (A_kij / Σ_ab A_kab) g_kij, worked by hand. */
class XGradCamTest {

    @Test
    void weightsAndMapByHand() {
        // channel 0: A = [1, 3] (ΣA = 4), g = [2, −2] → w = (1·2 + 3·(−2)) / 4 = −1
        // channel 1: A = [2, 2] (ΣA = 4), g = [1, 3]  → w = (2 + 6) / 4 = 2
        Tensor a = new Tensor(new float[] {1, 3, 2, 2}, new int[] {2, 1, 2});
        Tensor g = new Tensor(new float[] {2, -2, 1, 3}, new int[] {2, 1, 2});
        XGradCam cam = new XGradCam();
        assertArrayEquals(new float[] {-1, 2}, cam.channelWeights(a, g), 1e-7f);
        // −1·[1, 3] + 2·[2, 2] = [3, 1]
        assertArrayEquals(new float[] {3, 1}, cam.map(a, g).data(), 1e-6f);
    }

    @Test
    void zeroActivationSumGivesZeroWeight() {
        // channel 0 all zero (ΣA = 0): weight 0, not NaN; channel 1: A = [−1, 1] also sums to 0
        Tensor a = new Tensor(new float[] {0, 0, -1, 1}, new int[] {2, 1, 2});
        Tensor g = new Tensor(new float[] {5, 5, 1, 1}, new int[] {2, 1, 2});
        assertArrayEquals(new float[] {0, 0}, new XGradCam().channelWeights(a, g));
        assertArrayEquals(new float[] {0, 0}, new XGradCam().map(a, g).data());
    }

    @Test
    void negativeSumIsReLUd() {
        // single channel A = [1, 1], g = [−1, −1] → w = −1, map = ReLU([−1, −1]) = 0
        Tensor a = new Tensor(new float[] {1, 1}, new int[] {1, 1, 2});
        Tensor g = new Tensor(new float[] {-1, -1}, new int[] {1, 1, 2});
        assertArrayEquals(new float[] {0, 0}, new XGradCam().map(a, g).data());
    }
}
