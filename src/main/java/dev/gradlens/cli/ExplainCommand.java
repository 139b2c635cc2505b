package dev.gradlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.DisplayMaps;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.Explanation;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.Colormap;
import dev.gradlens.imaging.Overlay;
import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Npy;
import dev.gradlens.tensor.Ranking;
import dev.gradlens.tensor.Tensor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gradlens explain}: writes, per target class and method, the raw map (.npy) and an overlay
 * (.png), plus result.json with the prediction, layer, device and timings.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Explain a classifier's prediction on one image.")
final class ExplainCommand implements Runnable {
    static final List<MethodId> DEFAULT_METHODS = List.of(MethodId.GUIDED_BACKPROP, MethodId.GRADCAM, MethodId.GRADCAMPP,
            MethodId.GUIDED_GRADCAM, MethodId.GRADCAM_COUNTERFACTUAL);

    @Mixin
    ModelOptionsMixin model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--image", paramLabel = "IMG", description = "photo (PNG, JPEG, BMP, GIF)")
        Path image;
        @Option(names = "--tensor", paramLabel = "X.npy", description = "preprocessed float32 input [1,C,H,W] or [C,H,W]")
        Path tensor;
    }

    @Option(names = "--target", paramLabel = "CLASS", description = "class to explain: index or label (repeatable; default: the top-1, or the top-k with --top-k)")
    List<String> targets = new ArrayList<>();

    @Option(names = "--top-k", paramLabel = "K", description = "explain the K most probable classes")
    Integer topK;

    @Option(names = "--layer", paramLabel = "TENSOR", description = "CAM layer (default: chosen automatically; see 'gradlens layers')")
    String layer;

    @Option(names = "--methods", split = ",", paramLabel = "LIST", description = "comma-separated method ids (default: guided-backprop,gradcam,gradcampp,guided-gradcam,gradcam-counterfactual). "
            + "All: gradcam gradcampp xgradcam layercam hirescam scorecam vanilla guided-backprop deconvnet guided-gradcam guided-gradcampp smoothgrad gradcam-counterfactual gradcampp-counterfactual")
    List<String> methods = new ArrayList<>();

    @Option(names = "--save-internals", description = "also write activation.npy [C,h,w] and dscore_dactivation_<class>.npy")
    boolean saveInternals;

    @Option(names = "--colormap", defaultValue = "jet", paramLabel = "NAME", description = "overlay colour map: jet, turbo, viridis, inferno, gray (default: ${DEFAULT-VALUE})")
    String colormap;

    @Option(names = "--opacity", defaultValue = "0.5", paramLabel = "A", description = "overlay opacity 0..1 (default: ${DEFAULT-VALUE})")
    double opacity;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<MethodId> ms = parseMethods();
        Colormap cm;
        try {
            cm = Colormap.byName(colormap);
        } catch (IllegalArgumentException ex) {
            throw new GradLensException("--colormap: " + ex.getMessage());
        }
        if (!(opacity >= 0 && opacity <= 1)) throw new GradLensException("--opacity must be between 0 and 1 (got " + opacity + ")");
        if (topK != null && topK < 1) throw new GradLensException("--top-k must be at least 1");
        Map<String, Double> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (ModelSession s = model.open()) {
            timings.put("load_model", ms(t0));
            long t1 = System.nanoTime();
            InputImage input = source.image != null ? InputImage.fromImage(s, source.image) : InputImage.fromTensor(s, source.tensor);
            timings.put("load_input", ms(t1));
            String lay = s.layerOrDefault(layer);
            Explainer explainer = new Explainer(s.explainable());
            long t2 = System.nanoTime();
            Tensor scores = explainer.forward(input.tensor());
            timings.put("forward", ms(t2));
            float[] probs = dev.gradlens.explain.Softmax.probabilities(scores.data());
            String agreement = s.quantizationAgreement(input.tensor());
            int[] ranked = Ranking.all(probs);
            List<Integer> classes = new ArrayList<>();
            for (String t : targets) classes.add(s.resolveClass(t));
            if (classes.isEmpty()) for (int i = 0; i < (topK == null ? 1 : Math.min(topK, ranked.length)); i++) classes.add(ranked[i]);
            List<Target> tl = new ArrayList<>();
            for (int c : new LinkedHashSet<>(classes)) tl.add(Target.of(c));
            long t3 = System.nanoTime();
            ExplanationSet set = explainer.explain(input.tensor(), tl, lay, new LinkedHashSet<>(ms), Cancellation.NONE);
            timings.put("explain", ms(t3));
            set.timings().forEach((k, v) -> timings.put("explain." + k, v));
            long t4 = System.nanoTime();
            List<String> files = write(s, input, set, tl, ms, cm);
            timings.put("write", ms(t4));
            timings.put("total", ms(t0));
            writeResult(s, input, set, tl, ms, ranked, probs, scores.data(), lay, files, timings, agreement);
            PrintWriter o = spec.commandLine().getOut();
            o.println("top-1: " + s.labels().display(ranked[0]) + String.format(" (p=%.3f)", probs[ranked[0]]) + "; layer " + lay
                    + "; " + files.size() + " files in " + out);
            if (s.explainable().deviceNote() != null) o.println("note: " + s.explainable().deviceNote());
            String known = knownClassesNote(s);
            if (known != null) o.println("note: " + known);
            for (String n : s.notes()) o.println("note: " + n);
            if (agreement != null) o.println("note: " + agreement);
            for (String n : input.notes()) o.println("note: " + n);
            o.flush();
        }
    }

    private List<MethodId> parseMethods() {
        if (methods.isEmpty()) return DEFAULT_METHODS;
        List<MethodId> out = new ArrayList<>();
        for (String m : methods) if (!m.isBlank()) out.add(MethodId.parse(m));
        if (out.isEmpty()) throw new GradLensException("--methods lists no method");
        return out;
    }

    private List<String> write(ModelSession s, InputImage input, ExplanationSet set, List<Target> targets, List<MethodId> ms, Colormap cm) {
        List<String> files = new ArrayList<>();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new GradLensException("Cannot create output folder " + out + ": " + e.getMessage(), e);
        }
        RgbImage view = input.view();
        for (Target t : targets) {
            for (MethodId m : ms) {
                Explanation e = set.get(m, m.targetFor(t));
                if (e == null) continue;
                String base = m.id() + "_" + t.classIndex();
                Npy.write(e.raw(), out.resolve(base + ".npy"));
                DisplayMaps.DisplayMap d = DisplayMaps.of(m, e.raw(), view.height(), view.width());
                RgbImage png = d.channels() == 1 ? Overlay.blend(view, d.values(), d.width(), d.height(), cm, opacity)
                        : Overlay.fromPlanes(d.values(), d.width(), d.height());
                PngIO.write(png, out.resolve(base + ".png"));
                files.add(base + ".npy");
                files.add(base + ".png");
            }
            if (saveInternals) {
                String name = "dscore_dactivation_" + t.classIndex() + ".npy";
                Npy.write(set.layerGrads().get(t), out.resolve(name));
                files.add(name);
            }
        }
        if (saveInternals) {
            Npy.write(set.activation(), out.resolve("activation.npy"));
            files.add("activation.npy");
        }
        return files;
    }

    private void writeResult(ModelSession s, InputImage input, ExplanationSet set, List<Target> targets, List<MethodId> ms, int[] ranked,
                             float[] probs, float[] scores, String lay, List<String> files, Map<String, Double> timings, String agreement) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", s.file().toString());
        r.put("input", input.source());
        List<Map<String, Object>> top = new ArrayList<>();
        int k = Math.min(topK == null ? 5 : topK, ranked.length);
        for (int i = 0; i < k; i++) top.add(classEntry(s, ranked[i], probs, scores));
        r.put("top_k", top);
        List<Map<String, Object>> tl = new ArrayList<>();
        for (Target t : targets) tl.add(classEntry(s, t.classIndex(), probs, scores));
        r.put("targets", tl);
        r.put("methods", ms.stream().map(MethodId::id).toList());
        int[] shape = s.analysis().shapes().get(lay).shape();
        r.put("layer", Map.of("name", lay, "shape", shape));
        r.put("score_tensor", s.analysis().scoreTensor());
        if (s.analysis().scoreNote() != null) r.put("score_note", s.analysis().scoreNote());
        r.put("output_kind", s.analysis().outputKind().name().toLowerCase());
        Map<String, Object> dev = new LinkedHashMap<>();
        dev.put("device", s.explainable().device().name().toLowerCase());
        if (s.explainable().deviceNote() != null) dev.put("note", s.explainable().deviceNote());
        r.put("device", dev);
        Map<String, Object> pre = new LinkedHashMap<>();
        var p = s.preprocessing();
        pre.put("size", new int[] {p.width(), p.height()});
        pre.put("layout", p.layout().name());
        pre.put("resize", p.resize().id());
        pre.put("guessed", s.preprocessingGuessed());
        r.put("preprocessing", pre);
        List<String> notes = new ArrayList<>();
        if (s.explainable().deviceNote() != null) notes.add(s.explainable().deviceNote());
        String known = knownClassesNote(s);
        if (known != null) notes.add(known);
        notes.addAll(s.notes());
        notes.addAll(input.notes());
        if (agreement != null) notes.add(agreement);
        r.put("notes", notes);
        r.put("files", files);
        r.put("timings_ms", timings);
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("result.json").toFile(), r);
        } catch (IOException e) {
            throw new GradLensException("Cannot write result.json: " + e.getMessage(), e);
        }
    }

    /** "the model knows 10 classes: …" for small vocabularies (where a photo outside them surprises), else null. */
    static String knownClassesNote(ModelSession s) {
        if (s.labels().size() == 0 || s.analysis().classes() > dev.gradlens.service.ModelInfo.NAMED_CLASSES) return null;
        java.util.List<String> names = new ArrayList<>();
        for (int i = 0; i < s.analysis().classes(); i++) names.add(s.labels().name(i));
        return "the model " + dev.gradlens.service.ModelInfo.knownClasses(names);
    }

    private static Map<String, Object> classEntry(ModelSession s, int c, float[] probs, float[] scores) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", c);
        m.put("label", s.label(c));
        m.put("probability", probs[c]);
        m.put("score", scores[c]);
        return m;
    }

    static double ms(long since) {
        return Math.round((System.nanoTime() - since) / 1e4) / 100.0;
    }
}
