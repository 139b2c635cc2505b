package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.ReferenceSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Grad-CAM (Selvaraju et al. eq. 1–2) from the engine's own A and ∂S/∂A against PyTorch autograd's
 * maps: weights, maps and counterfactual maps within 1e-4 of max|ref|.
 */
class GradCamTest {

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v2", "squeezenet1_1", "vgg_small"})
    void matchesReference(String name) {
        ReferenceSet ref = ReferenceRuns.reference();
        GradCam cam = new GradCam();
        double worstW = 0, worstMap = 0, worstCf = 0;
        for (ReferenceRuns.CaseRun c : ReferenceRuns.runs(name)) {
            String what = name + " " + c.prefix();
            float[] w = cam.channelWeights(c.activation(), c.layerGrad());
            worstW = Math.max(worstW, ReferenceRuns.agree(ref.array(name, c.prefix() + "/gradcam_weights"), w, 1e-4, what + " weights"));
            Tensor map = cam.map(c.activation(), c.layerGrad());
            worstMap = Math.max(worstMap, ReferenceRuns.agree(ref.array(name, c.prefix() + "/gradcam"), map.data(), 1e-4, what + " map"));
            Tensor cf = cam.map(c.activation(), c.counterfactualGrad());
            worstCf = Math.max(worstCf, ReferenceRuns.agree(ref.array(name, c.prefix() + "/gradcam_counterfactual"), cf.data(), 1e-4, what + " counterfactual"));
        }
        System.out.printf("GradCam %s: weights %.2e, map %.2e, counterfactual %.2e (max diff / max|ref|)%n", name, worstW, worstMap, worstCf);
    }

    @Test
    void weightsAreSpatialMeansOfTheGradient() {
        // A, dA: 2 channels of 2×2
        Tensor a = new Tensor(new float[] {1, 2, 3, 4, 0, 1, 0, 1}, new int[] {2, 2, 2});
        Tensor g = new Tensor(new float[] {1, 1, 1, 1, -2, 0, -2, 0}, new int[] {2, 2, 2});
        assertArrayEquals(new float[] {1f, -1f}, new GradCam().channelWeights(a, g));
        // 1·A0 − 1·A1 = [1, 1, 3, 3]
        assertArrayEquals(new float[] {1, 1, 3, 3}, new GradCam().map(a, g).data());
        // counterfactual = negated gradient: −A0 + A1 = [−1, −1, −3, −3] → ReLU → 0
        Tensor neg = new Tensor(new float[] {-1, -1, -1, -1, 2, 0, 2, 0}, new int[] {2, 2, 2});
        assertArrayEquals(new float[4], new GradCam().map(a, neg).data());
        assertEquals(2, new GradCam().map(a, g).rank());
    }
}
