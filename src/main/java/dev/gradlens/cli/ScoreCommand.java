package dev.gradlens.cli;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.metrics.FaithfulnessScorer;
import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.MetricValue;
import dev.gradlens.metrics.Road;
import dev.gradlens.metrics.SaliencyMap;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Ranking;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gradlens score}: how faithful each method's map is on one image (docs/conventions.md,
 * "Faithfulness metrics"): Average Drop, Increase in Confidence, deletion and insertion AUC, and
 * optionally ROAD, with the cost in forward-equivalents.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Faithfulness of each method's map on one image: Average Drop, Increase in Confidence, deletion/insertion AUC (and ROAD).")
final class ScoreCommand implements Runnable {
    @Mixin
    ModelOptionsMixin model;

    @Option(names = "--image", required = true, paramLabel = "IMG", description = "photo (PNG, JPEG, BMP, GIF)")
    Path image;

    @Option(names = "--methods", split = ",", paramLabel = "LIST", description = "comma-separated method ids (default: gradcam,gradcampp)")
    List<String> methods = new ArrayList<>();

    @Option(names = "--target", paramLabel = "CLASS", description = "class to explain and score: index or label (default: the top-1)")
    String target;

    @Option(names = "--layer", paramLabel = "TENSOR", description = "CAM layer (default: chosen automatically)")
    String layer;

    @Option(names = "--metrics", split = ",", paramLabel = "LIST", description = "faithfulness, deletion-insertion, road, all, or metric ids (default: faithfulness,deletion-insertion)")
    List<String> metrics = new ArrayList<>(List.of("faithfulness", "deletion-insertion"));

    @Option(names = "--steps", defaultValue = "32", paramLabel = "S", description = "deletion/insertion steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", defaultValue = "128", paramLabel = "B", description = "images per ONNX Runtime run (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "seed of ROAD's imputation noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--bench", description = "score a second time with warm sessions and report that run's cost (the first builds the batched session)")
    boolean bench;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<MethodId> ms = new ArrayList<>();
        for (String m : methods) if (!m.isBlank()) ms.add(MethodId.parse(m));
        if (ms.isEmpty()) ms = List.of(MethodId.GRADCAM, MethodId.GRADCAMPP);
        Set<Metric> wanted = Metric.parseGroups(metrics);
        if (batch < 1) throw new GradLensException("--batch must be at least 1");
        try (ModelSession s = model.open()) {
            InputImage input = InputImage.fromImage(s, image);
            Explainer explainer = new Explainer(s.explainable());
            float[] x = input.tensor();
            int cls = target != null ? s.resolveClass(target) : Ranking.all(explainer.forward(x).data())[0];
            ExplanationSet set = explainer.explain(x, List.of(Target.of(cls)), s.layerOrDefault(layer), new LinkedHashSet<>(ms), Cancellation.NONE);
            List<SaliencyMap> maps = new ArrayList<>();
            for (MethodId m : ms) maps.add(SaliencyMap.of(set.get(m, m.targetFor(Target.of(cls))).raw()));
            FaithfulnessScorer scorer = new FaithfulnessScorer(s.explainable(), s.preprocessing(), steps, Road.DEFAULT_NOISE, seed, batch);
            double forwardMs = oneForwardMillis(explainer, x);
            long t0 = System.nanoTime();
            FaithfulnessScorer.Scores sc = scorer.score(x, cls, maps, wanted);
            double scoreMs = (System.nanoTime() - t0) / 1e6;
            if (bench) {
                // three warm repeats, each timed against a forward measured right before it; the median ratio
                double[][] rep = new double[3][];
                for (int i = 0; i < rep.length; i++) {
                    double f = oneForwardMillis(explainer, x);
                    long t1 = System.nanoTime();
                    sc = scorer.score(x, cls, maps, wanted);
                    double ms1 = (System.nanoTime() - t1) / 1e6;
                    rep[i] = new double[] {ms1 / f, ms1, f};
                }
                java.util.Arrays.sort(rep, java.util.Comparator.comparingDouble(r -> r[0]));
                scoreMs = rep[1][1];
                forwardMs = rep[1][2];
            }

            PrintWriter o = spec.commandLine().getOut();
            o.printf("class %s: Y = %.4f (%s)%n", s.labels().display(cls), sc.score(), sc.readout().description());
            List<Metric> cols = new ArrayList<>();
            for (Metric m : Metric.values()) if (wanted.contains(m)) cols.add(m);
            StringBuilder head = new StringBuilder(String.format("%-26s", "method"));
            for (Metric m : cols) head.append(String.format(" %14s", m == Metric.AVERAGE_DROP ? "average-drop %" : m.id()));
            o.println(head);
            for (int i = 0; i < ms.size(); i++) {
                StringBuilder row = new StringBuilder(String.format("%-26s", ms.get(i).id()));
                Map<String, MetricValue> v = sc.perMap().get(i);
                for (Metric m : cols) {
                    MetricValue mv = v.get(m.id());
                    String text = mv == null || !mv.defined() ? "undefined"
                            : m == Metric.AVERAGE_DROP ? String.format("%.2f", 100 * mv.value())
                            : m == Metric.INCREASE ? String.format("%.0f", mv.value()) : String.format("%.4f", mv.value());
                    row.append(String.format(" %14s", text));
                }
                o.println(row);
                for (MetricValue mv : v.values()) if (!mv.defined() && mv.note() != null) {
                    o.println("  note: " + ms.get(i).id() + " " + mv.metric().id() + " undefined: " + mv.note());
                    break;
                }
            }
            o.printf("cost: %d model images in %d runs, %.1f ms; one forward %.2f ms: %.1f forward-equivalents%s%n",
                    sc.forwardImages(), sc.runs(), scoreMs, forwardMs, scoreMs / forwardMs, bench ? " (warm, median of 3)" : " (first call: includes building the batched session; --bench for warm)");
            for (String n : s.notes()) o.println("note: " + n);
            for (String n : input.notes()) o.println("note: " + n);
            o.flush();
        }
    }

    /** Median of 5 warm single-image forwards: the unit of the cost line. */
    static double oneForwardMillis(Explainer explainer, float[] x) {
        explainer.forward(x);
        double[] t = new double[5];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            explainer.forward(x);
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[2];
    }
}
