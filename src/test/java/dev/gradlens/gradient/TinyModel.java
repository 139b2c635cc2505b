package dev.gradlens.gradient;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import dev.gradlens.onnx.GraphEditor;
import dev.gradlens.onnx.Tensors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds small ONNX models for rule tests: float inputs with fixed shapes, constant initializers,
 * nodes added through {@link GraphEditor}'s node builder, and named outputs.
 */
public final class TinyModel {
    private final long opset;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("tiny");
    private final Map<String, long[]> inputs = new LinkedHashMap<>();
    private final Map<String, Long> domains = new LinkedHashMap<>();
    private GraphEditor editor;

    private TinyModel(long opset) {
        this.opset = opset;
    }

    public static TinyModel opset(long opset) {
        return new TinyModel(opset);
    }

    public TinyModel input(String name, long... shape) {
        if (editor != null) throw new IllegalStateException("declare inputs before nodes");
        inputs.put(name, shape);
        return this;
    }

    /** Imports another operator domain (e.g. "com.microsoft" for contrib ops); declare before nodes. */
    public TinyModel domain(String domain, long version) {
        if (editor != null) throw new IllegalStateException("declare domains before nodes");
        domains.put(domain, version);
        return this;
    }

    public TinyModel initializer(String name, float[] values, long... dims) {
        if (editor != null) throw new IllegalStateException("declare initializers before nodes");
        graph.addInitializer(Tensors.floats(name, values, dims));
        return this;
    }

    public TinyModel longInitializer(String name, long[] values, long... dims) {
        if (editor != null) throw new IllegalStateException("declare initializers before nodes");
        graph.addInitializer(Tensors.longs(name, values, dims));
        return this;
    }

    /** The editor to add nodes with; use {@code node.into("y")} to name a tensor. */
    public GraphEditor nodes() {
        if (editor == null) {
            ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(8).setProducerName("gradlens-test")
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph);
            domains.forEach((d, v) -> model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(d).setVersion(v)));
            ModelProto base = model.build();
            editor = new GraphEditor(base);
            for (var e : inputs.entrySet()) {
                Object[] dims = new Object[e.getValue().length];
                for (int i = 0; i < dims.length; i++) dims[i] = e.getValue()[i];
                editor.addFloatInput(e.getKey(), dims);
            }
        }
        return editor;
    }

    public Map<String, long[]> inputs() {
        return inputs;
    }

    /** The model with the given tensors as outputs. */
    public ModelProto build(String... outputs) {
        GraphEditor ed = nodes();
        ed.clearOutputs();
        for (String o : outputs) ed.addOutput(o);
        return ed.build();
    }
}
