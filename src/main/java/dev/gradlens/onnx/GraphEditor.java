package dev.gradlens.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Owns a copy of a model's graph while nodes are appended: unique naming, node building with
 * attributes, constants, new inputs and outputs. The opset-dependent helpers ({@link #reduceSum},
 * {@link #unsqueeze}, {@link #slice}, {@link #pad}...) emit the attribute form or the input form an op
 * has in the model's own opset, so edited graphs stay valid from opset 7 up.
 */
public final class GraphEditor {
    public static final String PREFIX = "gradlens/";
    private final ModelProto base;
    private final GraphProto.Builder graph;
    private final long opset;
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> scalarCache = new HashMap<>();
    private final Map<String, String> memo = new HashMap<>();
    private final Map<String, String> metadata = new java.util.LinkedHashMap<>();
    private int counter;

    public GraphEditor(ModelProto model) {
        this.base = model;
        this.graph = model.getGraph().toBuilder();
        this.opset = OnnxModel.opset(model);
        for (NodeProto n : graph.getNodeList()) {
            names.add(n.getName());
            names.addAll(n.getOutputList());
        }
        for (TensorProto t : graph.getInitializerList()) names.add(t.getName());
        for (ValueInfoProto v : graph.getInputList()) names.add(v.getName());
    }

    public long opset() {
        return opset;
    }

    /**
     * Builds a tensor once per key: forward-derived helpers (a ReLU's derivative mask, MaxPool's window
     * matches) are shared by every backward chain instead of being recomputed.
     */
    public String memo(String key, java.util.function.Supplier<String> build) {
        String v = memo.get(key);
        if (v == null) {
            v = build.get();
            memo.put(key, v);
        }
        return v;
    }

    /** A tensor/node name not used anywhere in the graph, readable in a dump. */
    public String fresh(String hint) {
        String clean = hint.replaceAll("[^A-Za-z0-9_./:-]", "_");
        String name;
        do {
            name = PREFIX + clean + "_" + (counter++);
        } while (!names.add(name));
        return name;
    }

    public NodeBuilder op(String opType) {
        return new NodeBuilder(opType);
    }

    /** Replaces node {@code index} of the original graph (e.g. to ask MaxPool for its indices). */
    public void replaceNode(int index, NodeProto node) {
        graph.setNode(index, node);
        names.addAll(node.getOutputList());
    }

    public String constFloats(String hint, float[] values, long... dims) {
        String name = fresh(hint);
        graph.addInitializer(Tensors.floats(name, values, dims));
        return name;
    }

    public String constLongs(String hint, long[] values, long... dims) {
        String name = fresh(hint);
        graph.addInitializer(Tensors.longs(name, values, dims));
        return name;
    }

    /** A float scalar constant of rank 0, shared between uses. */
    public String scalar(float v) {
        return scalarCache.computeIfAbsent(Float.toString(v), k -> constFloats("scalar", new float[] {v}));
    }

    /** Sets (adds) a model metadata entry of the edited model. */
    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    public void addOutput(String tensor) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(tensor));
    }

    /** Adds a float32 graph input; a dim given as a String is symbolic, a Long/Integer is fixed. */
    public void addFloatInput(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder db = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) db.setDimParam(s);
            else db.setDimValue(((Number) d).longValue());
            shape.addDim(db);
        }
        graph.addInput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(ElementType.FLOAT).setShape(shape))));
        names.add(name);
    }

    /** Drops every graph output; callers then add exactly those they read. */
    public void clearOutputs() {
        graph.clearOutput();
    }

    /**
     * Drops intermediate value_info: shapes recorded by the exporter for a fixed batch would contradict
     * a graph that now runs with another batch.
     */
    public void clearValueInfo() {
        graph.clearValueInfo();
    }

    public ModelProto build() {
        ModelProto.Builder b = base.toBuilder().setGraph(graph);
        for (var e : metadata.entrySet()) {
            b.addMetadataProps(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return b.build();
    }

    // ---- opset-aware helpers -------------------------------------------------------------------

    public String reduceSum(String x, long[] axes, boolean keepdims) {
        if (axes.length == 0) return x;
        if (opset >= 13) {
            return op("ReduceSum").in(x, constLongs("axes", axes, axes.length)).attr("keepdims", keepdims ? 1 : 0).out();
        }
        return op("ReduceSum").in(x).attr("axes", axes).attr("keepdims", keepdims ? 1 : 0).out();
    }

    /** ReduceMean with keepdims = 1 (axes an attribute before opset 18, an input from 18). */
    public String reduceMean(String x, long[] axes) {
        if (opset >= 18) return op("ReduceMean").in(x, constLongs("axes", axes, axes.length)).attr("keepdims", 1L).out();
        return op("ReduceMean").in(x).attr("axes", axes).attr("keepdims", 1L).out();
    }

    public String unsqueeze(String x, long... axes) {
        if (opset >= 13) return op("Unsqueeze").in(x, constLongs("axes", axes, axes.length)).out();
        return op("Unsqueeze").in(x).attr("axes", axes).out();
    }

    public String squeeze(String x, long... axes) {
        if (opset >= 13) return op("Squeeze").in(x, constLongs("axes", axes, axes.length)).out();
        return op("Squeeze").in(x).attr("axes", axes).out();
    }

    /** Reshape to a fixed shape (entries may use 0 = copy and -1 = infer). */
    public String reshape(String x, long[] shape) {
        return op("Reshape").in(x, constLongs("shape", shape, shape.length)).out();
    }

    public String transpose(String x, long[] perm) {
        return op("Transpose").in(x).attr("perm", perm).out();
    }

    public String slice(String x, long[] starts, long[] ends, long[] axes) {
        if (opset >= 10) {
            return op("Slice").in(x, constLongs("starts", starts, starts.length), constLongs("ends", ends, ends.length),
                    constLongs("axes", axes, axes.length)).out();
        }
        return op("Slice").in(x).attr("starts", starts).attr("ends", ends).attr("axes", axes).out();
    }

    /** Strided Slice (opset 10+, where steps became an input). */
    public String slice(String x, long[] starts, long[] ends, long[] axes, long[] steps) {
        if (opset < 10) throw new IllegalStateException("strided Slice needs opset 10, the model is opset " + opset);
        return op("Slice").in(x, constLongs("starts", starts, starts.length), constLongs("ends", ends, ends.length),
                constLongs("axes", axes, axes.length), constLongs("steps", steps, steps.length)).out();
    }

    /** Constant padding with {@code value} (opset 11+, where the value became an input); pads as in {@link #pad}. */
    public String pad(String x, long[] pads, float value) {
        if (opset < 11) throw new IllegalStateException("Pad with a value input needs opset 11, the model is opset " + opset);
        boolean any = false;
        for (long p : pads) any |= p != 0;
        if (!any) return x;
        return op("Pad").in(x, constLongs("pads", pads, pads.length), scalar(value)).out();
    }

    /** Zero padding; {@code pads} as ONNX orders them: all begins, then all ends. */
    public String pad(String x, long[] pads) {
        boolean any = false;
        for (long p : pads) any |= p != 0;
        if (!any) return x;
        if (opset >= 11) return op("Pad").in(x, constLongs("pads", pads, pads.length)).out();
        return op("Pad").in(x).attr("pads", pads).out();
    }

    /** Cast a boolean tensor to a float 0/1 mask (Where needs opset 9; this works everywhere). */
    public String floatMask(String bool) {
        return op("Cast").in(bool).attr("to", ElementType.FLOAT).out();
    }

    public String mul(String a, String b) {
        return op("Mul").in(a, b).out();
    }

    public String add(String a, String b) {
        return op("Add").in(a, b).out();
    }

    public String sub(String a, String b) {
        return op("Sub").in(a, b).out();
    }

    public String div(String a, String b) {
        return op("Div").in(a, b).out();
    }

    public String neg(String a) {
        return op("Neg").in(a).out();
    }

    public String relu(String a) {
        return op("Relu").in(a).out();
    }

    /** Fluent builder of one node appended at the end of the graph. */
    public final class NodeBuilder {
        private final NodeProto.Builder node;
        private String domain = "";

        private NodeBuilder(String opType) {
            node = NodeProto.newBuilder().setOpType(opType);
        }

        public NodeBuilder in(String... inputs) {
            for (String i : inputs) node.addInput(i == null ? "" : i);
            return this;
        }

        public NodeBuilder domain(String d) {
            domain = d;
            return this;
        }

        public NodeBuilder attr(String name, long v) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v));
            return this;
        }

        public NodeBuilder attr(String name, float v) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v));
            return this;
        }

        public NodeBuilder attr(String name, String v) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                    .setS(ByteString.copyFromUtf8(v)));
            return this;
        }

        public NodeBuilder attr(String name, long[] v) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (long x : v) a.addInts(x);
            node.addAttribute(a);
            return this;
        }

        /** A TENSOR attribute (a Constant node's value). */
        public NodeBuilder attr(String name, TensorProto v) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(v));
            return this;
        }

        /** A GRAPH attribute (an If branch, a Loop body). */
        public NodeBuilder attr(String name, GraphProto g) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g));
            return this;
        }

        public NodeBuilder attr(String name, float[] v) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
            for (float x : v) a.addFloats(x);
            node.addAttribute(a);
            return this;
        }

        /** Appends the node with one fresh output and returns that output's name. */
        public String out() {
            return outs(1).get(0);
        }

        public List<String> outs(int count) {
            String type = node.getOpType();
            node.setName(fresh(type)).setDomain(domain);
            List<String> outs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String o = fresh(type.toLowerCase() + "_out");
                node.addOutput(o);
                outs.add(o);
            }
            graph.addNode(node);
            return outs;
        }

        /** Appends the node writing to a given (fresh) output name. */
        public void into(String output) {
            names.add(output);
            node.setName(fresh(node.getOpType())).setDomain(domain).addOutput(output);
            graph.addNode(node);
        }
    }
}
