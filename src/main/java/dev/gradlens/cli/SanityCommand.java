package dev.gradlens.cli;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.metrics.sanity.SanityCharts;
import dev.gradlens.metrics.sanity.SanityCheck;
import dev.gradlens.service.ModelSession;
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
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code gradlens sanity}: Adebayo et al.'s model-parameter randomisation test. Per image: the
 * similarity curves (curves.png), the maps after each step (maps.png), and one CSV of all numbers
 * (sanity.csv); prints which methods fail the check.
 */
@Command(name = "sanity", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sanity check (Adebayo et al. 2018): randomise the model's weights from the top layer down and measure how much each method's map changes.")
final class SanityCommand implements Runnable {
    private static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    @Mixin
    ModelOptionsMixin model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--image", paramLabel = "IMG", description = "one photo")
        Path image;
        @Option(names = "--data", paramLabel = "DIR", description = "a folder of photos (searched recursively, sorted by path)")
        Path data;
    }

    @Option(names = "--limit", defaultValue = "5", paramLabel = "N", description = "photos taken from --data (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--methods", split = ",", paramLabel = "LIST", description = "comma-separated method ids (default: gradcam,guided-backprop,vanilla)")
    List<String> methods = new ArrayList<>();

    @Option(names = "--steps", defaultValue = "10", paramLabel = "S", description = "randomisation steps; the layers are split top-down into S groups (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--independent", description = "also randomise each group alone (the independent variant)")
    boolean independent;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "seed of the random weights (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--layer", paramLabel = "TENSOR", description = "CAM layer (default: chosen automatically)")
    String layer;

    @Option(names = "--session-per-step", description = "build the edited model's gradient graph and an ONNX Runtime session at every step (slower; bit-for-bit the results of GradLens before one shared session fed the weights)")
    boolean sessionPerStep;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<MethodId> ms = new ArrayList<>();
        for (String m : methods) if (!m.isBlank()) ms.add(MethodId.parse(m));
        if (ms.isEmpty()) ms = List.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP, MethodId.VANILLA);
        if (ms.contains(MethodId.SCORECAM) || ms.contains(MethodId.SMOOTHGRAD))
            throw new GradLensException("the sanity check runs the gradient methods; scorecam and smoothgrad are not supported here");
        if (limit < 1) throw new GradLensException("--limit must be at least 1");
        List<Path> images = source.image != null ? List.of(source.image) : listImages(source.data, limit);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new GradLensException("Cannot create output folder " + out + ": " + e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        List<String> csv = new ArrayList<>();
        csv.add("image,variant,step,randomised_layers,method,spearman,spearman_abs,ssim");
        try (ModelSession s = model.open()) {
            String lay = s.layerOrDefault(layer);
            Explainer explainer = new Explainer(s.explainable());
            SanityCheck check = new SanityCheck(s.analysis(), s.explainable().device(), seed, steps,
                    sessionPerStep ? SanityCheck.Engine.SESSION_PER_STEP : SanityCheck.Engine.SHARED_SESSION);
            o.printf("%d learnable layers in %d steps, top down; verdict at step %d (at least half of the layers randomised)%n",
                    check.layers().size(), check.steps(), check.judgedStep() + 1);
            Map<MethodId, int[]> fails = new EnumMap<>(MethodId.class);
            for (Path img : images) {
                InputImage input = InputImage.fromImage(s, img);
                float[] x = input.tensor();
                int cls = Ranking.all(explainer.forward(x).data())[0];
                double forwardMs = ScoreCommand.oneForwardMillis(explainer, x);
                ExplanationSet set = explainer.explain(x, List.of(Target.of(cls)), lay, new LinkedHashSet<>(ms), Cancellation.NONE);
                Map<MethodId, Tensor> orig = new EnumMap<>(MethodId.class);
                for (MethodId m : ms) orig.put(m, set.get(m, m.targetFor(Target.of(cls))).raw());
                SanityCheck.Result r = check.run(x, cls, lay, ms, orig, independent, Cancellation.NONE);
                String stem = stem(img);
                Path dir = out.resolve(stem);
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new GradLensException("Cannot create " + dir + ": " + e.getMessage(), e);
                }
                SanityCharts.curves(r, SanityCheck.Variant.CASCADING, dir.resolve("curves.png"));
                SanityCharts.mapGrid(r, SanityCheck.Variant.CASCADING, dir.resolve("maps.png"));
                if (independent) {
                    SanityCharts.curves(r, SanityCheck.Variant.INDEPENDENT, dir.resolve("curves-independent.png"));
                    SanityCharts.mapGrid(r, SanityCheck.Variant.INDEPENDENT, dir.resolve("maps-independent.png"));
                }
                for (SanityCheck.Step st : r.steps()) for (MethodId m : ms) {
                    SanityCheck.Similarity sim = st.similarity().get(m);
                    csv.add(String.join(",", quote(img.toString()), st.variant().name().toLowerCase(Locale.ROOT), Integer.toString(st.index() + 1),
                            quote(String.join(" ", st.randomised())), m.id(), num(sim.spearman()), num(sim.spearmanAbs()), num(sim.ssim())));
                }
                StringBuilder verdict = new StringBuilder();
                for (MethodId m : ms) {
                    boolean f = r.failing().get(m);
                    fails.computeIfAbsent(m, k -> new int[1])[0] += f ? 1 : 0;
                    verdict.append(verdict.length() == 0 ? "" : ", ").append(m.id()).append(f ? " FAILS" : " passes");
                }
                o.printf("%s: class %s; %s; %.0f ms = %.0f forward-equivalents (one forward %.2f ms; %s)%n", img.getFileName(),
                        s.labels().display(cls), verdict, r.millis(), r.millis() / forwardMs, forwardMs,
                        r.engine() == SanityCheck.Engine.SHARED_SESSION ? "one session, weights fed per step"
                                : r.engineNote() == null || sessionPerStep ? "a session per step" : "a session per step: " + r.engineNote());
            }
            if (images.size() > 1) {
                for (var e : fails.entrySet()) o.printf("%s fails on %d of %d images%n", e.getKey().id(), e.getValue()[0], images.size());
            }
            for (String n : s.notes()) o.println("note: " + n);
        }
        try {
            Files.write(out.resolve("sanity.csv"), csv);
        } catch (IOException e) {
            throw new GradLensException("Cannot write sanity.csv: " + e.getMessage(), e);
        }
        o.println("wrote sanity.csv and per-image curves.png / maps.png in " + out);
        o.flush();
    }

    private static List<Path> listImages(Path dir, int limit) {
        if (!Files.isDirectory(dir)) throw new GradLensException("--data " + dir + " is not a folder");
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = s.filter(Files::isRegularFile)
                    .filter(p -> IMAGE_SUFFIXES.stream().anyMatch(x -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(x)))
                    .sorted().limit(limit).toList();
            if (all.isEmpty()) throw new GradLensException("--data " + dir + " holds no PNG, JPEG, BMP or GIF file");
            return all;
        } catch (IOException e) {
            throw new GradLensException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return (dot > 0 ? n.substring(0, dot) : n).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
