package dev.gradlens.run;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.gradlens.GradLensException;
import dev.gradlens.gradient.GradientGraphBuilder;
import dev.gradlens.gradient.GradientRequest;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.inference.OrtRuntime;
import dev.gradlens.onnx.ElementType;
import dev.gradlens.tensor.Tensor;

import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ∂S_c/∂A from the model's head alone: the sub-graph from the CAM layer A to the score, with A as
 * its input. A data-set run needs ∂S/∂A of two or more classes per image (true, predicted, targets)
 * but the activations only once; with the head cut out, the whole model runs forward once per image
 * and only the head (for the last conv layer: pooling and the classifier) runs forward and backward,
 * once per (image, class) row. The gradient is the same function as through the full graph (the
 * backward pass of the score never goes below A).
 *
 * <p>Not every layer has a separable head: where the score also depends on the image by another
 * path than through A (a skip connection around a middle layer), or where the head holds most of the
 * model (an early layer), {@link #cut} returns null and the run differentiates the full graph.
 */
final class HeadGradients implements AutoCloseable {
    private static final String SEED = "gradlens/head_seed";
    private static final String GRAD = "gradlens/head_dS_dA";
    private final OrtRuntime.Session session;
    private final String layer;
    private final String score;
    private final int scoreRank;
    private final int classes;
    private final int[] layerDims;
    private boolean batchFailed;

    private HeadGradients(OrtRuntime.Session session, String layer, String score, int scoreRank, int classes, int[] layerDims) {
        this.session = session;
        this.layer = layer;
        this.score = score;
        this.scoreRank = scoreRank;
        this.classes = classes;
        this.layerDims = layerDims;
    }

    /** The head of {@code layer}, or null when the score is not a function of A alone or the head is most of the model. */
    static HeadGradients cut(ExplainableModel model, String layer) {
        ModelAnalysis a = model.analysis();
        ModelProto base = model.batchRelaxedModel();
        GraphProto g = base.getGraph();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) for (String o : g.getNode(i).getOutputList()) producer.put(o, i);
        Set<String> constants = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) constants.add(t.getName());
        TreeSet<Integer> nodes = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(a.scoreTensor()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (t.isEmpty() || !seen.add(t) || t.equals(layer) || constants.contains(t)) continue;
            Integer p = producer.get(t);
            if (p == null) return null; // a graph input other than A: the image reaches the score around A
            nodes.add(p);
            for (String in : g.getNode(p).getInputList()) todo.push(in);
        }
        if (nodes.isEmpty() || nodes.size() * 2 > g.getNodeCount()) return null;
        Set<String> used = new HashSet<>();
        GraphProto.Builder head = g.toBuilder().clearNode().clearInput().clearOutput().clearValueInfo().clearInitializer();
        for (int i : nodes) {
            NodeProto n = g.getNode(i);
            head.addNode(n);
            used.addAll(n.getInputList());
        }
        for (TensorProto t : g.getInitializerList()) if (used.contains(t.getName())) head.addInitializer(t);
        int[] shape = a.shapes().get(layer).shape();
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("gradlens_batch"));
        for (int d = 1; d < shape.length; d++) dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(shape[d]));
        head.addInput(ValueInfoProto.newBuilder().setName(layer).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(ElementType.FLOAT).setShape(dims))));
        head.addOutput(ValueInfoProto.newBuilder().setName(a.scoreTensor()));
        ModelProto headModel = base.toBuilder().setGraph(head).build();
        ModelProto withGrad = new GradientGraphBuilder().build(headModel, a.shapes(), new GradientRequest(a.scoreTensor(), SEED,
                List.of(new GradientRequest.Wanted(layer, RectifierPolicy.STANDARD, GRAD)), List.of(a.scoreTensor())));
        OrtRuntime.Session s = model.requestedDevice() == Device.CPU ? singleThreaded(withGrad) : OrtRuntime.createSession(withGrad.toByteArray(), model.requestedDevice());
        int[] layerDims = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        return new HeadGradients(s, layer, a.scoreTensor(), a.shapes().get(a.scoreTensor()).rank(), a.classes(), layerDims);
    }

    /**
     * The head is a few small ops: one thread, no spin-waiting. A thread pool of its own per session
     * (ONNX Runtime's default) would spin beside the model's pool and the decoding threads and cost
     * more CPU than the head itself.
     */
    private static OrtRuntime.Session singleThreaded(ModelProto graph) {
        try {
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(1);
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            return new OrtRuntime.Session(OrtRuntime.env().createSession(graph.toByteArray(), o), Device.CPU, null);
        } catch (OrtException e) {
            throw new GradLensException("ONNX Runtime cannot load the model's head: " + RunDatabase.firstLine(e), e);
        }
    }

    /**
     * ∂S_{cls[i]}/∂A for rows i of {@code activations} [n, C, h, w]: one head run for all rows (or
     * one per row where the head hard-codes a batch of 1).
     */
    Tensor gradients(float[] activations, int[] cls) {
        int n = cls.length;
        if (n > 1 && !batchFailed) {
            try {
                return run(activations, cls);
            } catch (GradLensException e) {
                batchFailed = true;
            }
        }
        int per = activations.length / n;
        float[] out = new float[activations.length];
        for (int i = 0; i < n; i++) {
            Tensor g = run(java.util.Arrays.copyOfRange(activations, i * per, (i + 1) * per), new int[] {cls[i]});
            System.arraycopy(g.data(), 0, out, i * per, per);
        }
        return new Tensor(out, shape(n));
    }

    private int[] shape(int n) {
        int[] s = new int[layerDims.length + 1];
        s[0] = n;
        System.arraycopy(layerDims, 0, s, 1, layerDims.length);
        return s;
    }

    private Tensor run(float[] activations, int[] cls) {
        int n = cls.length;
        float[] seed = new float[n * classes];
        for (int i = 0; i < n; i++) seed[i * classes + cls[i]] = 1f;
        long[] seedShape = new long[scoreRank];
        java.util.Arrays.fill(seedShape, 1);
        seedShape[0] = n;
        seedShape[1] = classes;
        int[] s = shape(n);
        long[] aShape = new long[s.length];
        for (int i = 0; i < s.length; i++) aShape[i] = s[i];
        try (OnnxTensor a = OrtRuntime.tensor(activations, aShape); OnnxTensor sd = OrtRuntime.tensor(seed, seedShape);
             OrtSession.Result r = session.ort().run(Map.of(layer, a, SEED, sd))) {
            OnnxTensor g = (OnnxTensor) r.get(GRAD).orElseThrow(() -> new GradLensException("the head graph returned no gradient"));
            FloatBuffer fb = g.getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return new Tensor(out, s);
        } catch (OrtException e) {
            throw new GradLensException("ONNX Runtime failed on the model's head: " + RunDatabase.firstLine(e), e);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
