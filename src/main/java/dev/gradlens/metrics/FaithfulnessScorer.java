package dev.gradlens.metrics;

import dev.gradlens.GradLensException;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.PreparedInput;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.service.ModelSession;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The per-image entry point of the faithfulness metrics (docs/conventions.md, "Faithfulness
 * metrics"): given an image, a class and one or more maps, builds every image the requested
 * metrics need (masked image for Average Drop / Increase, S deletion and S insertion steps, 18 ROAD
 * imputations per map) and scores them all in batched ONNX Runtime runs (at most {@link #maxBatch}
 * images a run; 128 by default, so one map's drop + deletion + insertion at 32 steps is one run).
 * The run engine calls {@link #score} per image and writes each {@link MetricValue} as a row of the
 * {@code metrics} table (metric = {@link Metric#id()}, value NULL when undefined, curve as float32).
 */
public final class FaithfulnessScorer {
    public static final int DEFAULT_STEPS = 32;
    public static final int DEFAULT_MAX_BATCH = 128;
    public static final long DEFAULT_SEED = 0;

    private final ExplainableModel model;
    private final InputSpace space;
    private final int steps;
    private final double roadNoise;
    private final long seed;
    private final int maxBatch;

    /** The scores of one image for several maps. */
    public record Scores(double score, ScoreReadout readout, List<Map<String, MetricValue>> perMap, int forwardImages, int runs) {
    }

    public FaithfulnessScorer(ExplainableModel model, Preprocessing pre) {
        this(model, pre, DEFAULT_STEPS, Road.DEFAULT_NOISE, DEFAULT_SEED, DEFAULT_MAX_BATCH);
    }

    /**
     * @param steps     deletion/insertion steps S (each curve has S+1 points)
     * @param roadNoise standard deviation of ROAD's imputation noise, in normalised input units (0: none)
     * @param seed      seed of the ROAD noise (the same draws for every map of an image)
     * @param maxBatch  images per ONNX Runtime run
     */
    public FaithfulnessScorer(ExplainableModel model, Preprocessing pre, int steps, double roadNoise, long seed, int maxBatch) {
        if (steps < 1) throw new GradLensException("the deletion/insertion steps must be at least 1, got " + steps);
        if (model.analysis().classes() < 2) throw new GradLensException("faithfulness needs a model with at least two classes");
        this.model = model;
        this.space = new InputSpace(model.analysis().input(), pre);
        this.steps = steps;
        this.roadNoise = roadNoise;
        this.seed = seed;
        this.maxBatch = maxBatch;
    }

    /** One map of one image: the run engine's and the window's call. Keys are {@link Metric#id()}. */
    public static Map<String, MetricValue> score(ModelSession session, PreparedInput input, int cls, float[] cam, int h, int w,
                                                 Set<Metric> metrics) {
        FaithfulnessScorer s = new FaithfulnessScorer(session.explainable(), session.preprocessing());
        return s.score(input.tensor().data(), cls, List.of(new SaliencyMap(cam, h, w)), metrics).perMap().get(0);
    }

    /** Several maps of one image and class, all their images batched together. */
    public Scores score(float[] input, int cls, List<SaliencyMap> maps, Set<Metric> metrics) {
        return score(input, null, cls, maps, metrics);
    }

    /**
     * As {@link #score(float[], int, List, Set)}, with the image's class scores already known (the
     * caller's forward pass of this image: the [K] output of the model's score tensor, as
     * {@link ExplainableModel#forward} returns it), so the image itself is not run again: only the
     * masked, deletion, insertion and ROAD images cost forward passes. {@code knownScores} null: run it.
     */
    public Scores score(float[] input, float[] knownScores, int cls, List<SaliencyMap> maps, Set<Metric> metrics) {
        if (input.length != space.values())
            throw new GradLensException("the input has " + input.length + " values; the model takes " + space.values());
        int k = model.analysis().classes();
        if (knownScores != null && knownScores.length != k)
            throw new GradLensException("the known scores have " + knownScores.length + " values; the model has " + k + " classes");
        if (cls < 0 || cls >= k) throw new GradLensException("Class " + cls + " is out of range: the model has " + k + " classes (0–" + (k - 1) + ")");
        Set<Metric> ms = metrics.isEmpty() ? EnumSet.noneOf(Metric.class) : EnumSet.copyOf(metrics);
        boolean masked = ms.contains(Metric.MASKED_SCORE) || ms.contains(Metric.AVERAGE_DROP) || ms.contains(Metric.INCREASE);
        boolean curves = ms.contains(Metric.DELETION_AUC) || ms.contains(Metric.INSERTION_AUC);
        boolean road = ms.contains(Metric.ROAD_MORF) || ms.contains(Metric.ROAD_LERF);

        BatchedScores runner = new BatchedScores(model, maxBatch);
        float[] original = knownScores != null ? knownScores : runner.scores(input, 1);
        ScoreReadout readout = ScoreReadout.choose(original);
        double y = readout.read(original, 0, k, cls);

        // Lay out every image of every map in one list; remember where each map's images start.
        int per = space.values();
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        List<ExplanationMask> masks = new ArrayList<>();
        int[] maskedAt = new int[maps.size()], curvesAt = new int[maps.size()], roadAt = new int[maps.size()];
        float[] blurred = curves ? GaussianBlur.blur(input, space) : null;
        NoisyLinearImputer imputer = new NoisyLinearImputer(roadNoise);
        for (int i = 0; i < maps.size(); i++) {
            ExplanationMask m = new ExplanationMask(maps.get(i), space.height(), space.width());
            masks.add(m);
            maskedAt[i] = curvesAt[i] = roadAt[i] = -1;
            if (masked) {
                maskedAt[i] = total;
                parts.add(space.multiplyPixels(input, m.mask()));
                total++;
            }
            if (m.flat()) continue; // no order: the order-based metrics are undefined
            if (curves) {
                curvesAt[i] = total;
                parts.add(DeletionInsertion.deletionImages(input, space, m.order(), steps));
                parts.add(DeletionInsertion.insertionImages(input, blurred, space, m.order(), steps));
                total += 2 * steps;
            }
            if (road) {
                roadAt[i] = total;
                parts.add(Road.images(input, space, m.order(), imputer, new Random(seed)));
                total += 2 * Road.LEVELS.length;
            }
        }
        float[] all = new float[total * per];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        float[] scores = total == 0 ? new float[0] : runner.scores(all, total);

        List<Map<String, MetricValue>> out = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            ExplanationMask m = masks.get(i);
            Map<Metric, MetricValue> v = new java.util.EnumMap<>(Metric.class);
            if (masked) {
                double o = readout.read(scores, maskedAt[i] * k, k, cls);
                v.put(Metric.MASKED_SCORE, MetricValue.of(Metric.MASKED_SCORE, o));
                v.put(Metric.AVERAGE_DROP, AverageDrop.of(y, o, m));
                v.put(Metric.INCREASE, IncreaseInConfidence.of(y, o, m));
            }
            String flatWhy = m.zero() ? "the map is zero everywhere" : "the map is constant: it ranks no pixel above another";
            if (curves) {
                if (m.flat()) {
                    v.put(Metric.DELETION_AUC, MetricValue.undefined(Metric.DELETION_AUC, flatWhy));
                    v.put(Metric.INSERTION_AUC, MetricValue.undefined(Metric.INSERTION_AUC, flatWhy));
                } else {
                    v.put(Metric.DELETION_AUC, DeletionInsertion.deletion(y, read(readout, scores, curvesAt[i], steps, k, cls)));
                    v.put(Metric.INSERTION_AUC, DeletionInsertion.insertion(y, read(readout, scores, curvesAt[i] + steps, steps, k, cls)));
                }
            }
            if (road) {
                if (m.flat()) {
                    v.put(Metric.ROAD_MORF, MetricValue.undefined(Metric.ROAD_MORF, flatWhy));
                    v.put(Metric.ROAD_LERF, MetricValue.undefined(Metric.ROAD_LERF, flatWhy));
                } else {
                    MetricValue[] r = Road.values(read(readout, scores, roadAt[i], 2 * Road.LEVELS.length, k, cls));
                    v.put(Metric.ROAD_MORF, r[0]);
                    v.put(Metric.ROAD_LERF, r[1]);
                }
            }
            Map<String, MetricValue> byId = new LinkedHashMap<>();
            for (MetricValue mv : v.values()) if (ms.contains(mv.metric())) byId.put(mv.metric().id(), mv);
            out.add(byId);
        }
        return new Scores(y, readout, out, runner.images(), runner.runs());
    }

    private static float[] read(ScoreReadout readout, float[] scores, int first, int n, int k, int cls) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) readout.read(scores, (first + i) * k, k, cls);
        return out;
    }

    public int steps() {
        return steps;
    }
}
