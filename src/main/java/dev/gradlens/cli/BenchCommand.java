package dev.gradlens.cli;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.inference.OrtRuntime;
import dev.gradlens.service.ModelSession;
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
import java.util.Random;
import java.util.Set;

/**
 * {@code gradlens bench}: medians over runs, each as a ratio to one ONNX Runtime forward pass on the
 * same run (absolute times depend on the machine; ratios say what the gradients cost).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Time explanations as ratios to one forward pass.")
final class BenchCommand implements Runnable {
    static final Set<MethodId> FIVE_PANELS = new LinkedHashSet<>(List.of(MethodId.GUIDED_BACKPROP, MethodId.GRADCAM,
            MethodId.GRADCAMPP, MethodId.GUIDED_GRADCAM, MethodId.GRADCAM_COUNTERFACTUAL));

    @Mixin
    ModelOptionsMixin model;

    @Option(names = "--image", paramLabel = "IMG", description = "photo to explain (default: a fixed random image)")
    Path image;

    @Option(names = "--runs", defaultValue = "20", paramLabel = "N", description = "timed runs per stage after 3 warm-up runs (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--data", paramLabel = "D", description = "data set: time a forward-only batched pass against a run storing Grad-CAM for the true and predicted class, and sample resident memory")
    Path data;

    @Option(names = "--limit", defaultValue = "500", paramLabel = "N", description = "with --data: images timed (default: ${DEFAULT-VALUE}; 0 = all)")
    int limit;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "N", description = "with --data: images per ONNX Runtime run (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--metrics", description = "time the faithfulness metrics and the sanity check instead (forward-equivalents per image; docs/performance.md)")
    boolean metrics;

    @Option(names = "--sanity-steps", defaultValue = "10", paramLabel = "S", description = "with --metrics: cascading sanity-check steps timed, with one session and with a session per step (default: ${DEFAULT-VALUE}; 0 = none)")
    int sanitySteps;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (data != null) {
            DataSetBench.print(out, dev.gradlens.run.RunBenchmark.measure(model.model, data, limit, batch, 0, model.device));
            return;
        }
        try (ModelSession s = model.open()) {
            float[] x;
            if (image != null) {
                x = InputImage.fromImage(s, image).tensor();
            } else {
                x = new float[s.analysis().input().valuesPerImage()];
                Random r = new Random(1);
                for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            }
            Explainer ex = new Explainer(s.explainable());
            float[] probs = dev.gradlens.explain.Softmax.probabilities(ex.forward(x).data());
            int[] ranked = dev.gradlens.tensor.Ranking.all(probs);
            String layer = s.defaultLayer();
            if (metrics) {
                MetricsBench.run(s, x, ranked[0], layer, runs, sanitySteps, out);
                return;
            }
            List<Target> one = List.of(Target.of(ranked[0]));
            List<Target> five = new ArrayList<>();
            for (int i = 0; i < Math.min(5, ranked.length); i++) five.add(Target.of(ranked[i]));
            // the 5-panel stage's own split, from its timed runs only: ONNX Runtime's run (with reading its outputs)
            // against the Java maps
            List<Double> panelRuns = new ArrayList<>();
            StageRounds rounds = new StageRounds();
            double[][] t = rounds.time(List.of(() -> ex.forward(x),
                    () -> ex.explain(x, one, layer, Set.of(MethodId.GRADCAM), Cancellation.NONE),
                    () -> {
                        double run = ex.explain(x, one, layer, FIVE_PANELS, Cancellation.NONE).timings().get(Explainer.T_RUN);
                        if (rounds.timing()) panelRuns.add(run);
                    },
                    () -> ex.explain(x, five, layer, Set.of(MethodId.GRADCAM), Cancellation.NONE),
                    () -> ex.explain(x, five, layer, FIVE_PANELS, Cancellation.NONE)), runs);
            double fwd = StageRounds.median(t[0]), cam = StageRounds.median(t[1]), panels = StageRounds.median(t[2]);
            double cam5 = StageRounds.median(t[3]), top5 = StageRounds.median(t[4]);
            out.printf("model %s, layer %s, device %s, %d threads, median of %d runs (stages in rounds of %d)%n", s.file().getFileName(), layer,
                    s.explainable().device().name().toLowerCase(), OrtRuntime.intraOpThreads(), Math.max(1, runs), StageRounds.BLOCK);
            out.println(MachineLine.current(ortVersion()));
            out.printf("%-44s %9s %9s%n", "stage", "ms", "× forward");
            row(out, "ORT forward", fwd, fwd);
            row(out, "Grad-CAM (1 class)", cam, fwd);
            row(out, "5 panels (GB, Grad-CAM, ++, Guided GC, CF)", panels, fwd);
            row(out, "Grad-CAM × top-5 classes (one run)", cam5, fwd);
            row(out, "5 panels × top-5 classes (one run)", top5, fwd);
            double engine = StageRounds.median(panelRuns.stream().mapToDouble(Double::doubleValue).toArray());
            out.printf("5 panels: ONNX Runtime run with its outputs read %.1f ms (%.2f× forward), Java maps and the rest %.1f ms%n",
                    engine, engine / fwd, panels - engine);
            out.printf("top-5 / one class: Grad-CAM %.2f×, 5 panels %.2f×%n", cam5 / cam, top5 / panels);
            List<Double> spread = StageRounds.roundRatios(t, 2, 0);
            if (spread.size() > 1) {
                out.printf("5 panels × forward per round: %.2f–%.2f× (%d rounds; a wide range means the machine's speed moved)%n",
                        spread.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                        spread.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), spread.size());
            }
            String why = belowOneNote(fwd, cam, panels, cam5, top5);
            if (why != null) out.println("note: " + why);
            String topFive = topFiveNote(cam, cam5, panels, top5);
            if (topFive != null) out.println("note: " + topFive);
            if (s.explainable().deviceNote() != null) out.println("note: " + s.explainable().deviceNote());
            out.flush();
        }
    }

    /**
     * A gradient run contains the forward pass, so a ratio below 1 is not a real saving: on a model
     * whose forward takes a few ms, per-call costs (tensor copies, the JNI crossing, waking ONNX
     * Runtime's threads) and other processes on the machine are as large as the work measured.
     */
    static String belowOneNote(double fwd, double... stages) {
        for (double s : stages) {
            if (s < fwd) {
                return String.format(java.util.Locale.ROOT, "a ratio below 1 is measurement noise, not a faster explanation: every explanation "
                        + "runs the forward pass too; at %.1f ms a forward is as short as the per-call costs and the machine's other load "
                        + "(use more --runs, an idle machine, or a larger model)", fwd);
            }
        }
        return null;
    }

    /**
     * The top-5 stages do at least the work of the one-class ones (the same forward, five seed rows instead of one), so a
     * top-5 / one-class ratio below 1 is noise too; arguments in pairs: one class, then the top-5 of the same stage.
     */
    static String topFiveNote(double... oneThenFive) {
        for (int i = 0; i + 1 < oneThenFive.length; i += 2) {
            if (oneThenFive[i + 1] < oneThenFive[i]) {
                return "a top-5 / one-class ratio below 1 is measurement noise: a run for five classes does the one-class run's "
                        + "forward and five backward rows instead of one (use more --runs or an idle machine)";
            }
        }
        return null;
    }

    private static String ortVersion() {
        try {
            return dev.gradlens.inference.OrtRuntime.env().getVersion();
        } catch (RuntimeException | LinkageError ex) {
            return null;
        }
    }

    private static void row(PrintWriter out, String name, double ms, double fwd) {
        out.printf("%-44s %9.1f %9.2f%n", name, ms, ms / fwd);
    }
}
