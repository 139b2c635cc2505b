package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import dev.gradlens.GradLensException;
import dev.gradlens.onnx.ElementType;
import dev.gradlens.onnx.Tensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Float initializers that an {@link ExplainableModel}'s graphs take as graph inputs instead of
 * constants, so their values can change between runs of one ONNX Runtime session (the sanity
 * check's randomised weights) instead of costing a new graph and session per set of values.
 *
 * <p>Each graph the model builds passes through {@link #asInputs}: the named initializers are moved
 * to graph inputs and their values there become the defaults. Every run feeds, for each such input,
 * the value {@link #set} last gave it, else the default. ONNX Runtime's Java API does not accept
 * feeds for initializers that are also listed as inputs (overridable initializers), so the values
 * are plain inputs, fed on every run; on the CPU a fed tensor is read in place, not copied.
 *
 * <p>Names other helpers derive from a weight (the gradient builder's flipped copies) only mean the
 * same thing in the same graph: a graph that holds such a name must have exactly the nodes of
 * {@code reference}, else building it fails instead of feeding a value into the wrong place.
 * Values are changed between runs only (not while another thread runs the model).
 */
public final class WeightInputs implements AutoCloseable {
    private final Set<String> names;
    private final Set<String> derived;
    private final List<NodeProto> reference;
    private final Map<String, TensorProto> defaults = new HashMap<>();
    private final Map<String, TensorProto> values = new HashMap<>();
    private final Map<String, OnnxTensor> tensors = new HashMap<>();
    private boolean closed;

    /**
     * @param names     the initializers to feed
     * @param derived   the subset whose meaning depends on the graph (not initializers of the model itself)
     * @param reference the nodes of the only graph the derived names may appear in
     */
    public WeightInputs(Set<String> names, Set<String> derived, List<NodeProto> reference) {
        this.names = Set.copyOf(names);
        this.derived = Set.copyOf(derived);
        this.reference = List.copyOf(reference);
    }

    /** The graph with the named initializers turned into inputs; their values become the defaults. */
    public synchronized ModelProto asInputs(ModelProto graph) {
        ModelProto.Builder b = graph.toBuilder();
        GraphProto.Builder g = b.getGraphBuilder();
        List<TensorProto> kept = new ArrayList<>();
        boolean anyDerived = false;
        for (TensorProto t : g.getInitializerList()) {
            if (!names.contains(t.getName())) {
                kept.add(t);
                continue;
            }
            if (t.getDataType() != ElementType.FLOAT) throw new IllegalArgumentException("initializer " + t.getName() + " is not float");
            anyDerived |= derived.contains(t.getName());
            TensorProto old = defaults.putIfAbsent(t.getName(), t);
            if (old != null && !old.equals(t)) throw new IllegalStateException("two graphs disagree on the value of " + t.getName());
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (long d : t.getDimsList()) shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            g.addInput(ValueInfoProto.newBuilder().setName(t.getName()).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(ElementType.FLOAT).setShape(shape))));
        }
        if (anyDerived && !g.getNodeList().equals(reference))
            throw new IllegalStateException("the graph is not the one the fed weights were derived for");
        g.clearInitializer();
        g.addAllInitializer(kept);
        return b.build();
    }

    /** From the next run on, feeds {@code value} (same name, type and shape as the default) for its initializer. */
    public synchronized void set(TensorProto value) {
        String n = value.getName();
        if (!names.contains(n)) throw new IllegalArgumentException("not a fed initializer: " + n);
        if (value.equals(values.get(n))) return;
        values.put(n, value);
        dropTensor(n);
    }

    /** From the next run on, feeds the default again. */
    public synchronized void reset(String name) {
        if (values.remove(name) != null) dropTensor(name);
    }

    /** Adds the current value of every fed initializer among {@code inputs} to {@code feeds}. */
    synchronized void feed(Set<String> inputs, Map<String, OnnxTensor> feeds) {
        if (closed) throw new GradLensException("The model was closed");
        for (String n : inputs) {
            if (!names.contains(n)) continue;
            OnnxTensor t = tensors.get(n);
            if (t == null) {
                TensorProto v = values.getOrDefault(n, defaults.get(n));
                if (v == null) throw new IllegalStateException("no value for " + n);
                t = tensor(v);
                tensors.put(n, t);
            }
            feeds.put(n, t);
        }
    }

    private void dropTensor(String n) {
        OnnxTensor t = tensors.remove(n);
        if (t != null) t.close();
    }

    /** A direct buffer ONNX Runtime reads in place (raw little-endian data copied once, without a float[]). */
    private static OnnxTensor tensor(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int n = (int) Tensors.elementCount(t);
        ByteBuffer bb = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
        if (t.hasRawData() && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && t.getRawData().size() == 4 * n) {
            t.getRawData().copyTo(bb);
            bb.rewind();
        } else {
            bb.asFloatBuffer().put(Tensors.toFloats(t));
        }
        try {
            return OnnxTensor.createTensor(OrtRuntime.env(), bb.asFloatBuffer(), dims);
        } catch (OrtException ex) {
            throw new GradLensException("Cannot create a weight tensor: " + ex.getMessage(), ex);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (OnnxTensor t : tensors.values()) t.close();
        tensors.clear();
    }

    /** The names fed. */
    public Collection<String> names() {
        return names;
    }
}
