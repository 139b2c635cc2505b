package dev.gradlens.explain;

import dev.gradlens.inference.DevInputs;
import dev.gradlens.inference.Device;
import dev.gradlens.service.ModelSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Developer tool (not a test): where an explain call's time goes, as the explainer records it
 * ({@link Explainer#T_RUN}: the ONNX Runtime run plus copying its outputs; cams and pixel: the Java maths),
 * medians over runs for the stages {@code gradlens bench} times. Complements OrtProfileTool (kernel time).
 *
 * <pre>java -Xss4m -cp target/classes:target/test-classes:target/lib/* dev.gradlens.explain.ExplainStageTimes MODEL.onnx [RUNS]</pre>
 */
public final class ExplainStageTimes {
    private ExplainStageTimes() {
    }

    public static void main(String[] args) {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Set<MethodId> five = new LinkedHashSet<>(List.of(MethodId.GUIDED_BACKPROP, MethodId.GRADCAM, MethodId.GRADCAMPP,
                MethodId.GUIDED_GRADCAM, MethodId.GRADCAM_COUNTERFACTUAL));
        try (ModelSession s = ModelSession.open(Path.of(args[0]), null, null, Device.CPU)) {
            float[] x = DevInputs.gaussianImage(s.analysis().input().valuesPerImage());
            Explainer ex = new Explainer(s.explainable());
            int[] ranked = dev.gradlens.tensor.Ranking.all(Softmax.probabilities(ex.forward(x).data()));
            List<Target> one = List.of(Target.of(ranked[0]));
            List<Target> top5 = new ArrayList<>();
            for (int i = 0; i < 5; i++) top5.add(Target.of(ranked[i]));
            String layer = s.defaultLayer();
            stage("Grad-CAM", ex, x, one, layer, Set.of(MethodId.GRADCAM), runs);
            stage("5 panels", ex, x, one, layer, five, runs);
            stage("Grad-CAM top-5", ex, x, top5, layer, Set.of(MethodId.GRADCAM), runs);
            stage("5 panels top-5", ex, x, top5, layer, five, runs);
        }
    }

    private static void stage(String name, Explainer ex, float[] x, List<Target> targets, String layer, Set<MethodId> methods, int runs) {
        Map<String, double[]> t = new LinkedHashMap<>();
        // the calling thread's CPU time: with -Dgradlens.ort.threads=1 ONNX Runtime runs on it too, so this is the
        // whole call's work, which other processes on a shared machine do not inflate the way they inflate wall time
        java.lang.management.ThreadMXBean tm = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = -3; i < runs; i++) {
            long c0 = tm.getCurrentThreadCpuTime();
            ExplanationSet set = ex.explain(x, targets, layer, methods, Cancellation.NONE);
            double cpu = (tm.getCurrentThreadCpuTime() - c0) / 1e6;
            if (i < 0) continue;
            t.computeIfAbsent("thread-cpu", k -> new double[runs])[i] = cpu;
            for (var e : set.timings().entrySet()) t.computeIfAbsent(e.getKey(), k -> new double[runs])[i] = e.getValue();
        }
        StringBuilder b = new StringBuilder(String.format("%-16s", name));
        for (var e : t.entrySet()) {
            double[] v = e.getValue();
            Arrays.sort(v);
            b.append(String.format("  %s %.2f", e.getKey(), v[runs / 2]));
        }
        System.out.println(b + "  (ms, medians of " + runs + ")");
    }
}
