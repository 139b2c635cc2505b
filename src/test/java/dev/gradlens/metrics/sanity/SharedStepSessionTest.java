package dev.gradlens.metrics.sanity;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.inference.Device;
import dev.gradlens.onnx.Tensors;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Ranking;
import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared-session engine of the sanity check against the session-per-step engine, which edits
 * the model, builds its gradient graph and opens a session at every step (the engine before this
 * one, kept as the reference): on the teaching model, cascading and independent, the similarities
 * agree within 1e-6 and the maps within 1e-6 (absolute; 1e-4 of the map's largest value, float32
 * rounding of the other convolution kernels ONNX Runtime picks for weights that are inputs). On the
 * tiny classifier: every fed constant is traced to the layer it is derived from, and one session
 * serves every step.
 */
class SharedStepSessionTest {
    private static final List<MethodId> METHODS = List.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP, MethodId.VANILLA);

    @TempDir
    Path dir;

    private record Case(ModelSession session, float[] x, int cls, Map<MethodId, Tensor> original) {
    }

    private static Case open(Path model, float[] x) {
        ModelSession s = ModelSession.open(model, null, null, Device.CPU);
        Explainer ex = new Explainer(s.explainable());
        int cls = Ranking.all(ex.forward(x).data())[0];
        ExplanationSet set = ex.explain(x, List.of(Target.of(cls)), null, new LinkedHashSet<>(METHODS), Cancellation.NONE);
        Map<MethodId, Tensor> orig = new EnumMap<>(MethodId.class);
        for (MethodId m : METHODS) orig.put(m, set.get(m, Target.of(cls)).raw());
        return new Case(s, x, cls, orig);
    }

    @Test
    void sameMapsAndSimilaritiesAsASessionPerStep() {
        Path model = Path.of("models/scenes-clean.onnx");
        Case c;
        try (ModelSession s = ModelSession.open(model, null, null, Device.CPU)) {
            c = open(model, s.prepare(new ImageLoader().load(Path.of("src/main/resources/dev/gradlens/samples/single-000002.png")).image()).tensor().data());
        }
        try (ModelSession s = c.session()) {
            SanityCheck.Result shared = new SanityCheck(s.analysis(), Device.CPU, 1, 5, SanityCheck.Engine.SHARED_SESSION)
                    .run(c.x(), c.cls(), s.defaultLayer(), METHODS, c.original(), true, Cancellation.NONE);
            SanityCheck.Result perStep = new SanityCheck(s.analysis(), Device.CPU, 1, 5, SanityCheck.Engine.SESSION_PER_STEP)
                    .run(c.x(), c.cls(), s.defaultLayer(), METHODS, c.original(), true, Cancellation.NONE);
            assertEquals(SanityCheck.Engine.SHARED_SESSION, shared.engine(), String.valueOf(shared.engineNote()));
            assertNull(shared.engineNote());
            assertEquals(SanityCheck.Engine.SESSION_PER_STEP, perStep.engine());
            assertEquals(10, shared.steps().size());
            for (int i = 0; i < shared.steps().size(); i++) {
                SanityCheck.Step a = shared.steps().get(i), b = perStep.steps().get(i);
                assertEquals(b.randomised(), a.randomised());
                for (MethodId m : METHODS) {
                    String where = b.variant() + " step " + i + " " + m.id();
                    SanityCheck.Similarity sa = a.similarity().get(m), sb = b.similarity().get(m);
                    same(sb.spearman(), sa.spearman(), where + " Spearman");
                    same(sb.spearmanAbs(), sa.spearmanAbs(), where + " Spearman of |map|");
                    same(sb.ssim(), sa.ssim(), where + " SSIM");
                    float[] p = a.maps().get(m).data(), q = b.maps().get(m).data();
                    assertEquals(q.length, p.length);
                    double max = 0;
                    for (float v : q) max = Math.max(max, Math.abs(v));
                    for (int j = 0; j < q.length; j++) {
                        assertEquals(q[j], p[j], 1e-6, where + " value " + j);
                        assertEquals(q[j], p[j], 1e-4 * max, where + " value " + j + " relative to the largest");
                    }
                }
            }
            assertEquals(perStep.failing(), shared.failing());
        }
    }

    private static void same(Double expected, Double actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
            return;
        }
        assertNotNull(actual, what);
        assertEquals(expected, actual, 1e-6, what);
    }

    @Test
    void everyFedConstantIsTracedToItsLayerAndOneSessionServesEveryStep() throws Exception {
        Path model = TinyClassifier.write(dir);
        float[] x = new float[3 * 32 * 32];
        Random r = new Random(7);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        Case c = open(model, x);
        try (ModelSession s = c.session()) {
            WeightRandomizer rnd = new WeightRandomizer(s.analysis().model().proto(), 3);
            assertEquals(List.of("W", "w2", "w1"), rnd.layersTopDown().stream().map(WeightRandomizer.Layer::weight).toList());
            SharedStepSession.Opened o = SharedStepSession.open(s.analysis(), Device.CPU, rnd, TinyClassifier.LAYER, METHODS);
            assertNull(o.whyNot());
            try (SharedStepSession shared = o.session()) {
                Map<String, Integer> fed = shared.fedLayers();
                assertEquals(0, fed.get("W"));
                assertEquals(1, fed.get("w2"));
                assertEquals(2, fed.get("w1"));
                // w2 (stride 1) has a flipped kernel, w1 (stride 2) sub-pixel phase kernels: constants of the gradient graph
                long flipped = fed.entrySet().stream().filter(e -> e.getKey().contains("flipped") && e.getValue() == 1).count();
                long phases = fed.entrySet().stream().filter(e -> e.getKey().contains("subpixel") && e.getValue() == 2).count();
                assertEquals(1, flipped, fed.toString());
                assertEquals(1, phases, fed.toString());
                assertEquals(5, fed.size(), fed.toString());

                Map<MethodId, Tensor> none = shared.maps(List.of(), x, c.cls(), TinyClassifier.LAYER, METHODS, Cancellation.NONE);
                for (MethodId m : METHODS) {
                    float[] p = none.get(m).data(), q = c.original().get(m).data();
                    for (int j = 0; j < q.length; j++) assertEquals(q[j], p[j], 1e-5, "nothing randomised: the original map, " + m.id());
                }
                Map<MethodId, Tensor> top = shared.maps(List.of(0), x, c.cls(), TinyClassifier.LAYER, METHODS, Cancellation.NONE);
                shared.maps(List.of(0, 1, 2), x, c.cls(), TinyClassifier.LAYER, METHODS, Cancellation.NONE);
                Map<MethodId, Tensor> topAgain = shared.maps(List.of(0), x, c.cls(), TinyClassifier.LAYER, METHODS, Cancellation.NONE);
                for (MethodId m : METHODS) assertEquals(java.util.Arrays.toString(top.get(m).data()), java.util.Arrays.toString(topAgain.get(m).data()),
                        "going back to a step feeds the same values again");
                assertEquals(1, shared.createdSessions());
            }
        }
    }

    @Test
    void aTagIsTheOneNonZeroWholeValue() {
        assertEquals(3, SharedStepSession.singleTag(Tensors.floats("a", new float[] {0, 3, 3, 0, 3}, 5)));
        assertEquals(-1, SharedStepSession.singleTag(Tensors.floats("b", new float[] {2, 3}, 2)), "two layers mixed");
        assertEquals(-1, SharedStepSession.singleTag(Tensors.floats("c", new float[] {2.5f, 2.5f}, 2)), "a transformed value");
        assertEquals(-1, SharedStepSession.singleTag(Tensors.floats("d", new float[] {0, 0}, 2)), "no value at all");
        TensorProto asFloatData = TensorProto.newBuilder().setName("e").setDataType(1).addDims(2).addFloatData(4).addFloatData(4).build();
        assertEquals(4, SharedStepSession.singleTag(asFloatData));
    }

    @Test
    void theTaggedModelFillsEachLearnableWeightWithItsPositionPlusOne() throws Exception {
        Path model = TinyClassifier.write(dir);
        WeightRandomizer rnd = new WeightRandomizer(dev.gradlens.onnx.OnnxModelLoader.load(model).proto(), 0);
        Set<String> weights = Set.of("W", "w2", "w1");
        for (TensorProto t : rnd.tagged().getGraph().getInitializerList()) {
            float[] v = Tensors.toFloats(t);
            if (!weights.contains(t.getName())) continue;
            float expected = List.of("W", "w2", "w1").indexOf(t.getName()) + 1;
            for (float f : v) assertEquals(expected, f, 0, t.getName());
        }
        assertTrue(rnd.tagged().getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals("b1")
                && Tensors.toFloats(t)[0] != 1f && Tensors.toFloats(t)[0] != 2f && Tensors.toFloats(t)[0] != 3f), "biases stay");
    }
}
