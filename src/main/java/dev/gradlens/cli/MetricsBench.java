package dev.gradlens.cli;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.inference.OrtRuntime;
import dev.gradlens.metrics.ExplanationMask;
import dev.gradlens.metrics.FaithfulnessScorer;
import dev.gradlens.metrics.InputSpace;
import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.NoisyLinearImputer;
import dev.gradlens.metrics.Road;
import dev.gradlens.metrics.SaliencyMap;
import dev.gradlens.metrics.sanity.SanityCheck;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Tensor;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code gradlens bench --metrics}: what the faithfulness metrics and the sanity check cost on one
 * image, in forward-equivalents (ms of a stage / ms of one single-image ONNX Runtime forward pass
 * measured right before each repeat, median of the ratios), for the targets of docs/performance.md ("Metrics and sanity check"):
 * Average Drop + Increase for two methods, deletion + insertion at 32 steps each, ROAD, and a
 * 10-step cascading sanity check with one shared session against a graph and session per step.
 */
final class MetricsBench {
    static final List<MethodId> SCORED = List.of(MethodId.GRADCAM, MethodId.GRADCAMPP);
    static final List<MethodId> SANITY = List.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP, MethodId.VANILLA);

    private final ModelSession session;
    private final int runs;
    private final PrintWriter out;
    private Explainer ex;
    private float[] x;

    private MetricsBench(ModelSession session, int runs, PrintWriter out) {
        this.session = session;
        this.runs = Math.max(1, runs);
        this.out = out;
    }

    static void run(ModelSession s, float[] x, int cls, String layer, int runs, int sanitySteps, PrintWriter out) {
        new MetricsBench(s, runs, out).stages(x, cls, layer, sanitySteps);
    }

    private void stages(float[] x, int cls, String layer, int sanitySteps) {
        Explainer ex = new Explainer(session.explainable());
        float[] logits = ex.forward(x).data();
        ExplanationSet set = ex.explain(x, List.of(Target.of(cls)), layer, new LinkedHashSet<>(SCORED), Cancellation.NONE);
        List<SaliencyMap> two = new ArrayList<>();
        for (MethodId m : SCORED) two.add(SaliencyMap.of(set.get(m, m.targetFor(Target.of(cls))).raw()));
        List<SaliencyMap> one = List.of(two.get(0));
        FaithfulnessScorer scorer = new FaithfulnessScorer(session.explainable(), session.preprocessing());
        Set<Metric> drop = EnumSet.of(Metric.AVERAGE_DROP, Metric.INCREASE);
        Set<Metric> curves = EnumSet.of(Metric.DELETION_AUC, Metric.INSERTION_AUC);
        Set<Metric> road = EnumSet.of(Metric.ROAD_MORF, Metric.ROAD_LERF);

        out.printf(Locale.ROOT, "model %s, layer %s, top-1 %s, device %s, %d threads, median of %d runs after 2 warm-ups%n",
                session.file().getFileName(), layer, session.labels().display(cls), session.explainable().device().name().toLowerCase(Locale.ROOT),
                OrtRuntime.intraOpThreads(), runs);
        out.println("load average before: " + loadAverage());
        out.printf(Locale.ROOT, "%-58s %7s %5s %10s %10s%n", "stage (one image)", "images", "runs", "ms", "× forward");
        this.ex = ex;
        this.x = x;
        double[] f = median(() -> {
            ex.forward(x);
            return null;
        });
        row("ORT forward", 1, 1, f[0], 1.0);
        stage("Average Drop + Increase, 2 methods (Y known)", () -> scorer.score(x, logits, cls, two, drop));
        stage("Average Drop + Increase, 2 methods (Y run too)", () -> scorer.score(x, cls, two, drop));
        stage("deletion + insertion, 32 + 32 steps, 1 map (Y known)", () -> scorer.score(x, logits, cls, one, curves));
        stage("deletion + insertion, 32 + 32 steps, 2 maps (Y known)", () -> scorer.score(x, logits, cls, two, curves));
        stage("ROAD MoRF + LeRF, 9 levels each, 1 map (Y known)", () -> scorer.score(x, logits, cls, one, road));
        InputSpace space = new InputSpace(session.analysis().input(), session.preprocessing());
        ExplanationMask mask = new ExplanationMask(one.get(0), space.height(), space.width());
        double[] impute = median(() -> Road.images(x, space, mask.order(), new NoisyLinearImputer(Road.DEFAULT_NOISE), new Random(0)));
        row("  of which ROAD's imputation (Java, no model run)", 0, 0, impute[0], impute[1]);
        if (sanitySteps > 0) sanity(ex, x, cls, layer, sanitySteps);
        out.println("load average after: " + loadAverage());
        out.flush();
    }

    private void sanity(Explainer ex, float[] x, int cls, String layer, int steps) {
        ExplanationSet set = ex.explain(x, List.of(Target.of(cls)), layer, new LinkedHashSet<>(SANITY), Cancellation.NONE);
        Map<MethodId, Tensor> orig = new EnumMap<>(MethodId.class);
        for (MethodId m : SANITY) orig.put(m, set.get(m, m.targetFor(Target.of(cls))).raw());
        String what = "sanity, " + steps + " cascading steps, 3 methods: ";
        double[] ms = new double[2];
        SanityCheck.Result shared = null;
        for (SanityCheck.Engine e : SanityCheck.Engine.values()) {
            SanityCheck check = new SanityCheck(session.analysis(), session.explainable().device(), 0, steps, e);
            long t0 = System.nanoTime();
            SanityCheck.Result r = check.run(x, cls, layer, SANITY, orig, false, Cancellation.NONE);
            ms[e.ordinal()] = (System.nanoTime() - t0) / 1e6;
            if (e == SanityCheck.Engine.SHARED_SESSION) shared = r;
            row(what + (r.engine() == SanityCheck.Engine.SHARED_SESSION ? "one session" : "session per step"), r.steps().size(), 0,
                    ms[e.ordinal()], ms[e.ordinal()] / forwardNow());
        }
        out.printf(Locale.ROOT, "sanity: one session is %.1f× faster than a session per step%s%n", ms[1] / ms[0],
                shared.engineNote() == null ? "" : " (the shared session was not used: " + shared.engineNote() + ")");
    }

    private void stage(String name, Supplier<FaithfulnessScorer.Scores> work) {
        FaithfulnessScorer.Scores[] last = new FaithfulnessScorer.Scores[1];
        double[] ms = median(() -> last[0] = work.get());
        row(name, last[0].forwardImages(), last[0].runs(), ms[0], ms[1]);
    }

    private void row(String name, int images, int runs, double ms, double ratio) {
        out.printf(Locale.ROOT, "%-58s %7s %5s %10.1f %10.2f%n", name, images == 0 ? "" : Integer.toString(images), runs == 0 ? "" : Integer.toString(runs),
                ms, ratio);
    }

    /** Median of 3 single-image forwards now: the unit of the next repeat (the machine's load drifts). */
    private double forwardNow() {
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            ex.forward(x);
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[1];
    }

    /**
     * {median ms, median ratio to a forward measured right before each repeat}, after two warm-ups; a
     * stage whose warm-up takes over 3 s is warmed up and timed once.
     */
    private double[] median(Supplier<?> r) {
        long w0 = System.nanoTime();
        r.get();
        boolean slow = (System.nanoTime() - w0) / 1e6 > 3000;
        if (!slow) r.get();
        int n = slow ? 1 : runs;
        double[] t = new double[n], ratio = new double[n];
        for (int i = 0; i < n; i++) {
            double f = forwardNow();
            long t0 = System.nanoTime();
            r.get();
            t[i] = (System.nanoTime() - t0) / 1e6;
            ratio[i] = t[i] / f;
        }
        return new double[] {median(t), median(ratio)};
    }

    private static double median(double[] t) {
        Arrays.sort(t);
        return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    }

    /** The 1, 5 and 15-minute load averages (the machine's other work while measuring), or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
