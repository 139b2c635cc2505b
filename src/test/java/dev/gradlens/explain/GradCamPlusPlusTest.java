package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.ReferenceSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Grad-CAM++ (Chattopadhyay et al., no epsilon) from the engine's own A and ∂S/∂A against the
 * reference's float64 weights and maps, within 1e-4 of max|ref|; hand-made cases for the zero
 * denominator and the ReLU of the gradient.
 */
class GradCamPlusPlusTest {

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v2", "squeezenet1_1", "vgg_small"})
    void matchesReference(String name) {
        ReferenceSet ref = ReferenceRuns.reference();
        GradCamPlusPlus cam = new GradCamPlusPlus();
        double worstW = 0, worstMap = 0;
        for (ReferenceRuns.CaseRun c : ReferenceRuns.runs(name)) {
            String what = name + " " + c.prefix();
            float[] w = cam.channelWeights(c.activation(), c.layerGrad());
            worstW = Math.max(worstW, ReferenceRuns.agree(ref.array(name, c.prefix() + "/gradcampp_weights"), w, 1e-4, what + " weights"));
            Tensor map = cam.map(c.activation(), c.layerGrad());
            worstMap = Math.max(worstMap, ReferenceRuns.agree(ref.array(name, c.prefix() + "/gradcampp"), map.data(), 1e-4, what + " map"));
        }
        System.out.printf("GradCamPlusPlus %s: weights %.2e, map %.2e (max diff / max|ref|)%n", name, worstW, worstMap);
    }

    @Test
    void weightsByHand() {
        // one channel of 1×2: A = [1, 3] (ΣA = 4), g = [0.5, −1]
        // a_0 = g²/(2g² + ΣA·g³) = 0.25/(0.5 + 4·0.125) = 0.25; w = a_0·ReLU(0.5) + a_1·ReLU(−1) = 0.125
        Tensor a = new Tensor(new float[] {1, 3}, new int[] {1, 1, 2});
        Tensor g = new Tensor(new float[] {0.5f, -1f}, new int[] {1, 1, 2});
        assertArrayEquals(new float[] {0.125f}, new GradCamPlusPlus().channelWeights(a, g), 1e-7f);
        assertArrayEquals(new float[] {0.125f, 0.375f}, new GradCamPlusPlus().map(a, g).data(), 1e-7f);
    }

    @Test
    void zeroDenominatorGivesZeroNotNaN() {
        // g = 0 everywhere: denominator 0, a = 0 (no epsilon), weight 0
        Tensor a = new Tensor(new float[] {1, 2, 3, 4}, new int[] {1, 2, 2});
        Tensor g = Tensor.zeros(1, 2, 2);
        assertArrayEquals(new float[] {0f}, new GradCamPlusPlus().channelWeights(a, g));
        // 2g² + ΣA·g³ = 0 exactly with g ≠ 0: ΣA = −2/g; A = [−4, 0] (ΣA = −4), g = 0.5 → 0.5 − 4·0.125 = 0
        Tensor a2 = new Tensor(new float[] {-4, 0}, new int[] {1, 1, 2});
        Tensor g2 = new Tensor(new float[] {0.5f, 0f}, new int[] {1, 1, 2});
        float[] w = new GradCamPlusPlus().channelWeights(a2, g2);
        assertEquals(0f, w[0]);
    }

    @Test
    void aGapHeadGivesGradCamUpToScaleInEachChannel() {
        // constant gradient g per channel: a = 1/(2 + ΣA·g), w = h·w·g/(2 + ΣA·g) for g > 0, 0 for g ≤ 0
        Tensor a = new Tensor(new float[] {1, 1, 1, 1, 2, 2, 2, 2}, new int[] {2, 2, 2});
        Tensor g = new Tensor(new float[] {0.5f, 0.5f, 0.5f, 0.5f, -0.5f, -0.5f, -0.5f, -0.5f}, new int[] {2, 2, 2});
        assertArrayEquals(new float[] {4 * 0.5f / (2 + 4 * 0.5f), 0f}, new GradCamPlusPlus().channelWeights(a, g), 1e-7f);
    }
}
