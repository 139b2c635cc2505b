package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.GradientResult;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.Compare;
import dev.gradlens.testsupport.ReferenceSet;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A and dA from GradLens's own engine on the reference models (../shared/reference), one run per image
 * with four seed rows: each recorded target and its counterfactual. Cached for the JVM so the CAM
 * test classes share the runs. Skips (via ReferenceSet.load) when the shared data is absent.
 */
final class ReferenceRuns {
    static final String[] MODELS = {"resnet18", "mobilenet_v2", "squeezenet1_1", "vgg_small"};
    private static final Map<String, List<CaseRun>> CACHE = new ConcurrentHashMap<>();

    private ReferenceRuns() {
    }

    /** One recorded case with the engine's tensors. */
    record CaseRun(String image, String prefix, int classIndex, Tensor activation, Tensor layerGrad, Tensor counterfactualGrad) {
    }

    static ReferenceSet reference() {
        return ReferenceSet.load();
    }

    static List<CaseRun> runs(String model) {
        ReferenceSet ref = reference();
        return CACHE.computeIfAbsent(model, m -> compute(ref, m));
    }

    private static List<CaseRun> compute(ReferenceSet ref, String name) {
        ModelAnalysis analysis = ModelAnalysis.analyse(OnnxModelLoader.load(ref.onnx(name)), null, null, 1000);
        String layer = ref.targetLayer(name);
        Map<String, List<ReferenceSet.Case>> byImage = new LinkedHashMap<>();
        for (ReferenceSet.Case c : ref.cases(name)) byImage.computeIfAbsent(c.image(), i -> new ArrayList<>()).add(c);
        List<CaseRun> out = new ArrayList<>();
        try (ExplainableModel model = new ExplainableModel(analysis, Device.CPU)) {
            int k = analysis.classes();
            for (var e : byImage.entrySet()) {
                List<ReferenceSet.Case> cases = e.getValue();
                int n = cases.size();
                float[] seeds = new float[2 * n * k];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(Target.of(cases.get(i).classIndex()).seed(k), 0, seeds, i * k, k);
                    System.arraycopy(new Target(cases.get(i).classIndex(), true).seed(k), 0, seeds, (n + i) * k, k);
                }
                GradientResult r = model.run(ref.image(e.getKey()), 1, seeds, 2 * n, layer, EnumSet.noneOf(RectifierPolicy.class));
                Tensor a = r.activation().slice(0);
                for (int i = 0; i < n; i++) {
                    ReferenceSet.Case c = cases.get(i);
                    out.add(new CaseRun(c.image(), c.prefix(), c.classIndex(), a, r.layerGrad().slice(i), r.layerGrad().slice(n + i)));
                }
            }
        }
        return out;
    }

    /** max|actual − ref| / max|ref|, asserted ≤ tol; returned for the report. */
    static double agree(float[] ref, float[] actual, double tol, String what) {
        double scale = Compare.maxAbs(ref);
        double diff = Compare.maxAbsDiff(ref, actual);
        double rel = scale > 0 ? diff / scale : diff == 0 ? 0 : Double.POSITIVE_INFINITY;
        assertTrue(rel <= tol, what + ": max diff " + diff + " = " + rel + " × max|ref| " + scale + " (tolerance " + tol + ")");
        return rel;
    }
}
