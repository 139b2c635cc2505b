package dev.gradlens.metrics.sanity;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.inference.Device;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Ranking;
import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adebayo et al.'s cascading randomisation on the shipped teaching model (11 learnable layers, 5
 * steps) and a sample scene: Grad-CAM's map is gone as soon as the head and the last block are
 * randomised (rank correlation below 0.5, or the map becomes all zero); guided backprop's stays
 * above 0.5 until the lowest blocks are randomised too, so it fails the check, as the paper found.
 */
class SanityCheckTeachingModelTest {
    static SanityCheck.Result run(Path model, Path image, List<MethodId> methods, int steps, boolean independent) {
        try (ModelSession s = ModelSession.open(model, null, null, Device.CPU)) {
            float[] x = s.prepare(new ImageLoader().load(image).image()).tensor().data();
            Explainer ex = new Explainer(s.explainable());
            int cls = Ranking.all(ex.forward(x).data())[0];
            ExplanationSet set = ex.explain(x, List.of(Target.of(cls)), null, new LinkedHashSet<>(methods), Cancellation.NONE);
            Map<MethodId, Tensor> orig = new EnumMap<>(MethodId.class);
            for (MethodId m : methods) orig.put(m, set.get(m, Target.of(cls)).raw());
            SanityCheck check = new SanityCheck(s.analysis(), Device.CPU, 1, steps);
            return check.run(x, cls, s.defaultLayer(), methods, orig, independent, Cancellation.NONE);
        }
    }

    static boolean below(Double r, double t) {
        return r == null || r < t; // null: the map became constant, nothing of it is left
    }

    @Test
    void gradCamLosesItsMapOnceTheTopIsRandomisedGuidedBackpropKeepsIt() {
        SanityCheck.Result r = run(Path.of("models/scenes-clean.onnx"), Path.of("src/main/resources/dev/gradlens/samples/single-000002.png"),
                List.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP), 5, false);
        assertEquals(11, r.layers().size());
        assertEquals("/fc/Gemm", r.layers().get(0).label());
        List<SanityCheck.Step> cascade = r.steps(SanityCheck.Variant.CASCADING);
        assertEquals(5, cascade.size());
        for (int g = 0; g < 3; g++) {
            assertTrue(below(cascade.get(g).similarity().get(MethodId.GRADCAM).spearman(), 0.5), "Grad-CAM step " + g);
            assertTrue(cascade.get(g).similarity().get(MethodId.GUIDED_BACKPROP).spearmanAbs() >= 0.5, "guided backprop step " + g);
        }
        assertTrue(r.failing().get(MethodId.GUIDED_BACKPROP));
        assertFalse(r.failing().get(MethodId.GRADCAM));
    }
}
