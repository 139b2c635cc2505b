package dev.gradlens.metrics.sanity;

import dev.gradlens.explain.MethodId;
import dev.gradlens.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same check on a real ImageNet model from ../shared (skipped without it): MobileNet v1 0.25
 * (28 learnable layers, 6 steps) on the cat photo. Measured: Grad-CAM's rank correlation is 0.02
 * after the first step (head and last block randomised) and stays below 0.45; guided backprop's
 * |map| keeps 0.87, 0.75, 0.69 over the first three steps.
 */
class SanityCheckRealModelTest {
    @Test
    void mobilenetV1OnTheCatPhoto() {
        Path model = SharedData.require("models/mobilenet_v1_025/model.onnx");
        Path image = SharedData.require("images/chelsea.png");
        SanityCheck.Result r = SanityCheckTeachingModelTest.run(model, image, List.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP), 6, false);
        List<SanityCheck.Step> cascade = r.steps(SanityCheck.Variant.CASCADING);
        assertTrue(SanityCheckTeachingModelTest.below(cascade.get(0).similarity().get(MethodId.GRADCAM).spearman(), 0.2));
        for (SanityCheck.Step st : cascade)
            assertTrue(SanityCheckTeachingModelTest.below(st.similarity().get(MethodId.GRADCAM).spearman(), 0.5), "step " + st.index());
        for (int g = 0; g < 3; g++)
            assertTrue(cascade.get(g).similarity().get(MethodId.GUIDED_BACKPROP).spearmanAbs() >= 0.6, "guided backprop step " + g);
        assertTrue(r.failing().get(MethodId.GUIDED_BACKPROP));
        assertFalse(r.failing().get(MethodId.GRADCAM));
    }
}
