package dev.gradlens.run;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.GradientResult;
import dev.gradlens.service.ModelSession;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The head cut below the CAM layer gives the same ∂S/∂A as the full gradient graph, and is refused
 * where the score also depends on the image around the layer (a residual block's skip) or where the
 * head would be most of the model. On the embedded teaching model (residual blocks, GAP, linear head).
 */
class HeadGradientsTest {
    static final Path MODEL = Path.of("models/scenes-clean.onnx");

    @Test
    void headGradientsEqualTheFullGraphsForSeveralClassesAtOnce() {
        try (ModelSession s = ModelSession.open(MODEL, null, null, Device.CPU)) {
            var model = s.explainable();
            String layer = s.defaultLayer();
            int k = s.analysis().classes(), per = s.analysis().input().valuesPerImage();
            Random r = new Random(5);
            float[] x = new float[2 * per];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            GradientResult fwd = model.forwardWithLayer(x, 2, layer);
            int[] classes = {1, 4, 0};
            int[] image = {0, 0, 1};
            int a = fwd.activation().size() / 2;
            float[] rows = new float[3 * a];
            for (int j = 0; j < 3; j++) System.arraycopy(fwd.activation().data(), image[j] * a, rows, j * a, a);
            try (HeadGradients head = HeadGradients.cut(model, layer)) {
                assertNotNull(head, "block3_relu → GAP → linear is a separable head");
                float[] got = head.gradients(rows, classes).data();
                for (int j = 0; j < 3; j++) {
                    float[] seed = new float[k];
                    seed[classes[j]] = 1;
                    float[] img = java.util.Arrays.copyOfRange(x, image[j] * per, (image[j] + 1) * per);
                    GradientResult full = model.run(img, 1, seed, 1, layer, EnumSet.noneOf(RectifierPolicy.class));
                    float[] want = full.layerGrad().data();
                    assertEquals(a, want.length);
                    for (int i = 0; i < a; i++) assertEquals(want[i], got[j * a + i], 1e-6, "row " + j + " value " + i);
                    // the forward pass's activations are the full graph's too
                    assertArrayEquals(full.activation().data(), java.util.Arrays.copyOfRange(rows, j * a, (j + 1) * a), 1e-5f);
                }
            }
        }
    }

    @Test
    void noHeadAroundASkipConnectionOrWhenItIsMostOfTheModel() {
        try (ModelSession s = ModelSession.open(MODEL, null, null, Device.CPU)) {
            // block1's Add also takes the stem's output: the image reaches the score around conv1
            assertNull(HeadGradients.cut(s.explainable(), "/block1/conv1/Conv_output_0"));
            // the first conv: everything after it would be the "head"
            assertNull(HeadGradients.cut(s.explainable(), "/stem/stem.0/stem.0.0/Conv_output_0"));
        }
    }
}
