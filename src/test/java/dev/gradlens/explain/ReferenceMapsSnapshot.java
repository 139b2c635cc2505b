package dev.gradlens.explain;

import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.testsupport.ReferenceSet;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every map of every method on the reference set (../shared/reference: four models, three images, the
 * two recorded targets each), as the engine computes it today. Saved once before an engine change and
 * compared after it (the compare verb below): a change that is meant only to be faster must
 * give the same maps (bit-for-bit, or within 1e-6 of each map's largest magnitude where ONNX Runtime adds
 * the same terms in another order).
 *
 * <pre>java -Xss4m -cp target/classes:target/test-classes:target/lib/* dev.gradlens.explain.ReferenceMapsSnapshot save|compare DIR [MODEL]</pre>
 *
 * Score-CAM (C masked forwards, no gradient) is taken on the first image only to keep a snapshot to
 * about a minute.
 */
public final class ReferenceMapsSnapshot {
    /** Relative tolerance of the comparison: max|new − old| ≤ 1e-6 · max|old| per map. */
    public static final double TOLERANCE = 1e-6;

    private ReferenceMapsSnapshot() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        if (args[0].equals("repeat")) {
            // run-to-run spread of unchanged code: two fresh computations of one model compared with each other
            Map<String, float[]> a = compute(ReferenceSet.load(), args[2]), b = compute(ReferenceSet.load(), args[2]);
            for (var e : a.entrySet()) {
                Report one = compare(Map.of(e.getKey(), e.getValue()), Map.of(e.getKey(), b.get(e.getKey())));
                if (one.identical() == 0) System.out.println("  " + one);
            }
            System.out.println(args[2] + " twice: " + compare(a, b));
        } else if (args[0].equals("save")) {
            Files.createDirectories(dir);
            for (String m : ReferenceRuns.MODELS) {
                Map<String, float[]> maps = compute(ReferenceSet.load(), m);
                write(dir.resolve(m + ".maps"), maps);
                System.out.printf("%s: %d maps saved%n", m, maps.size());
            }
        } else {
            boolean ok = true;
            for (String m : ReferenceRuns.MODELS) {
                if (args.length > 2 && !args[2].equals(m)) continue;
                Map<String, float[]> old = read(dir.resolve(m + ".maps")), now = compute(ReferenceSet.load(), m);
                if (Boolean.getBoolean("verbose")) {
                    for (var e : old.entrySet()) {
                        Report one = compare(Map.of(e.getKey(), e.getValue()), now.containsKey(e.getKey()) ? Map.of(e.getKey(), now.get(e.getKey())) : Map.of());
                        if (one.identical() == 0) System.out.println("  " + one);
                    }
                }
                Report r = compare(old, now);
                System.out.println(m + ": " + r);
                ok &= r.passes();
            }
            if (!ok) System.exit(1);
        }
    }

    /** The maps of one model, keyed image/class/method. */
    static Map<String, float[]> compute(ReferenceSet ref, String name) {
        ModelAnalysis analysis = ModelAnalysis.analyse(OnnxModelLoader.load(ref.onnx(name)), null, null, 1000);
        String layer = ref.targetLayer(name);
        Map<String, List<Target>> byImage = new LinkedHashMap<>();
        for (ReferenceSet.Case c : ref.cases(name)) byImage.computeIfAbsent(c.image(), i -> new ArrayList<>()).add(Target.of(c.classIndex()));
        Map<String, float[]> out = new LinkedHashMap<>();
        try (ExplainableModel model = new ExplainableModel(analysis, Device.CPU)) {
            Explainer ex = new Explainer(model);
            boolean first = true;
            for (var e : byImage.entrySet()) {
                Set<MethodId> methods = EnumSet.allOf(MethodId.class);
                if (!first) methods.remove(MethodId.SCORECAM);
                first = false;
                ExplanationSet set = ex.explain(ref.image(e.getKey()), e.getValue(), layer, methods, Cancellation.NONE);
                for (Explanation x : set.maps()) {
                    out.put(e.getKey() + "/" + x.target().classIndex() + (x.target().counterfactual() ? "cf" : "") + "/" + x.method().id(), x.raw().data());
                }
            }
        }
        return out;
    }

    static void write(Path file, Map<String, float[]> maps) throws IOException {
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (var e : maps.entrySet()) {
                o.writeUTF(e.getKey());
                o.writeInt(e.getValue().length);
                for (float v : e.getValue()) o.writeFloat(v);
            }
        }
    }

    static Map<String, float[]> read(Path file) throws IOException {
        Map<String, float[]> maps = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            while (true) {
                String key;
                try {
                    key = in.readUTF();
                } catch (EOFException end) {
                    break;
                }
                float[] v = new float[in.readInt()];
                for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
                maps.put(key, v);
            }
        }
        return maps;
    }

    /** How a fresh snapshot compares with a saved one. */
    record Report(int maps, int identical, double worstRelative, String worstMap, List<String> missing) {
        boolean passes() {
            return missing.isEmpty() && worstRelative <= TOLERANCE;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d maps, %d bit-for-bit, worst max|diff|/max|old| %.3g (%s)%s", maps, identical,
                    worstRelative, worstMap, missing.isEmpty() ? "" : ", missing/changed shape: " + missing);
        }
    }

    static Report compare(Map<String, float[]> old, Map<String, float[]> now) {
        int identical = 0;
        double worst = 0;
        String worstKey = "-";
        List<String> missing = new ArrayList<>();
        for (var e : old.entrySet()) {
            float[] a = e.getValue(), b = now.get(e.getKey());
            if (b == null || b.length != a.length) {
                missing.add(e.getKey());
                continue;
            }
            double scale = 0, diff = 0;
            boolean same = true;
            for (int i = 0; i < a.length; i++) {
                scale = Math.max(scale, Math.abs(a[i]));
                diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
                same &= Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i]) || (a[i] == 0 && b[i] == 0);
            }
            if (same) identical++;
            double rel = scale > 0 ? diff / scale : diff == 0 ? 0 : Double.POSITIVE_INFINITY;
            if (rel > worst) {
                worst = rel;
                worstKey = e.getKey();
            }
        }
        return new Report(old.size(), identical, worst, worstKey, missing);
    }
}
