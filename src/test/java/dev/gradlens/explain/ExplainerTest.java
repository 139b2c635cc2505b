package dev.gradlens.explain;

import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.Compare;
import dev.gradlens.testsupport.ReferenceSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The façade: one run for several targets equals separate runs; seeds, probabilities, batching fallback, the reference maps. */
class ExplainerTest {
    private static final Set<MethodId> ALL = EnumSet.allOf(MethodId.class);

    @Test
    void oneRunForSeveralTargetsEqualsSeparateRuns() {
        try (ExplainableModel model = TinyModels.cnn(true, false)) {
            Explainer ex = new Explainer(model);
            float[] x = TinyModels.cnnInput(1);
            List<Target> targets = List.of(Target.of(0), Target.of(3), new Target(0, true), Target.of(4));
            ExplanationSet together = ex.explain(x, targets, "feat", ALL, Cancellation.NONE);
            // 4 targets, plus the counterfactuals of 3 and 4 asked for by the *-counterfactual methods: 6 seed rows
            assertEquals(6, together.layerGrads().size());
            for (Target t : targets) {
                ExplanationSet alone = ex.explain(x, List.of(t), "feat", ALL, Cancellation.NONE);
                for (MethodId m : ALL) {
                    Explanation a = together.get(m, t), b = alone.get(m, t);
                    assertNotNull(a, m + " " + t);
                    assertEquals(b.target(), a.target());
                    assertArrayEquals(b.raw().shape(), a.raw().shape());
                    Compare.assertCloseRelMax(b.raw().data(), a.raw().data(), 1e-5, m + " " + t);
                }
            }
            // (0, cf) is both a requested target and the counterfactual method's target of class 0: computed once
            long n = together.maps().stream().filter(e -> e.method() == MethodId.GRADCAM_COUNTERFACTUAL).count();
            assertEquals(3, n);
        }
    }

    @Test
    void scoresSeedsAndCounterfactualMethods() {
        try (ExplainableModel model = TinyModels.cnn(true, false)) {
            Explainer ex = new Explainer(model);
            float[] x = TinyModels.cnnInput(2);
            Target t = Target.of(1), cf = new Target(1, true);
            ExplanationSet s = ex.explain(x, List.of(t), null, EnumSet.of(MethodId.GRADCAM, MethodId.GRADCAM_COUNTERFACTUAL,
                    MethodId.GRADCAMPP_COUNTERFACTUAL, MethodId.SCORECAM), Cancellation.NONE);
            assertEquals(model.analysis().defaultLayer().tensor(), s.layer());
            assertEquals("feat2", s.layer());
            assertArrayEquals(ex.forward(x).data(), s.scores().data(), 1e-6f);
            double sum = 0;
            double[] p = Softmax.of(s.scores().data(), 0, 5);
            for (int i = 0; i < 5; i++) {
                sum += s.probabilities()[i];
                assertEquals(p[i], s.probabilities()[i], 1e-7);
            }
            assertEquals(1, sum, 1e-6);
            // the counterfactual seed is the negated one, so its ∂S/∂A is the negated gradient
            float[] g = s.layerGrads().get(t).data(), gcf = s.layerGrads().get(cf).data();
            for (int i = 0; i < g.length; i++) assertEquals(-g[i], gcf[i], 0f);
            Explanation c = s.get(MethodId.GRADCAM_COUNTERFACTUAL, t);
            assertEquals(cf, c.target());
            assertArrayEquals(new GradCam().map(s.activation(), s.layerGrads().get(cf)).data(), c.raw().data());
            assertArrayEquals(new GradCamPlusPlus().map(s.activation(), s.layerGrads().get(cf)).data(),
                    s.get(MethodId.GRADCAMPP_COUNTERFACTUAL, t).raw().data());
            assertSame(c, s.get(MethodId.GRADCAM_COUNTERFACTUAL, cf));
            assertNull(s.get(MethodId.GRADCAM, cf)); // not requested
            assertTrue(s.timings().containsKey(Explainer.T_RUN));
            assertTrue(s.timings().containsKey(Explainer.T_SCORECAM));
            assertTrue(s.timings().get(Explainer.T_TOTAL) >= s.timings().get(Explainer.T_RUN));
            assertFalse(s.timings().containsKey(Explainer.T_SMOOTHGRAD));
        }
    }

    private static void assertSame(Object a, Object b) {
        org.junit.jupiter.api.Assertions.assertSame(a, b);
    }

    @Test
    void fixedBatchModelsAreRelaxedAndBatched() {
        // an exporter's fixed batch of 1 is relaxed to a symbolic one: both batch, with equal maps
        try (ExplainableModel fixed = TinyModels.cnn(false, false); ExplainableModel dynamic = TinyModels.cnn(true, false)) {
            Explainer a = new Explainer(fixed), b = new Explainer(dynamic);
            assertTrue(a.batchesInputs());
            assertTrue(b.batchesInputs());
            float[] x = TinyModels.cnnInput(4);
            Set<MethodId> m = EnumSet.of(MethodId.SCORECAM, MethodId.SMOOTHGRAD);
            ExplanationSet sa = a.explain(x, List.of(Target.of(2)), "feat", m, Cancellation.NONE);
            ExplanationSet sb = b.explain(x, List.of(Target.of(2)), "feat", m, Cancellation.NONE);
            for (MethodId id : m) Compare.assertCloseRelMax(sb.get(id, Target.of(2)).raw().data(), sa.get(id, Target.of(2)).raw().data(), 1e-5, id.id());
            assertTrue(a.batchesInputs(), "the relaxed fixed-batch model ran batched");
            assertTrue(b.batchesInputs());
        }
    }

    @Test
    void aDeclaredDynamicBatchThatFailsFallsBackToOneByOne() {
        // the broken model flattens with Reshape [1, 4]: same maths at batch 1, a runtime error at batch > 1
        try (ExplainableModel broken = TinyModels.cnn(true, true); ExplainableModel good = TinyModels.cnn(true, false)) {
            Explainer a = new Explainer(broken), b = new Explainer(good);
            assertTrue(a.batchesInputs());
            float[] x = TinyModels.cnnInput(6);
            Set<MethodId> m = EnumSet.of(MethodId.SCORECAM, MethodId.SMOOTHGRAD, MethodId.GRADCAM);
            ExplanationSet sa = a.explain(x, List.of(Target.of(1)), "feat", m, Cancellation.NONE);
            assertFalse(a.batchesInputs());
            assertNotNull(a.batchFailure());
            ExplanationSet sb = b.explain(x, List.of(Target.of(1)), "feat", m, Cancellation.NONE);
            for (MethodId id : m) Compare.assertCloseRelMax(sb.get(id, Target.of(1)).raw().data(), sa.get(id, Target.of(1)).raw().data(), 1e-5, id.id());
        }
    }

    @Test
    void rejectsAWrongInputSize() {
        try (ExplainableModel model = TinyModels.micro()) {
            Explainer ex = new Explainer(model);
            assertThrows(IllegalArgumentException.class, () -> ex.explain(new float[3], List.of(Target.of(0)), null, ALL, Cancellation.NONE));
            assertThrows(dev.gradlens.GradLensException.class, () -> ex.explain(new float[4], List.of(Target.of(7)), null, ALL, Cancellation.NONE));
        }
    }

    @Test
    void cancellationStopsBeforeTheRun() {
        try (ExplainableModel model = TinyModels.micro()) {
            assertThrows(java.util.concurrent.CancellationException.class,
                    () -> new Explainer(model).explain(TinyModels.MICRO_INPUT, List.of(Target.of(0)), null, ALL, () -> true));
        }
    }

    /** ResNet-18 of the reference set: the top-5 and the recorded "other" class in one run, against separate runs and the reference maps. */
    @Test
    void topFiveInOneRunOnResnet18() {
        ReferenceSet ref = ReferenceSet.load();
        String name = "resnet18";
        ModelAnalysis analysis = ModelAnalysis.analyse(OnnxModelLoader.load(ref.onnx(name)), null, null, 1000);
        try (ExplainableModel model = new ExplainableModel(analysis, Device.CPU)) {
            Explainer ex = new Explainer(model);
            assertTrue(ex.batchesInputs()); // exported with a static batch of 1, relaxed for batched runs
            ReferenceSet.Case top1 = ref.cases(name).get(0), other = ref.cases(name).get(1);
            float[] x = ref.image(top1.image());
            float[] scores = ex.forward(x).data();
            List<Target> targets = new ArrayList<>();
            for (int c : topK(scores, 5)) targets.add(Target.of(c));
            assertEquals(top1.classIndex(), targets.get(0).classIndex());
            targets.add(Target.of(other.classIndex()));
            Set<MethodId> methods = EnumSet.of(MethodId.GRADCAM, MethodId.GRADCAMPP, MethodId.GRADCAM_COUNTERFACTUAL, MethodId.GUIDED_GRADCAM);
            ExplanationSet all = ex.explain(x, targets, null, methods, Cancellation.NONE);
            assertEquals(ref.targetLayer(name), all.layer());
            for (ReferenceSet.Case c : List.of(top1, other)) {
                Target t = Target.of(c.classIndex());
                Compare.assertCloseRelMax(ref.array(name, c.prefix() + "/gradcam"), all.get(MethodId.GRADCAM, t).raw().data(), 1e-4, c.prefix() + " gradcam");
                Compare.assertCloseRelMax(ref.array(name, c.prefix() + "/gradcampp"), all.get(MethodId.GRADCAMPP, t).raw().data(), 1e-4, c.prefix() + " gradcampp");
                Compare.assertCloseRelMax(ref.array(name, c.prefix() + "/gradcam_counterfactual"),
                        all.get(MethodId.GRADCAM_COUNTERFACTUAL, t).raw().data(), 1e-4, c.prefix() + " counterfactual");
            }
            for (Target t : List.of(targets.get(0), targets.get(3), targets.get(5))) {
                ExplanationSet alone = ex.explain(x, List.of(t), null, methods, Cancellation.NONE);
                for (MethodId m : methods) {
                    Compare.assertCloseRelMax(alone.get(m, t).raw().data(), all.get(m, t).raw().data(), 1e-5, m + " " + t);
                }
            }
            assertArrayEquals(new int[] {3, 224, 224}, all.get(MethodId.GUIDED_GRADCAM, targets.get(0)).raw().shape());
        }
    }

    private static int[] topK(float[] s, int k) {
        Integer[] idx = new Integer[s.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(s[b], s[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = idx[i];
        return out;
    }

}
