package dev.gradlens.explain;

import dev.gradlens.GradLensException;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.GradientResult;
import dev.gradlens.inference.ImageInput;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.tensor.Tensor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The explanation methods over one {@link ExplainableModel}. {@link #explain} works out which
 * gradients the requested methods need (∂S/∂A for the gradient CAMs; vanilla, guided or deconvnet
 * input gradients only when a method uses them), makes ONE gradient run for all targets — one seed
 * row per distinct target, so the top-5 classes and their counterfactuals cost one forward and one
 * backward — and computes every map from it. Score-CAM and SmoothGrad make their own runs (C forwards,
 * N gradient runs), batched when the model's batch dimension is dynamic.
 *
 * <p>Timings: {@code forward+backward} (the shared run, the session's first build included),
 * {@code cams}, {@code pixel}, {@code scorecam}, {@code smoothgrad} and {@code total}, in ms; an
 * {@link Explanation}'s own millis is its share after the shared run (for Score-CAM: the masked
 * forwards, paid by the first Score-CAM map, plus its weights).
 *
 * <p>Thread-safe as far as the model is; calls on one explainer from several threads serialise in
 * ONNX Runtime.
 */
public final class Explainer {
    public static final String T_RUN = "forward+backward";
    public static final String T_CAMS = "cams";
    public static final String T_PIXEL = "pixel";
    public static final String T_SCORECAM = "scorecam";
    public static final String T_SMOOTHGRAD = "smoothgrad";
    public static final String T_TOTAL = "total";

    private final ExplainableModel model;
    private final SmoothGrad smoothGrad;
    private final int scoreCamBatch;
    private volatile String batchFailure;

    public Explainer(ExplainableModel model) {
        this(model, SmoothGrad.defaults(), ScoreCam.DEFAULT_BATCH);
    }

    /** @param scoreCamBatch masked images per forward call when the model takes batches */
    public Explainer(ExplainableModel model, SmoothGrad smoothGrad, int scoreCamBatch) {
        if (scoreCamBatch < 1) throw new IllegalArgumentException("Score-CAM batch " + scoreCamBatch);
        this.model = model;
        this.smoothGrad = smoothGrad;
        this.scoreCamBatch = scoreCamBatch;
    }

    public ExplainableModel model() {
        return model;
    }

    /**
     * Whether several images go into one run: true until a batched run fails. ExplainableModel
     * relaxes an exporter's fixed batch of 1, but a graph can still hard-code it (a Reshape to
     * [1, -1]); then Score-CAM and SmoothGrad fall back to one image per run.
     */
    public boolean batchesInputs() {
        return batchFailure == null;
    }

    /** Why batching was given up (the runtime's message), or null. */
    public String batchFailure() {
        return batchFailure;
    }

    /** Pre-softmax scores [K] of one image in the model's layout. */
    public Tensor forward(float[] input) {
        checkInput(input);
        Tensor s = model.forward(input, 1);
        return new Tensor(s.data(), new int[] {s.size()});
    }

    /**
     * Explains one image.
     *
     * @param input   the preprocessed image in the model's layout
     * @param targets classes (and counterfactual flags) to explain, in display order
     * @param layer   the CAM layer tensor (null: the model's default)
     * @param methods the methods, in display order
     */
    public ExplanationSet explain(float[] input, List<Target> targets, String layer, Set<MethodId> methods, Cancellation cancel) {
        long start = System.nanoTime();
        checkInput(input);
        if (targets.isEmpty()) throw new IllegalArgumentException("no target to explain");
        ModelAnalysis analysis = model.analysis();
        String lay = layer != null ? layer : analysis.defaultLayer().tensor();
        int k = analysis.classes();

        // Seed rows: every requested target, then every target a gradient method explains; the
        // registry says what each method needs from the one shared run.
        MethodRegistry registry = MethodRegistry.standard();
        Map<Target, Integer> rows = new LinkedHashMap<>();
        for (Target t : targets) rows.putIfAbsent(t, rows.size());
        EnumSet<RectifierPolicy> policies = EnumSet.noneOf(RectifierPolicy.class);
        for (MethodId m : methods) {
            MethodSpec spec = registry.get(m);
            if (spec.inputGradient() != null) policies.add(spec.inputGradient());
            if (!spec.ownRuns()) for (Target t : targets) rows.putIfAbsent(seedRowFor(m, m.targetFor(t)), rows.size());
        }
        float[] seeds = new float[rows.size() * k];
        for (var e : rows.entrySet()) System.arraycopy(e.getKey().seed(k), 0, seeds, e.getValue() * k, k);

        Map<String, Double> timings = new LinkedHashMap<>();
        cancel.check();
        long t0 = System.nanoTime();
        GradientResult run = model.run(input, 1, seeds, rows.size(), lay, policies);
        timings.put(T_RUN, ms(t0));

        Tensor scores = new Tensor(run.scores().data(), new int[] {k});
        float[] probabilities = Softmax.probabilities(scores.data());
        Tensor activation = row(run.activation(), 0);
        Map<Target, Tensor> layerGrads = new LinkedHashMap<>();
        for (var e : rows.entrySet()) layerGrads.put(e.getKey(), row(run.layerGrad(), e.getValue()));
        for (Target t : targets) for (MethodId m : methods) addNegated(layerGrads, m.targetFor(t));

        List<Explanation> maps = new ArrayList<>();
        // input gradients of a seed row, shared by a method's own panel and the guided CAMs
        Map<String, Tensor> inputGrads = new java.util.HashMap<>();
        Set<String> done = new HashSet<>();
        ScoreCam.MaskedScores[] masked = {null};
        ScoreCam scoreCam = new ScoreCam(batchesInputs() ? scoreCamBatch : 1);
        for (Target t : targets) {
            for (MethodId m : methods) {
                Target e = m.targetFor(t);
                if (!done.add(m + "|" + e)) continue;
                cancel.check();
                long m0 = System.nanoTime();
                MethodSpec spec = registry.get(m);
                MethodSpec.Inputs in = new MethodSpec.Inputs() {
                    @Override
                    public Tensor activation() {
                        return activation;
                    }

                    @Override
                    public Tensor layerGradient() {
                        return layerGrads.get(e);
                    }

                    @Override
                    public Tensor inputGradient(RectifierPolicy policy) {
                        int row = rows.get(e);
                        return inputGrads.computeIfAbsent(policy + "|" + row, key -> {
                            Tensor g = run.inputGrads().get(policy);
                            if (g == null) throw new IllegalStateException("the run computed no " + policy.id() + " input gradient");
                            return row(g, row);
                        });
                    }

                    @Override
                    public Tensor scoreCam() {
                        if (masked[0] == null) masked[0] = scoreCam.maskedScores(input, analysis.input(), activation, Explainer.this::forwardScores, cancel);
                        return scoreCam.map(activation, masked[0], e.classIndex());
                    }

                    @Override
                    public Tensor smoothGrad() {
                        return smoothGrad.map(input, e.seed(k), Explainer.this::vanillaGradients, batchesInputs(), cancel);
                    }
                };
                Tensor raw = spec.compute().map(in);
                double took = ms(m0);
                timings.merge(spec.stage(), took, Double::sum);
                maps.add(new Explanation(m, e, lay, raw, took));
            }
        }
        timings.put(T_TOTAL, ms(start));
        return new ExplanationSet(scores, probabilities, lay, activation, layerGrads, maps, timings);
    }

    /**
     * The seed row a method needs for a target. ∂S/∂A is linear in the seed, so a CAM of the
     * counterfactual target reuses the plain target's row, negated ({@link #addNegated}): the
     * counterfactual costs no extra backward pass. Input-gradient methods (guided backprop is not
     * linear in the seed) keep a row of their own.
     */
    static Target seedRowFor(MethodId m, Target t) {
        MethodSpec spec = MethodRegistry.standard().get(m);
        boolean linearInSeed = spec.inputGradient() == null; // only ∂S/∂A is read: the plain row, negated
        return linearInSeed && t.counterfactual() ? t.withCounterfactual(false) : t;
    }

    /**
     * Row i of a run's output [S, ...]: the run's own array when it has one row (the run result is not kept or
     * changed after explain, and every map reads it only), else a copy. A fresh 600 kB copy of a 224² gradient
     * cost ~2 ms of page faults under the launcher's heap settings (docs/performance.md).
     */
    private static Tensor row(Tensor t, int i) {
        if (t.dim(0) != 1) return t.slice(i);
        if (i != 0) throw new IndexOutOfBoundsException("row " + i + " of 1");
        return new Tensor(t.data(), java.util.Arrays.copyOfRange(t.shape(), 1, t.rank()));
    }

    private static void addNegated(Map<Target, Tensor> layerGrads, Target t) {
        if (!t.counterfactual() || layerGrads.containsKey(t)) return;
        Tensor plain = layerGrads.get(t.withCounterfactual(false));
        if (plain == null) return;
        float[] neg = plain.data().clone();
        for (int i = 0; i < neg.length; i++) neg[i] = -neg[i];
        layerGrads.put(t, new Tensor(neg, plain.shape()));
    }

    /** The rectifier policy of the input gradient a method reads from the shared run, or null (from the registry). */
    static RectifierPolicy inputPolicy(MethodId m) {
        return MethodRegistry.standard().get(m).inputGradient();
    }

    /** Scores [n, K] of n images: one run when the model takes batches, else n runs. */
    Tensor forwardScores(float[] images, int n) {
        if (n > 1 && batchesInputs()) {
            try {
                return model.forward(images, n);
            } catch (GradLensException ex) {
                batchFailure = ex.getMessage(); // fall back to one image per run, remembered
            }
        }
        int per = model.analysis().input().valuesPerImage();
        float[] out = null;
        int k = 0;
        for (int i = 0; i < n; i++) {
            Tensor s = model.forward(java.util.Arrays.copyOfRange(images, i * per, (i + 1) * per), 1);
            if (out == null) {
                k = s.size();
                out = new float[n * k];
            }
            System.arraycopy(s.data(), 0, out, i * k, k);
        }
        return new Tensor(out, new int[] {n, k});
    }

    /** Vanilla input gradients [s, C, H, W] of n images (n = 1 or s): one run when the model takes batches. */
    Tensor vanillaGradients(float[] images, int n, float[] seeds, int s) {
        Set<RectifierPolicy> standard = EnumSet.of(RectifierPolicy.STANDARD);
        if (n == 1 || batchesInputs()) {
            try {
                return model.run(images, n, seeds, s, null, standard).inputGrads().get(RectifierPolicy.STANDARD);
            } catch (GradLensException ex) {
                if (n == 1) throw ex;
                batchFailure = ex.getMessage();
            }
        }
        int per = model.analysis().input().valuesPerImage(), k = seeds.length / s;
        float[] out = null;
        int[] shape = null;
        int size = 0;
        for (int i = 0; i < n; i++) {
            Tensor g = model.run(java.util.Arrays.copyOfRange(images, i * per, (i + 1) * per), 1,
                    java.util.Arrays.copyOfRange(seeds, i * k, (i + 1) * k), 1, null, standard).inputGrads().get(RectifierPolicy.STANDARD);
            if (out == null) {
                size = g.size();
                out = new float[n * size];
                shape = g.shape().clone();
                shape[0] = n;
            }
            System.arraycopy(g.data(), 0, out, i * size, size);
        }
        return new Tensor(out, shape);
    }

    private void checkInput(float[] input) {
        ImageInput in = model.analysis().input();
        if (input.length != in.valuesPerImage()) {
            throw new IllegalArgumentException(input.length + " input values; the model takes " + in.valuesPerImage() + " ("
                    + in.channels() + "×" + in.height() + "×" + in.width() + ")");
        }
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }
}
