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
 * <p>Arguments: model path, switches, gradient sessions kept (the default 3; a large number shows
 * the unbounded cache it replaced).
 */
public final class SessionSoak {
    private static final List<Set<MethodId>> METHODS = List.of(
            EnumSet.of(MethodId.GRADCAM, MethodId.GRADCAMPP),
            EnumSet.of(MethodId.GUIDED_BACKPROP, MethodId.GUIDED_GRADCAM, MethodId.GRADCAM),
            EnumSet.of(MethodId.VANILLA, MethodId.LAYERCAM));

    private SessionSoak() {
    }

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args[0]);
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
        try (ExplainableModel m = new ExplainableModel(analysis, Device.CPU, keep)) {
            Explainer ex = new Explainer(m);
            System.out.println("rss 0 " + rssMiB());
            for (int i = 1; i <= switches; i++) {
                switch (i % 4) {
                    case 1 -> layer = (layer + 1) % layers.size();
                    case 2 -> method = (method + 1) % METHODS.size();
                    case 3 -> cls = (cls * 31 + 7) % k;
                    default -> cf = !cf;
                }
                ExplanationSet set = ex.explain(x, List.of(new Target(cls, cf)), layers.get(layer), METHODS.get(method), Cancellation.NONE);
                if (set.maps().isEmpty()) throw new IllegalStateException("no map");
                System.out.println("rss " + i + " " + rssMiB() + " sessions " + m.openSessions());
            }
        }
        System.out.println("done");
    }

    /** VmRSS of this process, in MiB (Linux). */
    static long rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
        return -1;
    }
}
