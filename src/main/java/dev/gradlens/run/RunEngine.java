package dev.gradlens.run;

import dev.gradlens.GradLensException;
import dev.gradlens.dataset.Dataset;
import dev.gradlens.dataset.DatasetItem;
import dev.gradlens.dataset.Datasets;
import dev.gradlens.dataset.LabelMatcher;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.inference.Device;
import dev.gradlens.service.ModelSession;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A model over a labelled data set, into a results database (docs/run-database.md).
 *
 * <p>Data flow: worker threads read, decode and preprocess images (at most a few batches ahead,
 * so memory does not grow with the data set) → the calling thread takes them in data-set order,
 * a batch at a time, runs the model ({@link BatchInference}), computes the CAMs → one transaction
 * per batch. An image is done exactly when its images row is committed, so a run killed at any
 * moment resumes (re-run the same command) with no image lost or counted twice.
 */
public final class RunEngine implements AutoCloseable {
    static final int DEFAULT_TOP_K = 5;
    static final int DEFAULT_BATCH = 16;

    private final ModelSession session;
    private final Dataset dataset;
    private final RunDatabase db;
    private final Map<String, Integer> classOf;
    private final List<RunMethod> methods;
    private final List<Integer> targets;
    private final String layer;
    private final int topK, batch, threads, total;
    private final boolean forwardOnly;
    private final RunMetrics metrics;
    /** The per-image work, shared with the Spark job (one instance: it holds the metrics scorer and its timing). */
    private final ItemRunner runner;
    /** Seconds spent by the calling thread waiting for decoded images, in the model, on CAMs, writing. */
    private final java.util.Map<String, Double> timings = new java.util.LinkedHashMap<>();
    private volatile String gradientSource = "none";

    private RunEngine(ModelSession session, Dataset dataset, RunDatabase db, Map<String, Integer> classOf, List<RunMethod> methods,
                      List<Integer> targets, String layer, int topK, int batch, int threads, int total, boolean forwardOnly,
                      RunMetrics metrics) {
        this.session = session;
        this.dataset = dataset;
        this.db = db;
        this.classOf = classOf;
        this.methods = methods;
        this.targets = targets;
        this.layer = layer;
        this.topK = topK;
        this.batch = batch;
        this.threads = threads;
        this.total = total;
        this.forwardOnly = forwardOnly;
        this.metrics = metrics;
        this.runner = new ItemRunner(session, classOf, methods, targets, layer, topK, batch, forwardOnly, metrics);
    }

    /**
     * Opens the model and the data set, matches the labels, and opens (or creates) the run file.
     *
     * @throws GradLensException with a one-line message for anything wrong with the request
     */
    public static RunEngine prepare(RunRequest request) {
        return prepare(request, false);
    }

    /** A run that stores predictions only, no maps: the benchmark's forward-only baseline. */
    public static RunEngine prepareForwardOnly(RunRequest request) {
        return prepare(request, true);
    }

    private static RunEngine prepare(RunRequest r, boolean forwardOnly) {
        if (r.model() == null) throw new GradLensException("No model given (--model)");
        if (r.data() == null) throw new GradLensException("No data set given (--data)");
        if (r.out() == null) throw new GradLensException("No run file given (--out)");
        if (r.topK() < 0 || r.batch() < 0 || r.limit() < 0 || r.threads() < 0) {
            throw new GradLensException("--top-k, --batch, --limit and --threads must not be negative");
        }
        int topK = r.topK() == 0 ? DEFAULT_TOP_K : r.topK();
        int batch = r.batch() == 0 ? DEFAULT_BATCH : r.batch();
        int threads = r.threads() == 0 ? Runtime.getRuntime().availableProcessors() : r.threads();
        List<RunMethod> methods = forwardOnly ? List.of() : RunMethod.parse(r.methods());
        RunMetrics metrics = forwardOnly ? RunMetrics.NONE : RunMetrics.parse(r.metrics());
        Dataset dataset = Datasets.open(r.data());
        ModelSession session = ModelSession.open(r.model(), null, null, Device.parse(r.device() == null ? "cpu" : r.device()));
        RunDatabase db = null;
        try {
            int classes = session.analysis().classes();
            LabelMatcher matcher = new LabelMatcher(session.labels().names(), LabelMatcher.synsetsBeside(r.model()), classes);
            Map<String, Integer> classOf = matcher.matchAll(dataset.labelTexts());
            List<Integer> targets = new ArrayList<>();
            if (r.targets() != null) for (String t : r.targets()) if (t != null && !t.isBlank()) targets.add(session.resolveClass(t));
            targets = List.copyOf(new LinkedHashSet<>(targets));
            String layer = session.layerOrDefault(r.layer() == null || r.layer().isBlank() ? null : r.layer());
            int[] lshape = session.analysis().shapes().get(layer).shape();
            int total = r.limit() == 0 ? dataset.items().size() : Math.min(r.limit(), dataset.items().size());
            db = RunDatabase.openForWriting(r.out());
            var in = session.analysis().input();
            RunHeader header = new RunHeader(r.model().toString(), RunHeader.sha256(r.model()), dev.gradlens.inference.ModelDescriptorWriter.toJson(
                    dev.gradlens.inference.ModelDescriptor.of(session.preprocessing())),
                    session.labels().names(), layer, lshape[lshape.length - 2], lshape[lshape.length - 1], in.width(), in.height(),
                    forwardOnly ? "" : RunMethod.joined(methods),
                    targets.isEmpty() ? null : String.join(",", targets.stream().map(String::valueOf).toList()), topK,
                    dataset.kind().id(), r.data().toString(), dataset.fingerprint(), session.explainable().device().name().toLowerCase(),
                    options(batch, r.limit(), threads, metrics));
            header.createOrCheck(db.connection(), r.out());
            return new RunEngine(session, dataset, db, classOf, methods, targets, layer, topK, batch, threads, total, forwardOnly, metrics);
        } catch (RuntimeException e) {
            if (db != null) db.close();
            session.close();
            throw e;
        }
    }

    /** run.options_json: batch, limit, threads and, with metrics, their ids and the scorer's settings. */
    private static Map<String, Object> options(int batch, int limit, int threads, RunMetrics metrics) {
        Map<String, Object> o = RunHeader.map("batch", batch, "limit", limit, "threads", threads);
        if (!metrics.none()) {
            o.put("metrics", metrics.ids());
            o.put("metric_steps", dev.gradlens.metrics.FaithfulnessScorer.DEFAULT_STEPS);
            o.put("road_noise", dev.gradlens.metrics.Road.DEFAULT_NOISE);
            o.put("metric_seed", dev.gradlens.metrics.FaithfulnessScorer.DEFAULT_SEED);
        }
        return o;
    }

    public Dataset dataset() {
        return dataset;
    }

    public ModelSession session() {
        return session;
    }

    public String layer() {
        return layer;
    }

    /** The metrics this run computes per image (none without --metrics). */
    public RunMetrics metrics() {
        return metrics;
    }

    /**
     * At most this many images per data-set image go through the model's forward pass for the
     * metrics (the predicted class's set, plus one set per --target class that is not the predicted
     * one): the factor by which metrics multiply a run's cost, printed before it starts.
     */
    public int metricForwardsPerImage() {
        return metrics.forwardsPerClass(methods.stream().filter(m -> !m.counterfactual()).toList().size(),
                dev.gradlens.metrics.FaithfulnessScorer.DEFAULT_STEPS) * (1 + targets.size());
    }

    /**
     * A second connection to this run's database for readers in the same process while the run writes
     * (the window's table): DuckDB refuses to open the file again with other settings, so a reader
     * cannot use {@link RunDatabase#openForReading} until the engine is closed. It sees committed
     * batches only. The caller closes it (before {@link #close}).
     */
    public java.sql.Connection readConnection() {
        try {
            return ((org.duckdb.DuckDBConnection) db.connection()).duplicate();
        } catch (java.sql.SQLException e) {
            throw new GradLensException("Cannot open a reading connection to " + db.location() + ": " + RunDatabase.firstLine(e));
        }
    }

    /** Where ∂S/∂A came from in the last execute: "head graph", "full graph" or "none" (forward-only). */
    public String gradientSource() {
        return gradientSource;
    }

    /** Where the calling thread's time went so far, in seconds (the benchmark prints it). */
    public java.util.Map<String, Double> timings() {
        return java.util.Map.copyOf(timings);
    }

    /**
     * Runs to the end, or until {@code cancel} says stop (checked between batches; the batch in hand
     * is committed first). Images already in the run file are skipped.
     */
    public RunProgress execute(RunListener listener, Cancellation cancel) {
        BitSet done = new BitSet();
        long failed;
        try (Statement s = db.connection().createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT image_id FROM images")) {
                while (r.next()) done.set(r.getInt(1));
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM images WHERE status <> 'ok'")) {
                r.next();
                failed = r.getLong(1);
            }
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the run file " + db.location() + ": " + RunDatabase.firstLine(e));
        }
        long doneCount = done.cardinality();
        List<DatasetItem> todo = new ArrayList<>();
        for (DatasetItem it : dataset.items().subList(0, total)) if (!done.get(it.index())) todo.add(it);

        ImageDecoder decoder = new ImageDecoder(session);
        BatchInference inference = new BatchInference(session.explainable(), layer, batch, !forwardOnly);
        gradientSource = forwardOnly ? "none" : inference.usesHead() ? "head graph" : "full graph";
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), WorkerThreads.daemon("gradlens-run-decode"));
        // Bounded read-ahead: decoded inputs of at most this many images exist at once.
        int ahead = 2 * batch + threads;
        Deque<Future<DecodedImage>> inflight = new ArrayDeque<>();
        int next = 0;
        Progress tally = new Progress(doneCount, failed, listener);
        // One writer thread: batch i is committed while batch i+1 is computed (at most one batch waits).
        ExecutorService writing = Executors.newSingleThreadExecutor(WorkerThreads.daemon("gradlens-run-write"));
        java.util.concurrent.atomic.AtomicLong writeNanos = new java.util.concurrent.atomic.AtomicLong();
        Future<List<ImageResult>> pending = null;
        try (RunWriter writer = new RunWriter(db.connection())) {
            try {
                while (true) {
                    if (cancel.isCancelled()) break;
                    while (inflight.size() < ahead && next < todo.size()) {
                        DatasetItem it = todo.get(next++);
                        inflight.add(pool.submit(() -> decoder.decode(it)));
                    }
                    if (inflight.isEmpty()) break;
                    List<DecodedImage> images = new ArrayList<>(batch);
                    long t0 = System.nanoTime();
                    while (images.size() < batch && !inflight.isEmpty()) images.add(Futures.await(inflight.poll(), "Image decoding", false));
                    long t1 = System.nanoTime();
                    List<ImageResult> results = compute(images, inference);
                    long t2 = System.nanoTime();
                    if (pending != null) tally.committed(Futures.await(pending, "Writing results", true));
                    long t3 = System.nanoTime();
                    pending = writing.submit(() -> {
                        long w0 = System.nanoTime();
                        writer.write(results);
                        writeNanos.addAndGet(System.nanoTime() - w0);
                        return results;
                    });
                    timings.merge("wait for decoding", (t1 - t0) / 1e9, Double::sum);
                    timings.merge("model + maps", (t2 - t1) / 1e9, Double::sum);
                    timings.merge("wait for database", (t3 - t2) / 1e9, Double::sum);
                }
            } finally {
                // whatever stopped the loop, the batch being written is committed (or fails) before we return
                if (pending != null) {
                    long t = System.nanoTime();
                    tally.committed(Futures.await(pending, "Writing results", true));
                    timings.merge("wait for database", (System.nanoTime() - t) / 1e9, Double::sum);
                }
                writing.shutdownNow();
                timings.put("database (writer thread)", writeNanos.get() / 1e9);
                if (!metrics.none()) timings.put("metrics (part of model + maps)", runner.metricSeconds());
            }
        } finally {
            for (Future<DecodedImage> f : inflight) f.cancel(true);
            pool.shutdownNow();
            inference.close();
        }
        return tally.progress;
    }

    /** Counts committed images and tells the listener, on the thread that runs execute. */
    private final class Progress {
        private final long start = System.nanoTime();
        private final RunListener listener;
        private long done, failed, thisSession;
        RunProgress progress;

        Progress(long done, long failed, RunListener listener) {
            this.done = done;
            this.failed = failed;
            this.listener = listener;
            progress = new RunProgress(done, total, failed, 0, done >= total ? 0 : -1);
        }

        void committed(List<ImageResult> results) {
            thisSession += results.size();
            done += results.size();
            for (ImageResult r : results) if (!r.image().ok()) failed++;
            double secs = (System.nanoTime() - start) / 1e9;
            double rate = secs > 0 ? thisSession / secs : 0;
            long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
            progress = new RunProgress(done, total, failed, rate, eta);
            if (listener != null) listener.progress(progress);
        }
    }

    /** The model work of one batch: {@link ItemRunner#compute}, shared with the Spark job. */
    private List<ImageResult> compute(List<DecodedImage> images, BatchInference inference) {
        return runner.compute(images, inference);
    }

    @Override
    public void close() {
        db.close();
        session.close();
    }
}
