package dev.gradlens.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Softmax;
import dev.gradlens.explain.Target;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.service.ModelSession;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Developer tool (not a test): where the time between a bare {@code session.run} of the 5-panel gradient graph
 * and the explainer's {@code forward+backward} stage goes. Alternates, in one process, (a) a bare run of a session
 * built from the same graph, (b) the same plus reading the outputs, (c) {@link ExplainableModel#run}, (d) a whole
 * 5-panel {@link Explainer#explain}; prints medians of wall and process CPU time.
 *
 * <pre>java -Xss4m -cp target/classes:target/test-classes:target/lib/* dev.gradlens.inference.ExplainGapProbe MODEL.onnx [RUNS]</pre>
 */
public final class ExplainGapProbe {
    private ExplainGapProbe() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Set<MethodId> five = new LinkedHashSet<>(List.of(MethodId.GUIDED_BACKPROP, MethodId.GRADCAM, MethodId.GRADCAMPP,
                MethodId.GUIDED_GRADCAM, MethodId.GRADCAM_COUNTERFACTUAL));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (ModelSession s = ModelSession.open(Path.of(args[0]), null, null, Device.CPU)) {
            ExplainableModel em = s.explainable();
            ModelAnalysis a = s.analysis();
            float[] x = DevInputs.gaussianImage(a.input().valuesPerImage());
            Explainer ex = new Explainer(em);
            int[] ranked = dev.gradlens.tensor.Ranking.all(Softmax.probabilities(ex.forward(x).data()));
            String layer = s.defaultLayer();
            int k = a.classes();
            float[] seed = new float[k];
            seed[ranked[0]] = 1f;
            Set<RectifierPolicy> guided = EnumSet.of(RectifierPolicy.GUIDED);
            OrtRuntime.Session bare = OrtRuntime.createSession(em.graphFor(layer, guided).toByteArray(), Device.CPU, true);
            String[] names = {"bare session.run", "bare run + read outputs", "ExplainableModel.run", "explain 5 panels (T_RUN)",
                    "explain 5 panels (total)", "forward"};
            double[][] wall = new double[names.length][runs];
            double[][] cpu = new double[names.length][runs];
            for (int i = -3; i < runs; i++) {
                for (int v = 0; v < 5; v++) {
                    long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                    double inner = -1;
                    switch (v) {
                        case 0, 1 -> {
                            Map<String, OnnxTensor> feeds = new HashMap<>();
                            feeds.put(a.input().name(), OrtRuntime.tensor(x, a.input().shape(1), a.input().elementType()));
                            long[] shape = new long[a.shapes().get(a.scoreTensor()).rank()];
                            Arrays.fill(shape, 1);
                            shape[1] = k;
                            feeds.put(ExplainableModel.SEED, OrtRuntime.tensor(seed, shape));
                            try (OrtSession.Result res = bare.ort().run(feeds)) {
                                if (v == 1) for (var e : res) ((OnnxTensor) e.getValue()).getFloatBuffer();
                            } finally {
                                for (OnnxTensor t : feeds.values()) t.close();
                            }
                        }
                        case 2 -> em.run(x, 1, seed, 1, layer, guided);
                        case 3 -> {
                            ExplanationSet set = ex.explain(x, List.of(Target.of(ranked[0])), layer, five, Cancellation.NONE);
                            inner = set.timings().get(Explainer.T_RUN);
                            wall[4][Math.max(i, 0)] = set.timings().get(Explainer.T_TOTAL);
                        }
                        case 4 -> ex.forward(x);
                        default -> throw new IllegalStateException();
                    }
                    double w = (System.nanoTime() - t0) / 1e6, c = (os.getProcessCpuTime() - c0) / 1e6;
                    if (i < 0) continue;
                    int slot = v == 4 ? 5 : v;
                    wall[slot][i] = inner >= 0 ? inner : w;
                    cpu[slot][i] = c;
                }
            }
            System.out.printf("model %s, %d runs, load %.2f%n", Path.of(args[0]).getFileName(), runs, os.getSystemLoadAverage());
            for (int v = 0; v < names.length; v++) {
                Arrays.sort(wall[v]);
                Arrays.sort(cpu[v]);
                System.out.printf("  %-28s wall median %8.2f ms  min %8.2f   process cpu median %8.2f ms%n", names[v], wall[v][runs / 2],
                        wall[v][0], cpu[v][runs / 2]);
            }
            bare.close();
        }
    }
}
