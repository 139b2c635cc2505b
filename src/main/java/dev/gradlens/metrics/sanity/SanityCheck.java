package dev.gradlens.metrics.sanity;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.onnx.OnnxModel;
import dev.gradlens.tensor.Tensor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The model-parameter randomisation test of Adebayo et al. 2018 (§3.1). The learnable layers
 * ({@link WeightRandomizer}) are split, top down, into {@code steps} groups of (nearly) equal size.
 * <ul>
 * <li>cascading: step g randomises groups 1..g, so the last step randomises every layer;</li>
 * <li>independent: step g randomises group g only.</li>
 * </ul>
 * After each step every method's map of the same class (the original model's choice) is recomputed
 * with the ordinary engine ({@link Engine}: one session fed the randomised weights, or an edited model
 * and session per step) and compared with the original map: Spearman rank
 * correlation of the map and of its absolute value, and SSIM of the absolute maps scaled to [0, 1]
 * by their maximum. Pixel-space maps [C, H, W] are compared as Σ_c x_c (signed) and Σ_c |x_c|
 * (absolute). A method <em>fails</em> the check when its absolute map still has a rank correlation
 * of at least {@link #FAIL_THRESHOLD} with the original at the first cascading step that has
 * randomised at least half of the learnable layers (the top blocks): the map then barely depends on
 * what the model learned there (Adebayo et al.'s finding for guided backprop). A map that became
 * constant (undefined correlation) has changed completely and passes.
 */
public final class SanityCheck {
    public static final double FAIL_THRESHOLD = 0.5;

    public enum Variant { CASCADING, INDEPENDENT }

    /**
     * How the maps of the randomised models are computed (the same maps either way, up to float32
     * rounding: docs/performance.md).
     * <ul>
     * <li>{@code SHARED_SESSION}: one gradient graph and ONNX Runtime session for every step, the weights
     * fed as inputs ({@link SharedStepSession}); falls back to the next where that cannot be set up;</li>
     * <li>{@code SESSION_PER_STEP}: an edited model, its gradient graph and a session per step.</li>
     * </ul>
     */
    public enum Engine { SHARED_SESSION, SESSION_PER_STEP }

    /** How much a recomputed map resembles the original (each null when undefined: a constant map). */
    public record Similarity(Double spearman, Double spearmanAbs, Double ssim) {
    }

    /** One randomisation step. */
    public record Step(Variant variant, int index, List<String> randomised, Map<MethodId, Similarity> similarity, Map<MethodId, Tensor> maps) {
    }

    /**
     * @param failing   per method: true when it fails the check (see {@link SanityCheck})
     * @param engine    how the maps were computed
     * @param engineNote why the shared session was not used, or null
     */
    public record Result(int cls, List<MethodId> methods, List<WeightRandomizer.Layer> layers, Map<MethodId, Tensor> originals,
                         List<Step> steps, Map<MethodId, Boolean> failing, double millis, Engine engine, String engineNote) {
        public List<Step> steps(Variant v) {
            return steps.stream().filter(s -> s.variant() == v).toList();
        }
    }

    private final ModelAnalysis analysis;
    private final Device device;
    private final WeightRandomizer randomizer;
    private final int steps;
    private final Engine engine;

    public SanityCheck(ModelAnalysis analysis, Device device, long seed, int steps) {
        this(analysis, device, seed, steps, Engine.SHARED_SESSION);
    }

    public SanityCheck(ModelAnalysis analysis, Device device, long seed, int steps, Engine engine) {
        this.engine = engine;
        if (steps < 1) throw new dev.gradlens.GradLensException("the sanity check needs at least one step, got " + steps);
        this.analysis = analysis;
        this.device = device;
        this.randomizer = new WeightRandomizer(analysis.model().proto(), seed);
        if (randomizer.layersTopDown().isEmpty())
            throw new dev.gradlens.GradLensException("the model has no Conv, Gemm or MatMul layer with a float weight initializer to randomise");
        this.steps = Math.min(steps, randomizer.layersTopDown().size());
    }

    public List<WeightRandomizer.Layer> layers() {
        return randomizer.layersTopDown();
    }

    /** The number of steps really taken (at most one per layer). */
    public int steps() {
        return steps;
    }

    /** The cascading step the verdict reads: the first whose randomised layers are at least half of them. */
    public int judgedStep() {
        int n = layers().size();
        for (int g = 0; g < steps; g++) if (2L * (int) ((long) (g + 1) * n / steps) >= n) return g;
        return steps - 1;
    }

    /** Layer indices (top-down) in group g of {@link #steps()}. */
    public List<Integer> group(int g) {
        int n = layers().size();
        List<Integer> out = new ArrayList<>();
        for (int i = (int) ((long) g * n / steps); i < (int) ((long) (g + 1) * n / steps); i++) out.add(i);
        return out;
    }

    /**
     * @param original the maps of the unmodified model for this input and class (from the caller's
     *                 explainer, so they are not computed twice)
     */
    public Result run(float[] input, int cls, String layer, List<MethodId> methods, Map<MethodId, Tensor> original,
                      boolean independent, Cancellation cancel) {
        return run(input, cls, layer, methods, original, independent, cancel, done -> { });
    }

    /**
     * As {@link #run(float[], int, String, List, Map, boolean, Cancellation)}; {@code stepsDone} hears,
     * after each step, how many steps are done (of {@link #steps()}, twice that with {@code independent}):
     * the window's progress bar.
     */
    public Result run(float[] input, int cls, String layer, List<MethodId> methods, Map<MethodId, Tensor> original,
                      boolean independent, Cancellation cancel, java.util.function.IntConsumer stepsDone) {
        long t0 = System.nanoTime();
        String lay = layer != null ? layer : analysis.defaultLayer().tensor();
        SharedStepSession.Opened shared = engine == Engine.SHARED_SESSION
                ? SharedStepSession.open(analysis, device, randomizer, lay, methods) : new SharedStepSession.Opened(null, "asked for a session per step");
        try (SharedStepSession session = shared.session()) {
            List<Step> out = steps(input, cls, lay, methods, original, independent, cancel, session, stepsDone);
            Map<MethodId, Boolean> failing = new EnumMap<>(MethodId.class);
            Step judged = out.get(judgedStep());
            for (MethodId m : methods) {
                Double r = judged.similarity().get(m).spearmanAbs();
                failing.put(m, r != null && r >= FAIL_THRESHOLD);
            }
            return new Result(cls, List.copyOf(methods), layers(), original, out, failing, (System.nanoTime() - t0) / 1e6,
                    session != null ? Engine.SHARED_SESSION : Engine.SESSION_PER_STEP, shared.whyNot());
        }
    }

    private List<Step> steps(float[] input, int cls, String layer, List<MethodId> methods, Map<MethodId, Tensor> original,
                             boolean independent, Cancellation cancel, SharedStepSession session, java.util.function.IntConsumer stepsDone) {
        List<Step> out = new ArrayList<>();
        Map<MethodId, Forms> originals = new EnumMap<>(MethodId.class); // ranked once, compared at every step
        for (MethodId m : methods) originals.put(m, Forms.of(original.get(m)));
        List<Variant> variants = independent ? List.of(Variant.CASCADING, Variant.INDEPENDENT) : List.of(Variant.CASCADING);
        for (Variant v : variants) {
            LinkedHashSet<Integer> done = new LinkedHashSet<>();
            for (int g = 0; g < steps; g++) {
                cancel.check();
                List<Integer> group = group(g);
                List<Integer> chosen;
                if (v == Variant.CASCADING) {
                    done.addAll(group);
                    chosen = List.copyOf(done);
                } else {
                    chosen = group;
                }
                Map<MethodId, Tensor> maps = session != null ? session.maps(chosen, input, cls, layer, methods, cancel)
                        : maps(chosen, input, cls, layer, methods, cancel);
                Map<MethodId, Similarity> sim = new EnumMap<>(MethodId.class);
                for (MethodId m : methods) sim.put(m, similarity(originals.get(m), Forms.of(maps.get(m))));
                List<String> names = new ArrayList<>();
                for (int i : group) names.add(layers().get(i).label());
                out.add(new Step(v, g, names, sim, maps));
                stepsDone.accept(out.size());
            }
        }
        return out;
    }

    private Map<MethodId, Tensor> maps(List<Integer> randomised, float[] input, int cls, String layer, List<MethodId> methods, Cancellation cancel) {
        OnnxModel edited = new OnnxModel(analysis.model().source(), randomizer.randomised(randomised));
        try (ExplainableModel em = new ExplainableModel(analysis.withWeights(edited), device)) {
            ExplanationSet set = new Explainer(em).explain(input, List.of(Target.of(cls)), layer, new LinkedHashSet<>(methods), cancel);
            Map<MethodId, Tensor> out = new EnumMap<>(MethodId.class);
            for (MethodId m : methods) out.put(m, set.get(m, m.targetFor(Target.of(cls))).raw());
            return out;
        }
    }

    /** Signed and absolute 2-D forms of a map: [h, w] as it is; [C, H, W] summed over channels. */
    static float[][] planes(Tensor raw) {
        if (raw.rank() == 2) return new float[][] {raw.data(), RankCorrelation.abs(raw.data())};
        int c = raw.dim(0), n = raw.dim(1) * raw.dim(2);
        float[] signed = new float[n], abs = new float[n];
        float[] d = raw.data();
        for (int ch = 0; ch < c; ch++) for (int i = 0; i < n; i++) {
            signed[i] += d[ch * n + i];
            abs[i] += Math.abs(d[ch * n + i]);
        }
        return new float[][] {signed, abs};
    }

    public static Similarity similarity(Tensor original, Tensor randomised) {
        return similarity(Forms.of(original), Forms.of(randomised));
    }

    /** What the comparison reads of one map: ranks of its signed and absolute planes, the absolute plane scaled to [0, 1]. */
    private record Forms(double[] signedRanks, double[] absRanks, float[] scaled, int h, int w) {
        static Forms of(Tensor raw) {
            float[][] p = planes(raw);
            if (p[0].length != p[1].length) throw new IllegalStateException();
            return new Forms(RankCorrelation.ranks(p[0]), RankCorrelation.ranks(p[1]), SanityCheck.scaled(p[1]), raw.dim(raw.rank() - 2), raw.dim(raw.rank() - 1));
        }
    }

    private static Similarity similarity(Forms a, Forms b) {
        if (a.signedRanks().length != b.signedRanks().length)
            throw new IllegalArgumentException("maps of " + a.signedRanks().length + " and " + b.signedRanks().length + " values");
        Double ssim = a.scaled() != null && b.scaled() != null ? Ssim.of(a.scaled(), b.scaled(), a.h(), a.w()) : null;
        return new Similarity(RankCorrelation.pearson(a.signedRanks(), b.signedRanks()), RankCorrelation.pearson(a.absRanks(), b.absRanks()), ssim);
    }

    /** v / max(v) for non-negative v; null when the map is zero. */
    static float[] scaled(float[] v) {
        float max = 0;
        for (float x : v) max = Math.max(max, x);
        if (!(max > 0)) return null;
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = v[i] / max;
        return o;
    }
}
