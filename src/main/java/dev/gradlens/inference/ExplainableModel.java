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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A classifier ready to explain: the analysed model plus ONNX Runtime sessions of its gradient
 * graphs, built lazily once per (layer, input-gradient policies) and cached. The seed is an input,
 * so switching class or counterfactual reuses the same session.
 */
public final class ExplainableModel implements AutoCloseable {
    public static final String SEED = "gradlens/seed";
    private static final String LAYER_GRAD = "gradlens/dS_dA";
    private static final String INPUT_GRAD = "gradlens/dS_dx_";

    private final ModelAnalysis analysis;
    private final Device requested;
    private final GradientGraphBuilder builder;
    private final Map<String, OrtRuntime.Session> sessions = new HashMap<>();
    private Device device = Device.CPU;
    private String deviceNote;
    private ModelProto relaxed;

    public ExplainableModel(ModelAnalysis analysis, Device requested) {
        this.analysis = analysis;
        this.requested = requested;
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

    /** The device sessions really run on (CPU when CUDA was asked for but is unavailable). */
    public synchronized Device device() {
        return device;
    }

    public synchronized String deviceNote() {
        return deviceNote;
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
        OrtRuntime.Session session = session(gradients ? layer : null, gradients ? inputPolicies : Set.of(), batch > 1);
        ImageInput in = analysis.input();
        int k = analysis.classes();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        long t0 = System.nanoTime();
        try {
            feeds.put(in.name(), OrtRuntime.tensor(images, in.shape(batch)));
            if (gradients) {
                long[] seedShape = new long[analysis.shapes().get(analysis.scoreTensor()).rank()];
                java.util.Arrays.fill(seedShape, 1);
                seedShape[0] = seeds;
                seedShape[1] = k;
                feeds.put(SEED, OrtRuntime.tensor(seed, seedShape));
            }
            try (OrtSession.Result r = session.ort().run(feeds)) {
                double ms = (System.nanoTime() - t0) / 1e6;
                Tensor scores = read(r, analysis.scoreTensor());
                scores = scores.reshape(batch, k);
                Tensor act = layer == null ? null : read(r, layer);
                Tensor dA = layer == null ? null : read(r, LAYER_GRAD);
                Map<RectifierPolicy, Tensor> grads = new EnumMap<>(RectifierPolicy.class);
                for (RectifierPolicy p : inputPolicies) grads.put(p, toNchw(read(r, INPUT_GRAD + p.id())));
                return new GradientResult(scores, act, dA, grads, ms);
            }
        } catch (OrtException ex) {
            throw new GradLensException("ONNX Runtime failed while explaining: " + OrtRuntime.firstLine(ex.getMessage()), ex);
        } finally {
            for (OnnxTensor t : feeds.values()) t.close();
        }
    }

    /**
     * A forward pass that also returns the layer's activations, without any backward pass: scores
     * [B, K] and A [B, C, h, w] (layerGrad null). Data-set runs take ∂S/∂A from a small head graph
     * instead (see run.HeadGradients).
     */
    public GradientResult forwardWithLayer(float[] images, int batch, String layer) {
        analysis.layer(layer);
        OrtRuntime.Session session = forwardSession(layer, batch > 1);
        int k = analysis.classes();
        long t0 = System.nanoTime();
        try (OnnxTensor x = OrtRuntime.tensor(images, analysis.input().shape(batch));
             OrtSession.Result r = session.ort().run(Map.of(analysis.input().name(), x))) {
            Tensor scores = read(r, analysis.scoreTensor()).reshape(batch, k);
            return new GradientResult(scores, read(r, layer), null, Map.of(), (System.nanoTime() - t0) / 1e6);
        } catch (OrtException ex) {
            throw new GradLensException("ONNX Runtime failed while explaining: " + OrtRuntime.firstLine(ex.getMessage()), ex);
        }
    }

    private synchronized OrtRuntime.Session forwardSession(String layer, boolean batched) {
        String key = "forward|" + layer + "|" + batched;
        OrtRuntime.Session s = sessions.get(key);
        if (s == null) {
            dev.gradlens.onnx.GraphEditor ed = new dev.gradlens.onnx.GraphEditor(batched ? batchRelaxed() : analysis.model().proto());
            ed.clearOutputs();
            ed.addOutput(analysis.scoreTensor());
            ed.addOutput(layer);
            s = OrtRuntime.createSession(ed.build().toByteArray(), requested);
            device = s.device();
            deviceNote = s.deviceNote();
            sessions.put(key, s);
        }
        return s;
    }

    /** The model with a symbolic batch dimension (see {@link #batchRelaxed}); other graphs are cut from it. */
    public ModelProto batchRelaxedModel() {
        return batchRelaxed();
    }

    /** The device requested when this model was opened (sessions built elsewhere use it too). */
    public Device requestedDevice() {
        return requested;
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
        float[] data = new float[fb.remaining()];
        fb.get(data);
        return new Tensor(data, s);
    }

    private synchronized OrtRuntime.Session session(String layer, Set<RectifierPolicy> policies, boolean batched) {
        EnumSet<RectifierPolicy> ps = policies.isEmpty() ? EnumSet.noneOf(RectifierPolicy.class) : EnumSet.copyOf(policies);
        String key = layer + "|" + ps + "|" + batched;
        OrtRuntime.Session s = sessions.get(key);
        if (s == null) {
            s = OrtRuntime.createSession(graphFor(batched ? batchRelaxed() : analysis.model().proto(), layer, ps).toByteArray(), requested);
            device = s.device();
            deviceNote = s.deviceNote();
            sessions.put(key, s);
        }
        return s;
    }

    /** The augmented graph for a layer and input-gradient policies (also used by tests and the bench). */
    public ModelProto graphFor(String layer, Set<RectifierPolicy> policies) {
        return graphFor(analysis.model().proto(), layer, policies);
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

    private ModelProto graphFor(ModelProto base, String layer, Set<RectifierPolicy> policies) {
        List<GradientRequest.Wanted> wanted = new ArrayList<>();
        if (layer != null) wanted.add(new GradientRequest.Wanted(layer, RectifierPolicy.STANDARD, LAYER_GRAD));
        for (RectifierPolicy p : policies) wanted.add(new GradientRequest.Wanted(analysis.input().name(), p, INPUT_GRAD + p.id()));
        List<String> forward = new ArrayList<>();
        forward.add(analysis.scoreTensor());
        if (layer != null) forward.add(layer);
        if (wanted.isEmpty()) {
            dev.gradlens.onnx.GraphEditor ed = new dev.gradlens.onnx.GraphEditor(base);
            ed.clearOutputs();
            forward.forEach(ed::addOutput);
            return ed.build();
        }
        return builder.build(base, analysis.shapes(),
                new GradientRequest(analysis.scoreTensor(), SEED, wanted, forward));
    }

    @Override
    public synchronized void close() {
        for (OrtRuntime.Session s : sessions.values()) s.close();
        sessions.clear();
    }
}
