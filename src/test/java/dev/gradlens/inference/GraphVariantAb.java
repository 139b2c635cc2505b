package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.onnx.GraphEditor;
import dev.gradlens.service.ModelSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Developer tool (not a test): two builds of the same 5-panel gradient graph, A as the builder makes it now and
 * B with the system property named by the second argument set to {@code true} while it is built (a rule's
 * experiment switch), run alternately in one process so that machine load hits both alike. Prints medians and
 * minima of {@code session.run}, the forward's for scale, the worst difference between the two graphs' outputs,
 * and (with -Dprofile=true) the per-op kernel sums of each.
 *
 * <pre>java -Xss4m -cp target/classes:target/test-classes:target/lib/* dev.gradlens.inference.GraphVariantAb MODEL.onnx PROPERTY[,PROPERTY] [RUNS] [ROWS]</pre>
 * (PROPERTY {@code one-row}: B is the one-row graph of a one-class explanation.)
 */
public final class GraphVariantAb {
    private GraphVariantAb() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        String[] props = args[1].split(",");
        try (ModelSession s = ModelSession.open(Path.of(args[0]), null, null, Device.CPU)) {
            ExplainableModel em = s.explainable();
            ModelAnalysis a = s.analysis();
            String layer = s.defaultLayer();
            float[] x = DevInputs.gaussianImage(a.input().valuesPerImage());
            int k = a.classes();
            float[] seed = new float[rows * k];
            for (int i = 0; i < rows; i++) seed[i * k + i] = 1f;
            EnumSet<RectifierPolicy> pol = EnumSet.of(RectifierPolicy.GUIDED);
            if (Boolean.getBoolean("standard")) pol.add(RectifierPolicy.STANDARD);
            // -Dcam=true: the Grad-CAM graph (dS/dA only) instead of the 5-panel one
            if (Boolean.getBoolean("cam")) pol.clear();
            ModelProto ga = em.graphFor(layer, pol);
            for (String p : props) System.setProperty(p, "true");
            // PROPERTY "one-row": B is the one-row graph a one-class explanation runs (GradientRequest#oneRow), A the general one
            ModelProto gb = args[1].equals("one-row") ? em.oneRowGraphFor(layer, pol) : em.graphFor(layer, pol);
            for (String p : props) System.clearProperty(p);
            ModelProto fwd = em.graphFor(null, java.util.Set.of());
            System.out.printf("nodes: A %d, B %d%n", ga.getGraph().getNodeCount(), gb.getGraph().getNodeCount());
            boolean prof = Boolean.getBoolean("profile");
            List<OrtSession> ss = new ArrayList<>();
            List<OrtSession.SessionOptions> os = new ArrayList<>();
            Path dir = Files.createTempDirectory("gradlens-ab");
            ModelProto[] graphs = {fwd, ga, gb};
            for (int i = 0; i < 3; i++) {
                OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                o.setIntraOpNumThreads(Math.max(1, Integer.getInteger("threads", Runtime.getRuntime().availableProcessors())));
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
                if (prof && i > 0) o.enableProfiling(dir.resolve("p" + i).toString());
                os.add(o);
                ss.add(OrtRuntime.env().createSession(graphs[i].toByteArray(), o));
            }
            double[][] t = new double[3][runs];
            // with -Dthreads=1 ONNX Runtime runs every kernel on the calling thread: its CPU time is the work done,
            // whatever else the machine runs (wall time on a loaded machine is mostly waiting for a core)
            double[][] cpu = new double[3][runs];
            java.lang.management.ThreadMXBean tm = java.lang.management.ManagementFactory.getThreadMXBean();
            Map<String, float[]> outA = null, outB = null;
            // -Dblock=N: each graph runs N times in a row (after 2 unrecorded runs) before the next: each session has its own
            // ONNX Runtime thread pool, whose threads spin for a while after a run and slow the next session's run when
            // graphs alternate run by run (the forward measured 31 ms alternated against 10.4 ms alone, 2 threads, quiet)
            int block = Math.max(1, Integer.getInteger("block", 1));
            List<int[]> order = new ArrayList<>();
            if (block == 1) {
                for (int i = -3; i < runs; i++) for (int v = 0; v < 3; v++) order.add(new int[] {i, v});
            } else {
                for (int v = 0; v < 3; v++) order.add(new int[] {-1, v});
                for (int b = 0; b < runs; b += block) {
                    for (int v = 0; v < 3; v++) {
                        order.add(new int[] {-2, v});
                        order.add(new int[] {-2, v});
                        for (int i = b; i < Math.min(runs, b + block); i++) order.add(new int[] {i, v});
                    }
                }
            }
            for (int[] step : order) {
                int i = step[0];
                {
                    int v = step[1];
                    Map<String, OnnxTensor> feeds = DevInputs.feeds(a, x, v > 0 ? seed : null, rows);
                    long c0 = tm.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    try (OrtSession.Result res = ss.get(v).run(feeds)) {
                        if (i >= 0) t[v][i] = (System.nanoTime() - t0) / 1e6;
                        if (i >= 0) cpu[v][i] = (tm.getCurrentThreadCpuTime() - c0) / 1e6;
                        if (i == -1 && v > 0) {
                            Map<String, float[]> m = new TreeMap<>();
                            for (var e : res) {
                                java.nio.FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                                float[] d = new float[fb.remaining()];
                                fb.get(d);
                                m.put(e.getKey(), d);
                            }
                            if (v == 1) outA = m; else outB = m;
                        }
                    } finally {
                        for (OnnxTensor f : feeds.values()) f.close();
                    }
                }
            }
            for (var e : outA.entrySet()) {
                float[] pa = e.getValue(), pb = outB.get(e.getKey());
                double worst = 0, max = 0;
                int same = 0;
                for (int i = 0; i < pa.length; i++) {
                    worst = Math.max(worst, Math.abs(pa[i] - pb[i]));
                    max = Math.max(max, Math.abs(pa[i]));
                    if (Float.floatToIntBits(pa[i]) == Float.floatToIntBits(pb[i]) || pa[i] == pb[i]) same++;
                }
                System.out.printf("  output %-24s %8d values, %8d equal, max|diff| %.3g (max|A| %.3g)%n", e.getKey(), pa.length, same, worst, max);
            }
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            String[] names = {"forward", "A (now)", "B (" + args[1] + ")"};
            for (int v = 0; v < 3; v++) {
                double[] c = t[v].clone();
                Arrays.sort(c);
                double[] f = t[0].clone();
                Arrays.sort(f);
                System.out.printf("  %-40s median %8.2f ms (%.2fx fwd)  min %8.2f ms (%.2fx)%n", names[v], c[runs / 2], c[runs / 2] / f[runs / 2], c[0], c[0] / f[0]);
            }
            for (int v = 0; v < 3; v++) {
                double[] c = cpu[v].clone();
                Arrays.sort(c);
                double[] f = cpu[0].clone();
                Arrays.sort(f);
                System.out.printf("  %-40s calling-thread cpu median %8.2f ms (%.2fx fwd)  min %8.2f ms%n", names[v], c[runs / 2], c[runs / 2] / f[runs / 2], c[0]);
            }
            // per-run paired ratio B/A (the same moment's load)
            double[] ratio = new double[runs];
            for (int i = 0; i < runs; i++) ratio[i] = t[2][i] / t[1][i];
            Arrays.sort(ratio);
            System.out.printf("  paired B/A: median %.3f, quartiles %.3f..%.3f; load average %.2f%n", ratio[runs / 2], ratio[runs / 4], ratio[3 * runs / 4], load);
            for (int v = 1; v < 3 && prof; v++) {
                String file = ss.get(v).endProfiling();
                summarise(names[v], Path.of(file), runs);
                Files.deleteIfExists(Path.of(file));
            }
            for (int i = 0; i < 3; i++) {
                ss.get(i).close();
                os.get(i).close();
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void summarise(String title, Path file, int runs) throws Exception {
        JsonNode events = new ObjectMapper().readTree(file.toFile());
        List<Double> starts = new ArrayList<>();
        for (JsonNode e : events) if ("model_run".equals(e.path("name").asText())) starts.add(e.path("ts").asDouble());
        java.util.Collections.sort(starts);
        double from = starts.size() > 3 ? starts.get(3) : 0;
        Map<String, double[]> byOp = new TreeMap<>();
        double total = 0;
        for (JsonNode e : events) {
            if (e.path("ts").asDouble() < from || !"Node".equals(e.path("cat").asText())) continue;
            String name = e.path("name").asText();
            if (!name.endsWith("_kernel_time")) continue;
            String node = name.substring(0, name.length() - "_kernel_time".length());
            String op = e.path("args").path("op_name").asText();
            String part = op.startsWith("Reorder") ? "layout" : node.startsWith(GraphEditor.PREFIX) ? "backward" : "forward";
            double us = e.path("dur").asDouble();
            byOp.computeIfAbsent(part + " " + op, z -> new double[2])[0] += us;
            byOp.get(part + " " + op)[1]++;
            total += us;
        }
        System.out.printf("%n== %s: kernel sum %.2f ms/run%n", title, total / 1000 / runs);
        final double sum = total;
        byOp.entrySet().stream().sorted((p, q) -> Double.compare(q.getValue()[0], p.getValue()[0])).limit(16).forEach(e ->
                System.out.printf("  %-34s %8.2f ms %5.1f%%  %4d nodes%n", e.getKey(), e.getValue()[0] / 1000 / runs, 100 * e.getValue()[0] / sum,
                        (int) Math.round(e.getValue()[1] / runs)));
    }
}
