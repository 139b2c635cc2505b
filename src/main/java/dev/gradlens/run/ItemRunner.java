package dev.gradlens.run;

import dev.gradlens.GradLensException;
import dev.gradlens.dataset.DatasetItem;
import dev.gradlens.dataset.LabelMatcher;
import dev.gradlens.dataset.Region;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.metrics.FaithfulnessScorer;
import dev.gradlens.metrics.MetricValue;
import dev.gradlens.metrics.SaliencyMap;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The per-image work of a run (decode → batched model run → CAMs → rows), for any list of items:
 * {@link RunEngine} feeds it the whole data set from its read-ahead pool; the Spark job
 * (dev.gradlens.spark) feeds it one partition at a time, with a model session opened once per
 * executor JVM and shared by its tasks. Both thus store the same numbers for the same image,
 * faithfulness metrics included ({@link RunMetrics}: computed here, per image, before the batch is
 * handed to the writer, so they are committed in the image's own transaction).
 */
public final class ItemRunner implements AutoCloseable {
    private final ModelSession session;
    /**
     * Idle batch inferences, reused by later {@link #runInto} calls: each holds the cut-out head graph's
     * ORT session, which costs about half a second to build, so building one per Spark partition cost
     * more than the partition's images (measured: 10 partitions of 200 scenes 21.1 s, 2 of 1,000 16.3 s).
     * One per concurrent caller, because a batch inference keeps per-run state.
     */
    private final ConcurrentLinkedDeque<BatchInference> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;
    private final Map<String, Integer> classOf;
    private final List<RunMethod> methods;
    private final List<Integer> targets;
    private final String layer;
    private final int topK, batch;
    private final boolean forwardOnly;
    private final RunMetrics metrics;
    /** Null without metrics. Stateless between calls (each score call batches its own images). */
    private final FaithfulnessScorer scorer;
    private final java.util.concurrent.atomic.AtomicLong metricNanos = new java.util.concurrent.atomic.AtomicLong();

    ItemRunner(ModelSession session, Map<String, Integer> classOf, List<RunMethod> methods, List<Integer> targets, String layer,
               int topK, int batch, boolean forwardOnly, RunMetrics metrics) {
        this.session = session;
        this.metrics = metrics == null ? RunMetrics.NONE : metrics;
        this.scorer = forwardOnly || this.metrics.none() ? null : new FaithfulnessScorer(session.explainable(), session.preprocessing());
        this.classOf = classOf;
        this.methods = methods;
        this.targets = targets;
        this.layer = layer;
        this.topK = topK;
        this.batch = batch;
        this.forwardOnly = forwardOnly;
    }

    /**
     * A runner with the settings exactly as a run table stores them (run.methods, run.targets,
     * run.top_k, run.layer), so that a job continues a run with the same meaning.
     *
     * @param labelTexts every label text of the data set (matched to the model's classes as {@code gradlens run} does)
     * @param targets    comma-separated class indices, or null
     */
    public static ItemRunner of(ModelSession session, Collection<String> labelTexts, String methods, String targets, String layer,
                                int topK, int batch) {
        return of(session, labelTexts, methods, targets, layer, topK, batch, null);
    }

    /**
     * As {@link #of(ModelSession, Collection, String, String, String, int, int)}, with the run's metrics.
     *
     * @param metrics metric ids as run.options_json stores them ({@link RunMetrics#ids()}), or null for none
     */
    public static ItemRunner of(ModelSession session, Collection<String> labelTexts, String methods, String targets, String layer,
                                int topK, int batch, String metrics) {
        LabelMatcher matcher = new LabelMatcher(session.labels().names(), LabelMatcher.synsetsBeside(session.file()),
                session.analysis().classes());
        List<Integer> t = targets == null || targets.isBlank() ? List.of()
                : Arrays.stream(targets.split(",")).map(String::trim).map(Integer::valueOf).toList();
        return new ItemRunner(session, matcher.matchAll(labelTexts), RunMethod.parse(Arrays.asList(methods.split(","))), t, layer,
                topK <= 0 ? RunEngine.DEFAULT_TOP_K : topK, batch <= 0 ? RunEngine.DEFAULT_BATCH : batch, false, RunMetrics.ofIds(metrics));
    }

    /** Seconds spent scoring metrics so far (the run's timings show them apart from the model + maps). */
    double metricSeconds() {
        return metricNanos.get() / 1e9;
    }

    /**
     * Decodes (one batch ahead, on one helper thread) and computes the items a batch at a time, and writes each batch
     * into {@code db} in one transaction (see {@link RunWriter}). Bad images become failed rows.
     * {@code cancel} is checked between batches: a cancelled call returns early, its batches written.
     *
     * @return how many items were written
     */
    public int runInto(List<DatasetItem> items, RunDatabase db, Cancellation cancel) {
        if (db.isParquet()) throw new GradLensException("Cannot write into the Parquet run " + db.location());
        ImageDecoder decoder = new ImageDecoder(session);
        BatchInference pooled = idle.pollFirst();
        BatchInference inference = pooled != null ? pooled : new BatchInference(session.explainable(), layer, batch, !forwardOnly);
        // one batch of read-ahead: the next batch decodes while this one is in ONNX Runtime, and the
        // previous batch is written while this one computes, as in RunEngine (one batch in flight each way)
        ExecutorService ahead = Executors.newSingleThreadExecutor(WorkerThreads.daemon("gradlens-item-decode"));
        ExecutorService writes = Executors.newSingleThreadExecutor(WorkerThreads.daemon("gradlens-item-write"));
        int written = 0;
        RunWriter writer = new RunWriter(db.connection());
        try {
            Future<List<DecodedImage>> next = decodeLater(ahead, decoder, items, 0);
            Future<Integer> pending = null;
            for (int from = 0; from < items.size() && !cancel.isCancelled(); from += batch) {
                List<DecodedImage> images = Futures.await(next, "Image decoding", false);
                next = from + batch < items.size() ? decodeLater(ahead, decoder, items, from + batch) : null;
                List<ImageResult> results = compute(images, inference);
                if (pending != null) written += Futures.await(pending, "Writing results", true);
                pending = writes.submit(() -> {
                    writer.write(results);
                    return results.size();
                });
            }
            if (pending != null) written += Futures.await(pending, "Writing results", true);
        } finally {
            ahead.shutdownNow();
            // a write still running (the call failed or was interrupted) ends before its connection is closed
            writes.shutdown();
            awaitUninterruptibly(writes);
            writer.close();
            giveBack(inference);
        }
        return written;
    }

    private static void awaitUninterruptibly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void giveBack(BatchInference inference) {
        idle.addFirst(inference);
        if (closed) close();
    }

    /** Closes the idle batch inferences (their head sessions); a call still running closes its own when it ends. */
    @Override
    public void close() {
        closed = true;
        for (BatchInference b; (b = idle.pollFirst()) != null; ) b.close();
    }

    private Future<List<DecodedImage>> decodeLater(ExecutorService pool, ImageDecoder decoder, List<DatasetItem> items, int from) {
        List<DatasetItem> chunk = items.subList(from, Math.min(items.size(), from + batch));
        return pool.submit(() -> {
            List<DecodedImage> out = new ArrayList<>(chunk.size());
            for (DatasetItem it : chunk) out.add(decoder.decode(it));
            return out;
        });
    }

    /** The model work of one batch: the decoded images in one batched run, the others as they are. */
    List<ImageResult> compute(List<DecodedImage> images, BatchInference inference) {
        List<float[]> inputs = new ArrayList<>();
        List<Integer> okIndex = new ArrayList<>();
        int[] trueClass = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            DecodedImage d = images.get(i);
            List<String> labels = d.item().labels();
            trueClass[i] = labels.isEmpty() ? -1 : classOf.get(labels.get(0));
            if (d.ok()) {
                okIndex.add(i);
                inputs.add(d.input());
            }
        }
        List<BatchInference.Result> computed = List.of();
        if (!inputs.isEmpty()) {
            int[] seeds = okIndex.stream().mapToInt(i -> trueClass[i]).toArray();
            computed = forwardOnly ? inference.forward(inputs) : inference.explain(inputs, seeds, targets);
        }
        List<ImageResult> out = new ArrayList<>(images.size());
        int k = 0;
        for (int i = 0; i < images.size(); i++) {
            DecodedImage d = images.get(i);
            List<Integer> labels = new ArrayList<>(new LinkedHashSet<>(d.item().labels().stream().map(classOf::get).toList()));
            List<Integer> regionClass = new ArrayList<>();
            for (Region reg : d.regions()) regionClass.add(reg.label() == null ? null : classOf.get(reg.label()));
            Integer tc = trueClass[i] < 0 ? null : trueClass[i];
            if (!d.ok()) {
                out.add(new ImageResult(d, tc, labels, regionClass, new int[0], null, null, List.of()));
                continue;
            }
            BatchInference.Result r = computed.get(k++);
            int[] top = Ranking.top(r.probabilities(), topK);
            List<ImageResult.StoredMap> maps = new ArrayList<>();
            List<ImageResult.StoredMetric> scored = List.of();
            if (!forwardOnly) {
                LinkedHashSet<Integer> classes = new LinkedHashSet<>();
                if (tc != null) classes.add(tc);
                classes.add(top[0]);
                classes.addAll(targets);
                for (int c : classes) {
                    for (RunMethod m : methods) maps.add(new ImageResult.StoredMap(m.id(), c, m.counterfactual(), m.map(r.activation(), r.gradients().get(c))));
                }
                if (scorer != null) scored = score(d.input(), r.scores(), top[0], maps);
            }
            // the decoded input is no longer needed: drop it before the batch is written
            out.add(new ImageResult(new DecodedImage(d.item(), null, d.width(), d.height(), d.status(), null, d.regions()), tc, labels,
                    regionClass, top, r.scores(), r.probabilities(), maps, scored));
        }
        return out;
    }

    /**
     * The metrics rows of one image: for its predicted class and each --target class (see
     * {@link RunMetrics} for why these), every not counterfactual map of that class in one scorer
     * call, so all their images share batched model runs; {@code scores} is the image's [K] score
     * output from the batch's forward pass.
     */
    List<ImageResult.StoredMetric> score(float[] input, float[] scores, int predicted, List<ImageResult.StoredMap> maps) {
        long t0 = System.nanoTime();
        LinkedHashSet<Integer> classes = new LinkedHashSet<>();
        classes.add(predicted);
        classes.addAll(targets);
        List<ImageResult.StoredMetric> out = new ArrayList<>();
        for (int c : classes) {
            List<ImageResult.StoredMap> of = maps.stream().filter(m -> m.classIndex() == c && !m.counterfactual()).toList();
            if (of.isEmpty()) continue;
            List<SaliencyMap> saliency = of.stream().map(m -> SaliencyMap.of(m.map())).toList();
            // the image's own scores come from this batch's forward pass: only the perturbed images are run
            FaithfulnessScorer.Scores s = scorer.score(input, scores, c, saliency, metrics.metrics());
            for (int j = 0; j < of.size(); j++) {
                for (MetricValue v : s.perMap().get(j).values()) out.add(ImageResult.StoredMetric.of(of.get(j), v));
            }
        }
        metricNanos.addAndGet(System.nanoTime() - t0);
        return out;
    }
}
