package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.gradlens.GradLensException;
import dev.gradlens.gradient.GradientGraphBuilder;
import dev.gradlens.gradient.GradientRequest;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.tensor.Tensor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A classifier ready to explain: the analysed model plus ONNX Runtime sessions of its gradient
 * graphs, built lazily per (layer, input-gradient policies, batched). The seed is an input, so
 * switching class or counterfactual reuses the same session.
 *
 * <p>Each session holds the model's weights again (ONNX Runtime copies initializers into its own
 * arena; a gradient graph adds flipped weights) plus its CPU arena, so gradient sessions are cached
 * within a memory budget ({@link #DEFAULT_GRADIENT_BUDGET}, each session's cost estimated by
 * {@link SessionCost} before it is built): before a new one is built, least recently used ones are
 * evicted and closed until it fits, so a build never stacks on a full cache; the session being
 * built is kept even when it alone exceeds the budget. A ResNet-50 thus keeps one gradient session,
 * a ResNet-18 three, small models more (switching back stays instant). The plain forward sessions are
 * not counted. A session in use by a run is never closed under it: eviction and {@link #close()}
 * only mark it, and the last run using it closes it. {@code close()} therefore never waits for a run
 * (the window calls it on the FX thread); runs started after it fail with a one-line error.
 *
 * <p>Graphs reach ONNX Runtime through a temporary file, not a byte array: with ResNet-50 the graph,
 * its bytes and JNI's native copy of them took ~500 MB more at the peak of a build
 * (docs/performance.md, "Memory: layer and method switches").
 */
public final class ExplainableModel implements AutoCloseable {
    public static final String SEED = "gradlens/seed";
    private static final String LAYER_GRAD = "gradlens/dS_dA";
    private static final String INPUT_GRAD = "gradlens/dS_dx_";
    /**
     * Estimated bytes ({@link SessionCost}) of the gradient sessions kept per model. With it, ResNet-50
     * (~345 MiB a session) keeps one gradient session and stays under ~1.3 GB resident even while the next
     * one is built (a build's transient is about twice the session's weights; two cached sessions would put
     * the peak near 1.5 GB), while ResNet-18 (~132 MiB) keeps three, as the count-of-three cache it replaced did.
     * System property {@code gradlens.sessionBudgetMiB} overrides it.
     */
    public static final long DEFAULT_GRADIENT_BUDGET = Long.getLong("gradlens.sessionBudgetMiB", 512L) << 20;

    private final ModelAnalysis analysis;
    private final Device requested;
    private final GradientGraphBuilder builder;
    private final int gradientCapacity;
    private final long gradientBudget;
    /** Estimated bytes of the gradient sessions in the cache. Guarded by {@link #lock}. */
    private long cachedBytes;
    /** Bytes of the model's activations at batch 1 (part of every session's cost). */
    private final long activationBytes;
    private final Object lock = new Object();
    /** Access-ordered: the eldest entry is the least recently used. Guarded by {@link #lock}. */
    private final LinkedHashMap<String, CachedSession> gradientSessions = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<String, CachedSession> forwardSessions = new HashMap<>();
    private int open;
    private int created;
    private boolean closed;
    private volatile Device device = Device.CPU;
    private volatile String deviceNote;
    /** Per (layer, policies): why the gradient graph is exact only for one seed row per run, or "" when it is not. */
    private final Map<String, String> singleSeedReasons = new java.util.concurrent.ConcurrentHashMap<>();
    /** Lazily: whether the model has a ReLU6 ({@link #oneRowGraphs}). */
    private volatile Boolean oneRowGraphs;
    private ModelProto relaxed;
    /** Initializers fed as inputs on every run (null: none; see {@link WeightInputs}). */
    private final WeightInputs weightInputs;
    /** Serialized graphs at least this big are followed by a full GC before ONNX Runtime parses them (see acquire). */
    private static final long GC_BEFORE_BUILD_BYTES = 64L << 20;
    /** The image input of {@link #run}, reused (ONNX Runtime reads a direct buffer in place). */
    private final InputBuffer inputBuffer = new InputBuffer();
    /** Test seam: runs while a session is leased, before ONNX Runtime is called (holds a run "in flight"). */
    volatile Runnable duringRun;
    /** Test seam: runs just before ONNX Runtime builds a session (after the cache made room for it). */
    volatile Runnable beforeBuild;

    /** Gradient sessions cached within {@link #DEFAULT_GRADIENT_BUDGET}. */
    public ExplainableModel(ModelAnalysis analysis, Device requested) {
        this(analysis, requested, Integer.MAX_VALUE, DEFAULT_GRADIENT_BUDGET, null);
    }

    /** @param gradientSessions at most this many gradient sessions are kept (at least 1), within the default budget too */
    public ExplainableModel(ModelAnalysis analysis, Device requested, int gradientSessions) {
        this(analysis, requested, gradientSessions, DEFAULT_GRADIENT_BUDGET, null);
    }

    /**
     * @param weightInputs initializers every graph of this model takes as inputs, with the values fed on
     *                     each run (the sanity check changes weights without a new session); null: none
     */
    public ExplainableModel(ModelAnalysis analysis, Device requested, int gradientSessions, WeightInputs weightInputs) {
        this(analysis, requested, gradientSessions, DEFAULT_GRADIENT_BUDGET, weightInputs);
    }

    /**
     * @param gradientSessions most gradient sessions kept (at least 1)
     * @param gradientBudget   most estimated bytes of gradient sessions kept ({@link SessionCost}); the session in
     *                         use is kept even when it alone is over it
     */
    public ExplainableModel(ModelAnalysis analysis, Device requested, int gradientSessions, long gradientBudget, WeightInputs weightInputs) {
        this.weightInputs = weightInputs;
        if (gradientSessions < 1) throw new IllegalArgumentException("gradient sessions " + gradientSessions);
        if (gradientBudget < 0) throw new IllegalArgumentException("gradient budget " + gradientBudget);
        this.analysis = analysis;
        this.requested = requested;
        this.gradientCapacity = gradientSessions;
        this.gradientBudget = gradientBudget;
        this.activationBytes = SessionCost.activationBytes(analysis.model().proto(), analysis.shapes());
        this.builder = new GradientGraphBuilder();
        // Say up front where sessions will run; a CUDA start failure later updates this.
        if (requested == Device.CUDA && !OrtRuntime.cudaAvailable()) {
            deviceNote = OrtRuntime.NO_CUDA_NOTE;
        } else {
            device = requested;
        }
    }

    public ModelAnalysis analysis() {
        return analysis;
    }

    /** The device sessions really run on (CPU when CUDA was asked for but is unavailable or failed). */
    public Device device() {
        return device;
    }

    /** Why sessions do not run on the device asked for, or null. */
    public String deviceNote() {
        return deviceNote;
    }

    /**
     * Creates the plain forward session now, so that where it will run (and a CUDA failure) is
     * known when the model opens rather than at the first image.
     */
    public void startDevice() {
        release(acquire(null, EnumSet.noneOf(RectifierPolicy.class), false, false));
    }

    /** Sessions open now (cached ones, plus evicted ones a run still uses). */
    public int openSessions() {
        synchronized (lock) {
            return open;
        }
    }

    /** Estimated bytes ({@link SessionCost}) of the gradient sessions cached now. */
    public long cachedGradientBytes() {
        synchronized (lock) {
            return cachedBytes;
        }
    }

    /** Gradient sessions cached now. */
    public int cachedGradientSessions() {
        synchronized (lock) {
            return gradientSessions.size();
        }
    }

    /**
     * The estimated cost of the gradient session a one-class explanation of a layer and input-gradient policies uses
     * (its one-row graph where {@link #oneRowGraphs}), whether cached or not (builds its graph).
     */
    public long gradientSessionCost(String layer, Set<RectifierPolicy> policies) {
        ModelProto g = oneClassGraphFor(layer, policies);
        if (weightInputs != null) g = weightInputs.asInputs(g);
        return SessionCost.of(g, activationBytes);
    }

    /** Sessions created since the model was made (a cache hit creates none). */
    public int createdSessions() {
        synchronized (lock) {
            return created;
        }
    }

    /** Plain forward pass of a batch: scores [B, K]. */
    public Tensor forward(float[] images, int batch) {
        return run(images, batch, null, 0, null, EnumSet.noneOf(RectifierPolicy.class)).scores();
    }

    /**
     * Runs the gradient graph for {@code layer} (null: none) and the input-gradient policies given.
     *
     * @param images images in the model's layout, {@code batch} of them
     * @param seed   [seeds, K] weights of the class scores (null only when no gradient is asked for)
     */
    public GradientResult run(float[] images, int batch, float[] seed, int seeds, String layer, Set<RectifierPolicy> inputPolicies) {
        boolean gradients = layer != null || !inputPolicies.isEmpty();
        if (gradients && (seed == null || seeds < 1)) throw new IllegalArgumentException("a seed is needed for gradients");
        if (gradients && batch != 1 && batch != seeds) throw new IllegalArgumentException("batch must be 1 or equal the seed count");
        if (layer != null) analysis.layer(layer);
        if (gradients && seeds > 1 && singleSeed(layer, inputPolicies)) return runPerSeed(images, batch, seed, seeds, layer, inputPolicies);
        CachedSession lease = acquire(gradients ? layer : null, gradients ? inputPolicies : Set.of(), batch > 1,
                oneRow(batch, seeds, inputPolicies));
        try {
            Runnable hook = duringRun;
            if (hook != null) hook.run();
            return run(lease.session, images, batch, seed, seeds, layer, inputPolicies, gradients);
        } finally {
            release(lease);
        }
    }

    private GradientResult run(OrtRuntime.Session session, float[] images, int batch, float[] seed, int seeds, String layer,
                               Set<RectifierPolicy> inputPolicies, boolean gradients) {
        ImageInput in = analysis.input();
        int k = analysis.classes();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        long t0 = System.nanoTime();
        java.nio.FloatBuffer direct = null;
        try {
            if (in.elementType() == dev.gradlens.onnx.ElementType.FLOAT) {
                direct = inputBuffer.take(images);
                feeds.put(in.name(), OrtRuntime.tensor(direct, in.shape(batch)));
            } else {
                feeds.put(in.name(), OrtRuntime.tensor(images, in.shape(batch), in.elementType()));
            }
            if (gradients) {
                long[] seedShape = new long[analysis.shapes().get(analysis.scoreTensor()).rank()];
                java.util.Arrays.fill(seedShape, 1);
                seedShape[0] = seeds;
                seedShape[1] = k;
                feeds.put(SEED, OrtRuntime.tensor(seed, seedShape));
            }
            try (OrtSession.Result r = session.ort().run(withWeights(session, feeds))) {
                double ms = (System.nanoTime() - t0) / 1e6;
                Tensor scores = read(r, analysis.scoreTensor());
                scores = scores.reshape(batch, k);
                // token sequences and channels-last grids are handed on as [B, C, h, w] like NCHW maps
                LayerCandidate cand = layer == null ? null : analysis.layer(layer);
                Tensor act = layer == null ? null : cand.toGrid(read(r, layer));
                Tensor dA = layer == null ? null : cand.toGrid(read(r, LAYER_GRAD));
                Map<RectifierPolicy, Tensor> grads = new EnumMap<>(RectifierPolicy.class);
                for (RectifierPolicy p : inputPolicies) grads.put(p, toNchw(read(r, INPUT_GRAD + p.id())));
                return new GradientResult(scores, act, dA, grads, ms);
            }
        } catch (OrtException ex) {
            throw new GradLensException("ONNX Runtime failed while explaining: " + OrtRuntime.firstLine(ex.getMessage()), ex);
        } finally {
            for (OnnxTensor t : feeds.values()) t.close();
            inputBuffer.release(direct);
        }
    }

    /**
     * Whether a run takes the one-row graph: one seed row of one image, an input gradient asked for (its chain crosses
     * the network's masks; a CAM-only chain crosses few or none: MobileNet-v2's Grad-CAM graph ran ×1.05 one-row, within
     * noise, not worth a second session) and {@link #oneRowGraphs}.
     */
    private boolean oneRow(int batch, int seeds, Set<RectifierPolicy> inputPolicies) {
        return batch == 1 && seeds == 1 && !inputPolicies.isEmpty() && oneRowGraphs();
    }

    /**
     * Whether one-class runs (one seed row, one image) may use one-row graphs ({@link GradientRequest#oneRow}), a
     * session of their own: for models with a ReLU6 ({@link dev.gradlens.gradient.OneRowGraphs}), whose masks that graph
     * keeps in ONNX Runtime's blocked layout (MobileNet-v2's 5-panel run ×0.85–0.89 paired). Elsewhere it measured
     * between ×0.97 and ×1.13, not worth a second session (docs/performance.md, "One-row graphs").
     */
    boolean oneRowGraphs() {
        Boolean v = oneRowGraphs;
        if (v == null) {
            v = dev.gradlens.gradient.OneRowGraphs.hasReluSix(analysis.model().proto());
            oneRowGraphs = v;
        }
        return v;
    }

    /**
     * Whether the gradient graph for this layer and these policies is exact only for one seed row per run
     * ({@link GradientGraphBuilder#SINGLE_SEED}: attention layouts move the batch axis).
     */
    public boolean singleSeed(String layer, Set<RectifierPolicy> policies) {
        return singleSeedReason(layer, policies) != null;
    }

    /** Why the gradient graph runs one seed row at a time, or null. */
    public String singleSeedReason(String layer, Set<RectifierPolicy> policies) {
        EnumSet<RectifierPolicy> ps = policies.isEmpty() ? EnumSet.noneOf(RectifierPolicy.class) : EnumSet.copyOf(policies);
        String key = layer + "|" + ps;
        if (!singleSeedReasons.containsKey(key)) release(acquire(layer, ps, false, false));
        String reason = singleSeedReasons.get(key);
        return reason == null || reason.isEmpty() ? null : reason;
    }

    /** One run per seed row (and per image when batch = seeds), results stacked seed-major as one run returns them. */
    private GradientResult runPerSeed(float[] images, int batch, float[] seed, int seeds, String layer, Set<RectifierPolicy> inputPolicies) {
        int k = analysis.classes(), per = analysis.input().valuesPerImage();
        List<GradientResult> parts = new ArrayList<>();
        double ms = 0;
        for (int s = 0; s < seeds; s++) {
            float[] img = batch == 1 ? images : java.util.Arrays.copyOfRange(images, s * per, (s + 1) * per);
            GradientResult r = run(img, 1, java.util.Arrays.copyOfRange(seed, s * k, (s + 1) * k), 1, layer, inputPolicies);
            parts.add(r);
            ms += r.millis();
        }
        GradientResult first = parts.get(0);
        Tensor scores = batch == 1 ? first.scores() : stack(parts, GradientResult::scores);
        Tensor act = layer == null ? null : batch == 1 ? first.activation() : stack(parts, GradientResult::activation);
        Tensor dA = layer == null ? null : stack(parts, GradientResult::layerGrad);
        Map<RectifierPolicy, Tensor> grads = new EnumMap<>(RectifierPolicy.class);
        for (RectifierPolicy p : inputPolicies) grads.put(p, stack(parts, r -> r.inputGrads().get(p)));
        return new GradientResult(scores, act, dA, grads, ms);
    }

    /** Concatenates per-run tensors along axis 0. */
    private static Tensor stack(List<GradientResult> parts, java.util.function.Function<GradientResult, Tensor> of) {
        Tensor t0 = of.apply(parts.get(0));
        int n = t0.size();
        float[] out = new float[n * parts.size()];
        for (int i = 0; i < parts.size(); i++) System.arraycopy(of.apply(parts.get(i)).data(), 0, out, i * n, n);
        int[] shape = t0.shape().clone();
        shape[0] *= parts.size();
        return new Tensor(out, shape);
    }

    /**
     * A forward pass that also returns the layer's activations, without any backward pass: scores
     * [B, K] and A [B, C, h, w] (layerGrad null). Data-set runs take ∂S/∂A from a small head graph
     * instead (see run.HeadGradients).
     */
    public GradientResult forwardWithLayer(float[] images, int batch, String layer) {
        analysis.layer(layer);
        boolean batched = batch > 1;
        CachedSession lease = acquire("forward+layer|" + layer + "|" + batched, false, null, () -> {
            dev.gradlens.onnx.GraphEditor ed = new dev.gradlens.onnx.GraphEditor(batched ? batchRelaxed() : analysis.model().proto());
            ed.clearOutputs();
            ed.addOutput(analysis.scoreTensor());
            ed.addOutput(layer);
            return ed.build();
        });
        int k = analysis.classes();
        long t0 = System.nanoTime();
        try (OnnxTensor x = OrtRuntime.tensor(images, analysis.input().shape(batch), analysis.input().elementType());
             OrtSession.Result r = lease.session.ort().run(withWeights(lease.session, Map.of(analysis.input().name(), x)))) {
            Tensor scores = read(r, analysis.scoreTensor()).reshape(batch, k);
            return new GradientResult(scores, read(r, layer), null, Map.of(), (System.nanoTime() - t0) / 1e6);
        } catch (OrtException ex) {
            throw new GradLensException("ONNX Runtime failed while explaining: " + OrtRuntime.firstLine(ex.getMessage()), ex);
        } finally {
            release(lease);
        }
    }

    /** The model with a symbolic batch dimension (see {@link #batchRelaxed}); other graphs are cut from it. */
    public ModelProto batchRelaxedModel() {
        return batchRelaxed();
    }

    /** The device requested when this model was opened (sessions built elsewhere use it too). */
    public Device requestedDevice() {
        return requested;
    }

    /** The feeds plus the fed weights the session takes (the caller closes only its own feeds). */
    private Map<String, OnnxTensor> withWeights(OrtRuntime.Session session, Map<String, OnnxTensor> feeds) {
        if (weightInputs == null) return feeds;
        Map<String, OnnxTensor> all = new HashMap<>(feeds);
        weightInputs.feed(session.ort().getInputNames(), all);
        return all;
    }

    private Tensor toNchw(Tensor t) {
        if (analysis.input().layout() == Layout.NCHW) return t;
        int n = t.dim(0), h = t.dim(1), w = t.dim(2), c = t.dim(3);
        float[] out = new float[t.size()];
        float[] d = t.data();
        for (int b = 0; b < n; b++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int ch = 0; ch < c; ch++) out[((b * c + ch) * h + y) * w + x] = d[((b * h + y) * w + x) * c + ch];
        return new Tensor(out, new int[] {n, c, h, w});
    }

    private static Tensor read(OrtSession.Result r, String name) {
        OnnxValue v = r.get(name).orElseThrow(() -> new GradLensException("ONNX Runtime returned no output '" + name + "'"));
        OnnxTensor t = (OnnxTensor) v;
        long[] shape = t.getInfo().getShape();
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = (int) shape[i];
        java.nio.FloatBuffer fb = t.getFloatBuffer();
        // getFloatBuffer already copied the output into a fresh heap buffer: keep its array rather than copy it again
        // (each fresh large array costs its page faults; docs/performance.md)
        float[] data;
        if (fb.hasArray() && fb.arrayOffset() == 0 && fb.position() == 0 && fb.array().length == fb.remaining()) {
            data = fb.array();
        } else {
            data = new float[fb.remaining()];
            fb.get(data);
        }
        return new Tensor(data, s);
    }

    /** A cached session and the runs using it; closed when retired and unused. Guarded by the model's lock. */
    private static final class CachedSession {
        final OrtRuntime.Session session;
        /** Its estimated bytes ({@link SessionCost}); 0 for forward sessions (not in the budget). */
        final long cost;
        int users;
        boolean retired;
        boolean isClosed;

        CachedSession(OrtRuntime.Session session, long cost) {
            this.session = session;
            this.cost = cost;
        }
    }

    /** A graph ready for ONNX Runtime: written to {@code file}, or (where no temp file could be written) as {@code bytes}. */
    private record Prepared(java.nio.file.Path file, byte[] bytes, long cost, long serializedBytes) {
        OrtRuntime.Session open(Device requested) {
            return file != null ? OrtRuntime.createSession(file, requested, true) : OrtRuntime.createSession(bytes, requested, true);
        }

        void delete() {
            if (file != null) {
                try {
                    java.nio.file.Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    file.toFile().deleteOnExit();
                }
            }
        }
    }

    /** The session for a layer and input-gradient policies (none: the plain forward graph), marked in use. */
    private CachedSession acquire(String layer, Set<RectifierPolicy> policies, boolean batched, boolean oneRow) {
        EnumSet<RectifierPolicy> ps = policies.isEmpty() ? EnumSet.noneOf(RectifierPolicy.class) : EnumSet.copyOf(policies);
        boolean gradient = layer != null || !ps.isEmpty();
        // the single-seed reason is the general graph's (a one-row graph has one row anyway)
        return acquire(layer + "|" + ps + "|" + batched + (oneRow ? "|one-row" : ""), gradient, gradient && !oneRow ? layer + "|" + ps : null,
                () -> graphFor(batched ? batchRelaxed() : analysis.model().proto(), layer, ps, oneRow));
    }

    /**
     * The session for a key, marked in use; built outside the lock so close() never waits on a build.
     * Gradient sessions are kept in the bounded cache; {@code seedKey} records their single-seed reason.
     */
    private CachedSession acquire(String key, boolean gradient, String seedKey, java.util.function.Supplier<ModelProto> build) {
        Map<String, CachedSession> cache = gradient ? gradientSessions : forwardSessions;
        synchronized (lock) {
            checkOpen();
            CachedSession hit = cache.get(key);
            if (hit != null) {
                hit.users++;
                return hit;
            }
        }
        Prepared graph = prepare(build, seedKey, gradient);
        CachedSession result;
        try {
            // Building a ResNet-50 gradient graph grows the heap to ~900 MB (flipped weights, builders); the proto is
            // garbage now, and a full GC hands that heap back (the launchers' -XX:MaxHeapFreeRatio) before ONNX Runtime's
            // parse, the peak of a build. Without it, on a quiet machine where switches follow each other within G1's
            // periodic collection, VmRSS after a switch swung 600-950 MB with the heap (docs/performance.md).
            if (graph.serializedBytes() >= GC_BEFORE_BUILD_BYTES) System.gc();
            if (gradient) makeRoom(graph.cost());
            Runnable hook = beforeBuild;
            if (hook != null) hook.run();
            // Every session keeps ONNX Runtime's CPU arena. Without it each run of a gradient graph mapped its
            // memory-pattern block afresh and faulted in every page: interleaved runs on ResNet-18 (docs/performance.md)
            // gave Grad-CAM 1.24x -> 0.97x forward, 5 panels 4.4x -> 2.5x, 5 panels top-5 13.6x -> 6.4x.
            OrtRuntime.Session s;
            try {
                s = graph.open(requested);
            } finally {
                NativeHeap.trim(); // the parse and the optimisers' temporaries (see NativeHeap)
            }
            result = register(key, gradient, cache, s, gradient ? graph.cost() : 0);
        } finally {
            graph.delete();
        }
        return result;
    }

    /**
     * Builds the graph, records its single-seed reason and cost, and writes it to a temporary file. Only the
     * file (or bytes) leave this method, so the proto is garbage before ONNX Runtime parses the graph.
     */
    private Prepared prepare(java.util.function.Supplier<ModelProto> build, String seedKey, boolean gradient) {
        ModelProto graph = build.get();
        if (weightInputs != null) graph = weightInputs.asInputs(graph);
        if (seedKey != null) {
            String reason = GradientGraphBuilder.singleSeedReason(graph);
            singleSeedReasons.put(seedKey, reason == null ? "" : reason);
        }
        long cost = gradient ? SessionCost.of(graph, activationBytes) : 0;
        long size = graph.getSerializedSize();
        java.nio.file.Path file = null;
        try {
            file = GraphFiles.create();
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file), 1 << 20)) {
                graph.writeTo(out);
            }
            return new Prepared(file, null, cost, size);
        } catch (java.io.IOException | RuntimeException noTempFile) {
            // a full or read-only temp dir: hand ONNX Runtime the bytes instead (more memory at the peak, same session)
            new Prepared(file, null, 0, 0).delete();
            return new Prepared(null, graph.toByteArray(), cost, size);
        }
    }

    /**
     * Evicts least recently used gradient sessions (closing the idle ones now) until one more of {@code cost}
     * fits the budget and the count, so that a build never adds to a full cache.
     */
    private void makeRoom(long cost) {
        List<CachedSession> toClose = new ArrayList<>();
        synchronized (lock) {
            var it = gradientSessions.entrySet().iterator();
            while (it.hasNext() && (cachedBytes + cost > gradientBudget || gradientSessions.size() + 1 > gradientCapacity)) {
                CachedSession eldest = it.next().getValue();
                it.remove();
                cachedBytes -= eldest.cost;
                retire(eldest, toClose);
            }
        }
        closeAll(toClose);
    }

    /** Puts a freshly built session in its cache (or hands back the one another thread built meanwhile). */
    private CachedSession register(String key, boolean gradient, Map<String, CachedSession> cache, OrtRuntime.Session s, long cost) {
        List<CachedSession> toClose = new ArrayList<>();
        CachedSession result;
        synchronized (lock) {
            created++;
            open++;
            CachedSession fresh = new CachedSession(s, cost);
            CachedSession raced = closed ? null : cache.get(key);
            if (closed || raced != null) {
                fresh.retired = true;
                toClose.add(fresh); // another thread built it first, or the model was closed meanwhile
            }
            if (closed) {
                closeAll(toClose);
                throw new GradLensException("The model was closed");
            }
            if (raced != null) {
                raced.users++;
                result = raced;
            } else {
                fresh.users = 1;
                cache.put(key, fresh);
                if (gradient) cachedBytes += cost;
                device = s.device();
                if (s.deviceNote() != null) deviceNote = s.deviceNote();
                else if (s.device() == requested) deviceNote = null;
                result = fresh;
                if (gradient) {
                    // another thread's build may have been registered since makeRoom: bound again, keeping this one
                    var it = gradientSessions.entrySet().iterator();
                    while ((cachedBytes > gradientBudget || gradientSessions.size() > gradientCapacity) && it.hasNext()) {
                        CachedSession eldest = it.next().getValue();
                        if (eldest == fresh) continue;
                        it.remove();
                        cachedBytes -= eldest.cost;
                        retire(eldest, toClose);
                    }
                }
            }
        }
        closeAll(toClose);
        return result;
    }

    private void release(CachedSession c) {
        boolean close;
        synchronized (lock) {
            c.users--;
            close = c.retired && c.users == 0 && !c.isClosed;
            if (close) {
                c.isClosed = true;
                open--;
            }
        }
        if (close) {
            c.session.close();
            NativeHeap.trim();
        }
    }

    /** Marks a session retired; when no run uses it, it joins {@code toClose}. Holds the lock. */
    private void retire(CachedSession c, List<CachedSession> toClose) {
        c.retired = true;
        if (c.users == 0 && !c.isClosed) toClose.add(c);
    }

    /** Closes sessions outside the lock (freeing a session's arena can take a moment). */
    private void closeAll(List<CachedSession> sessions) {
        boolean any = false;
        for (CachedSession c : sessions) {
            synchronized (lock) {
                if (c.isClosed) continue;
                c.isClosed = true;
                open--;
            }
            c.session.close();
            any = true;
        }
        if (any) NativeHeap.trim();
    }

    private void checkOpen() {
        if (closed) throw new GradLensException("The model was closed");
    }

    /** The augmented graph for a layer and input-gradient policies (also used by tests and the bench). */
    public ModelProto graphFor(String layer, Set<RectifierPolicy> policies) {
        return graphFor(analysis.model().proto(), layer, policies, false);
    }

    /** The augmented graph for exactly one seed row and one image ({@link GradientRequest#oneRow}). */
    public ModelProto oneRowGraphFor(String layer, Set<RectifierPolicy> policies) {
        return graphFor(analysis.model().proto(), layer, policies, true);
    }

    /** The graph a one-class run (one seed row, one image) builds its session from: one-row where {@link #oneRow} says so. */
    public ModelProto oneClassGraphFor(String layer, Set<RectifierPolicy> policies) {
        return graphFor(analysis.model().proto(), layer, policies, oneRow(1, 1, policies));
    }

    /**
     * The model with a symbolic batch dimension on its image input and outputs, and without the
     * exporter's intermediate shapes (they were recorded for batch 1). Exporters often fix the batch
     * at 1 although nothing in the graph depends on it; Score-CAM and SmoothGrad then still run many
     * images at once. Where a node does hard-code the batch (a Reshape to [1, -1]), the batched run
     * fails and callers fall back to one image per run.
     */
    private synchronized ModelProto batchRelaxed() {
        if (relaxed == null) {
            ModelProto.Builder b = analysis.model().proto().toBuilder();
            ai.onnx.proto.OnnxMl.GraphProto.Builder g = b.getGraphBuilder();
            g.clearValueInfo();
            for (ai.onnx.proto.OnnxMl.ValueInfoProto.Builder v : g.getInputBuilderList()) {
                if (v.getName().equals(analysis.input().name())) symbolicBatch(v);
            }
            for (ai.onnx.proto.OnnxMl.ValueInfoProto.Builder v : g.getOutputBuilderList()) symbolicBatch(v);
            relaxed = b.build();
        }
        return relaxed;
    }

    private static void symbolicBatch(ai.onnx.proto.OnnxMl.ValueInfoProto.Builder v) {
        var shape = v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        if (shape.getDimCount() > 0) shape.setDim(0, ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("gradlens_batch"));
    }

    private ModelProto graphFor(ModelProto base, String layer, Set<RectifierPolicy> policies, boolean oneRow) {
        List<GradientRequest.Wanted> wanted = new ArrayList<>();
        if (layer != null) wanted.add(new GradientRequest.Wanted(layer, RectifierPolicy.STANDARD, LAYER_GRAD));
        // an integer image is explained by the first float tensor computed from it (its Cast output)
        for (RectifierPolicy p : policies) wanted.add(new GradientRequest.Wanted(analysis.input().gradientTensor(), p, INPUT_GRAD + p.id()));
        List<String> forward = new ArrayList<>();
        forward.add(analysis.scoreTensor());
        if (layer != null) forward.add(layer);
        if (wanted.isEmpty()) {
            dev.gradlens.onnx.GraphEditor ed = new dev.gradlens.onnx.GraphEditor(base);
            ed.clearOutputs();
            forward.forEach(ed::addOutput);
            return ed.build();
        }
        return builder.build(base, analysis.shapes(), analysis.staticValues(),
                new GradientRequest(analysis.scoreTensor(), SEED, wanted, forward, oneRow));
    }

    /**
     * Closes every idle session now and marks the others, which their runs close when they end.
     * Never waits for a run.
     */
    @Override
    public void close() {
        List<CachedSession> toClose = new ArrayList<>();
        synchronized (lock) {
            if (closed) return;
            closed = true;
            for (CachedSession c : gradientSessions.values()) retire(c, toClose);
            for (CachedSession c : forwardSessions.values()) retire(c, toClose);
            gradientSessions.clear();
            forwardSessions.clear();
            cachedBytes = 0;
        }
        closeAll(toClose);
    }
}
