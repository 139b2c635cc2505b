package dev.gradlens.explain;

import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.LayerCandidate;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.onnx.OnnxModelLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The soak of issue 12 item 3, run in its own JVM by {@link SessionSoakTest} so its resident memory
 * is its own: {@code switches} explanations on one model, each after one switch as a user makes them
 * in the window, cycling layer → method → class → counterfactual. Layer and method switches need
 * other gradient sessions (4 layers × 3 input-gradient policy sets = 12 session keys, 3 cached);
 * class and counterfactual switches reuse them. Prints {@code rss <switch> <MiB>} after each.
 *
 * <p>Arguments: model path (or {@code resnet50-shaped}), switches, gradient sessions kept (0: the
 * default, bounded by {@link ExplainableModel#DEFAULT_GRADIENT_BUDGET} only; a large number with
 * {@code -Dgradlens.sessionBudgetMiB=100000} shows the unbounded cache it replaced).
 */
public final class SessionSoak {
    private static final List<Set<MethodId>> METHODS = List.of(
            EnumSet.of(MethodId.GRADCAM, MethodId.GRADCAMPP),
            EnumSet.of(MethodId.GUIDED_BACKPROP, MethodId.GUIDED_GRADCAM, MethodId.GRADCAM),
            EnumSet.of(MethodId.VANILLA, MethodId.LAYERCAM));

    private SessionSoak() {
    }

    public static void main(String[] args) throws IOException {
        // "resnet50-shaped": the seeded stand-in written to the temp dir (for a machine without the test data)
        Path model = Path.of(args[0]);
        if (args[0].equals("resnet50-shaped")) {
            Path dir = Files.createTempDirectory("soak-model");
            model = dev.gradlens.testsupport.ResNet50Shaped.write(dir, 50);
            dir.toFile().deleteOnExit(); // deleted in reverse order: the file first
            model.toFile().deleteOnExit();
        }
        int switches = Integer.parseInt(args[1]);
        int keep = Integer.parseInt(args[2]);
        ModelAnalysis analysis = ModelAnalysis.analyse(OnnxModelLoader.load(model), null, null, 1000);
        List<String> candidates = analysis.candidates().stream().map(LayerCandidate::tensor).toList();
        List<String> layers = new ArrayList<>(candidates.subList(0, Math.min(4, candidates.size())));
        float[] x = new float[analysis.input().valuesPerImage()];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.0137);
        int k = analysis.classes();
        int layer = 0, method = 0, cls = 1;
        boolean cf = false;
        try (ExplainableModel m = keep > 0 ? new ExplainableModel(analysis, Device.CPU, keep) : new ExplainableModel(analysis, Device.CPU)) {
            Explainer ex = new Explainer(m);
            System.out.println("rss 0 " + rssMiB());
            long t0 = System.nanoTime();
            for (int i = 1; i <= switches; i++) {
                switch (i % 4) {
                    case 1 -> layer = (layer + 1) % layers.size();
                    case 2 -> method = (method + 1) % METHODS.size();
                    case 3 -> cls = (cls * 31 + 7) % k;
                    default -> cf = !cf;
                }
                ExplanationSet set = ex.explain(x, List.of(new Target(cls, cf)), layers.get(layer), METHODS.get(method), Cancellation.NONE);
                if (set.maps().isEmpty()) throw new IllegalStateException("no map");
                System.out.println("rss " + i + " " + rssMiB() + " sessions " + m.openSessions() + " cached " + (m.cachedGradientBytes() >> 20)
                        + " MiB created " + m.createdSessions() + " s " + (System.nanoTime() - t0) / 1_000_000_000 + " hwm " + status("VmHWM:")
                        + " heap " + (Runtime.getRuntime().totalMemory() >> 20));
            }
        }
        System.out.println("peak " + status("VmHWM:"));
        System.out.println("done");
    }

    /** The resident memory after each switch (index 0: before the first) and the peak, in MiB. */
    record Curve(List<Long> rss, long peak, List<String> lines) {
        long max() {
            return rss.stream().mapToLong(Long::longValue).max().orElseThrow();
        }

        /** The curve as "switch:MiB" every {@code step} switches (for the report and the docs). */
        String compressed(int step) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < rss.size(); i++) {
                if (i % step == 0 || i == rss.size() - 1) b.append(b.length() == 0 ? "" : " ").append(i).append(':').append(rss.get(i));
            }
            return b.toString();
        }
    }

    /**
     * Runs the soak in a JVM of its own (so the resident memory measured is the soak's alone) and
     * reads its curve. Throws when the child fails or prints no {@code done}.
     */
    static Curve runInChild(Path model, int switches, int keep, Path dir, long timeoutMinutes, String... jvmFlags) throws Exception {
        Path log = dir.resolve("soak.txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-XX:-UsePerfData", "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                SessionSoak.class.getName(), model.toString(), Integer.toString(switches), Integer.toString(keep)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutMinutes, java.util.concurrent.TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("soak did not finish in " + timeoutMinutes + " min");
        }
        List<String> lines = Files.readAllLines(log);
        if (p.exitValue() != 0 || lines.isEmpty() || !lines.get(lines.size() - 1).equals("done")) {
            throw new IllegalStateException("soak failed (exit " + p.exitValue() + "):\n" + String.join("\n", lines));
        }
        List<Long> rss = new ArrayList<>();
        long peak = -1;
        for (String l : lines) {
            if (l.startsWith("rss ")) rss.add(Long.parseLong(l.split(" ")[2]));
            if (l.startsWith("peak ")) peak = Long.parseLong(l.substring(5).trim());
        }
        return new Curve(rss, peak, lines);
    }

    /** VmRSS of this process, in MiB (Linux). */
    static long rssMiB() throws IOException {
        return status("VmRSS:");
    }

    /** A memory line of /proc/self/status (VmRSS, VmHWM: the peak), in MiB. */
    static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
        return -1;
    }
}
