package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.onnx.GraphEditor;
import dev.gradlens.service.ModelSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Developer tool (not a test): ONNX Runtime's per-node profile of the graphs GradLens runs, summed by
 * op type and by part (forward nodes, gradient nodes named {@link GraphEditor#PREFIX}, layout
 * reorders ORT inserts). Used for docs/performance.md.
 *
 * <pre>java -cp target/classes:target/test-classes:target/lib/* dev.gradlens.inference.OrtProfileTool MODEL.onnx RUNS [THREADS] [OPT]</pre>
 */
public final class OrtProfileTool {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        OrtSession.SessionOptions.OptLevel opt = args.length > 3 ? OrtSession.SessionOptions.OptLevel.valueOf(args[3])
                : OrtSession.SessionOptions.OptLevel.ALL_OPT;
        try (ModelSession s = ModelSession.open(model, null, null, Device.CPU)) {
            ExplainableModel em = s.explainable();
            ModelAnalysis a = s.analysis();
            String layer = s.defaultLayer();
            float[] x = DevInputs.gaussianImage(a.input().valuesPerImage());
            int k = a.classes();
            System.out.printf("model %s, layer %s, %d runs, %d threads, %s%n", model.getFileName(), layer, runs, threads, opt);
            if (System.getProperty("dump") != null) {
                // the gradients as raw floats, to compare two builds of the graph value by value
                GradientResult g = em.run(x, 1, seeds(k, 1), 1, layer, EnumSet.of(RectifierPolicy.STANDARD, RectifierPolicy.GUIDED));
                try (java.io.DataOutputStream o = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(Path.of(System.getProperty("dump")))))) {
                    for (float v : g.layerGrad().data()) o.writeFloat(v);
                    for (float v : g.inputGrads().get(RectifierPolicy.STANDARD).data()) o.writeFloat(v);
                    for (float v : g.inputGrads().get(RectifierPolicy.GUIDED).data()) o.writeFloat(v);
                }
                return;
            }
            if (System.getProperty("ab") != null) {
                abArena(em.graphFor(null, Set.of()), em.graphFor(layer, Set.of()), em.graphFor(layer, EnumSet.of(RectifierPolicy.GUIDED)), a, x, k, runs,
                        threads, opt);
                return;
            }
            ModelProto fwd = em.graphFor(null, Set.of());
            double f = profile("forward", fwd, a, x, null, 0, runs, threads, opt, true);
            // -Donly=panels: the forward and the one-row 5-panel graph only (a quicker look at the backward)
            boolean all = !"panels".equals(System.getProperty("only"));
            double c = all ? profile("Grad-CAM (dS/dA only)", em.graphFor(layer, Set.of()), a, x, seeds(k, 1), 1, runs, threads, opt, true) : Double.NaN;
            double p = profile("5 panels (dS/dA + guided dS/dx)", em.graphFor(layer, EnumSet.of(RectifierPolicy.GUIDED)), a, x, seeds(k, 1), 1, runs, threads, opt, true);
            double p5 = all ? profile("5 panels x top-5 (5 seed rows)", em.graphFor(layer, EnumSet.of(RectifierPolicy.GUIDED)), a, x, seeds(k, 5), 5, runs, threads, opt, true) : Double.NaN;
            System.out.printf("%nratios (session.run medians, profiling off): Grad-CAM %.2f, 5 panels %.2f, 5 panels top-5 %.2f x forward%n", c / f, p / f, p5 / f);
        }
    }

    /**
     * Interleaved runs (so machine load hits all alike): the forward, and the Grad-CAM and 5-panel graphs (one and
     * five seed rows) with the gradient sessions' options of today (no CPU arena), with the arena, and without arena
     * and without ORT's memory pattern (one block planned per run: without an arena a fresh mmap every run), and at
     * EXTENDED_OPT (no NCHWc layout).
     */
    private static void abArena(ModelProto fwd, ModelProto cam, ModelProto panels, ModelAnalysis a, float[] x, int k, int runs, int threads,
                                OrtSession.SessionOptions.OptLevel opt) throws Exception {
        String[] opts = {"no arena", "arena", "no arena, no mem pattern", "arena, EXTENDED_OPT"};
        java.util.List<String> names = new java.util.ArrayList<>();
        java.util.List<OrtSession> ss = new java.util.ArrayList<>();
        java.util.List<OrtSession.SessionOptions> os = new java.util.ArrayList<>();
        java.util.List<float[]> seedsOf = new java.util.ArrayList<>();
        java.util.List<Integer> rowsOf = new java.util.ArrayList<>();
        OrtSession.SessionOptions f = options(threads, opt, true, null);
        os.add(f);
        ss.add(OrtRuntime.env().createSession(fwd.toByteArray(), f));
        names.add("forward (arena)");
        seedsOf.add(null);
        rowsOf.add(0);
        String[] graphs = {"Grad-CAM", "5 panels", "5 panels top-5"};
        ModelProto[] protos = {cam, panels, panels};
        int[] rows = {1, 1, 5};
        for (int gi = 0; gi < graphs.length; gi++) {
            for (int oi = 0; oi < opts.length; oi++) {
                OrtSession.SessionOptions o = options(threads, oi == 3 ? OrtSession.SessionOptions.OptLevel.EXTENDED_OPT : opt, oi == 1 || oi == 3, null);
                if (oi == 2) o.setMemoryPatternOptimization(false);
                os.add(o);
                ss.add(OrtRuntime.env().createSession(protos[gi].toByteArray(), o));
                names.add(graphs[gi] + ", " + opts[oi]);
                seedsOf.add(seeds(k, rows[gi]));
                rowsOf.add(rows[gi]);
            }
        }
        double[][] t = new double[ss.size()][runs];
        for (int r = -2; r < runs; r++) {
            for (int i = 0; i < ss.size(); i++) {
                double ms = time(ss.get(i), a, x, seedsOf.get(i), rowsOf.get(i), 1);
                if (r >= 0) t[i][r] = ms;
            }
        }
        for (double[] v : t) java.util.Arrays.sort(v);
        for (int i = 0; i < ss.size(); i++) {
            System.out.printf("  %-44s median %8.2f ms (%.2fx forward)  min %8.2f ms (%.2fx)%n", names.get(i), t[i][runs / 2], t[i][runs / 2] / t[0][runs / 2],
                    t[i][0], t[i][0] / t[0][0]);
            ss.get(i).close();
            os.get(i).close();
        }
    }

    private static float[] seeds(int k, int n) {
        float[] s = new float[n * k];
        for (int i = 0; i < n; i++) s[i * k + i] = 1f;
        return s;
    }

    private static double profile(String title, ModelProto graph, ModelAnalysis a, float[] x, float[] seed, int seeds, int runs,
                                  int threads, OrtSession.SessionOptions.OptLevel opt, boolean arena) throws Exception {
        byte[] bytes = graph.toByteArray();
        double wall;
        // timing without the profiler (it adds per-node overhead)
        try (OrtSession.SessionOptions o = options(threads, opt, arena, null); OrtSession sess = OrtRuntime.env().createSession(bytes, o)) {
            wall = time(sess, a, x, seed, seeds, runs);
        }
        Path dir = Files.createTempDirectory("gradlens-prof");
        String file;
        try (OrtSession.SessionOptions o = options(threads, opt, arena, dir.resolve("p").toString()); OrtSession sess = OrtRuntime.env().createSession(bytes, o)) {
            time(sess, a, x, seed, seeds, runs);
            file = sess.endProfiling();
        }
        JsonNode events = new ObjectMapper().readTree(Path.of(file).toFile());
        Map<String, double[]> byOp = new TreeMap<>();
        Map<String, double[]> byPart = new TreeMap<>();
        Map<String, Double> byNode = new HashMap<>();
        double total = 0;
        // skip the 3 warm-up runs: count node events after the start of the 4th model_run
        java.util.List<Double> starts = new java.util.ArrayList<>();
        for (JsonNode e : events) if ("model_run".equals(e.path("name").asText())) starts.add(e.path("ts").asDouble());
        java.util.Collections.sort(starts);
        double from = starts.size() > 3 ? starts.get(3) : 0;
        for (JsonNode e : events) {
            if (e.path("ts").asDouble() < from) continue;
            if (!"Node".equals(e.path("cat").asText())) continue;
            String name = e.path("name").asText();
            if (!name.endsWith("_kernel_time")) continue;
            String node = name.substring(0, name.length() - "_kernel_time".length());
            String op = e.path("args").path("op_name").asText();
            double us = e.path("dur").asDouble();
            String part = op.startsWith("Reorder") ? "layout" : node.startsWith(GraphEditor.PREFIX) ? "backward" : "forward";
            byNode.merge(op + " " + node + (SHAPES ? " " + shapes(e.path("args")) : ""), us, Double::sum);
            byOp.computeIfAbsent(part + " " + op, z -> new double[2])[0] += us;
            byOp.get(part + " " + op)[1]++;
            byPart.computeIfAbsent(part, z -> new double[2])[0] += us;
            total += us;
        }
        final int n = runs;
        final double sum = total;
        System.out.printf("%n== %s: session.run median %.2f ms; profiled kernel sum %.2f ms/run%n", title, wall, total / 1000 / n);
        for (var e : byPart.entrySet()) System.out.printf("  part %-10s %8.2f ms %5.1f%%%n", e.getKey(), e.getValue()[0] / 1000 / n, 100 * e.getValue()[0] / total);
        byOp.entrySet().stream().sorted((p, q) -> Double.compare(q.getValue()[0], p.getValue()[0])).limit(18).forEach(e ->
                System.out.printf("  %-34s %8.2f ms %5.1f%%  %4d nodes%n", e.getKey(), e.getValue()[0] / 1000 / n, 100 * e.getValue()[0] / sum,
                        (int) Math.round(e.getValue()[1] / n)));
        System.out.println("  slowest nodes:");
        byNode.entrySet().stream().sorted((p, q) -> Double.compare(q.getValue(), p.getValue())).limit(Integer.getInteger("nodes", 6)).forEach(e ->
                System.out.printf("    %8.2f ms  %s%n", e.getValue() / 1000 / n, e.getKey()));
        Files.deleteIfExists(Path.of(file));
        Files.deleteIfExists(dir);
        return wall;
    }

    /** -Dshapes=true: the slowest-node list names each node's input and output shapes too. */
    private static final boolean SHAPES = Boolean.getBoolean("shapes");

    private static String shapes(JsonNode args) {
        StringBuilder b = new StringBuilder();
        for (String side : new String[] {"input_type_shape", "output_type_shape"}) {
            b.append(side.startsWith("in") ? "in " : " -> ");
            for (JsonNode t : args.path(side)) for (var f : (Iterable<java.util.Map.Entry<String, JsonNode>>) t::fields) b.append(f.getValue()).append(' ');
        }
        return b.toString().trim();
    }

    private static OrtSession.SessionOptions options(int threads, OrtSession.SessionOptions.OptLevel opt, boolean arena, String prof) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(threads);
        o.setOptimizationLevel(opt);
        if (!arena) o.setCPUArenaAllocator(false);
        o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
        if (prof != null) o.enableProfiling(prof);
        return o;
    }

    private static double time(OrtSession sess, ModelAnalysis a, float[] x, float[] seed, int seeds, int runs) throws OrtException {
        double[] t = new double[runs];
        for (int i = runs > 1 ? -3 : 0; i < runs; i++) {
            Map<String, OnnxTensor> feeds = DevInputs.feeds(a, x, seed, seeds);
            long t0 = System.nanoTime();
            try (OrtSession.Result r = sess.run(feeds)) {
                if (i >= 0) t[i] = (System.nanoTime() - t0) / 1e6;
            } finally {
                for (OnnxTensor v : feeds.values()) v.close();
            }
        }
        java.util.Arrays.sort(t);
        return t[runs / 2];
    }
}
