package dev.gradlens.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read-only index over a graph: who produces and who consumes each tensor, which tensors are
 * constants (initializers or Constant nodes) and which inputs are real (not initializer-backed).
 */
public final class OnnxGraph {
    private final GraphProto graph;
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();

    public OnnxGraph(GraphProto graph) {
        this.graph = graph;
        for (TensorProto t : graph.getInitializerList()) constants.put(t.getName(), t);
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto n = graph.getNode(i);
            for (String out : n.getOutputList()) if (!out.isEmpty()) producer.put(out, i);
            for (String in : n.getInputList()) {
                if (!in.isEmpty()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
            if (n.getOpType().equals("Constant") && n.getDomain().isEmpty()) {
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("value") && a.hasT()) constants.put(n.getOutput(0), a.getT());
                }
            }
        }
    }

    /**
     * Adds values known for tensors computed in the graph (static shape arithmetic measured by a probe
     * run), so that {@link #constant} returns them too; real constants keep precedence.
     */
    public OnnxGraph withKnownValues(Map<String, TensorProto> values) {
        for (var e : values.entrySet()) constants.putIfAbsent(e.getKey(), e.getValue());
        return this;
    }

    public GraphProto proto() {
        return graph;
    }

    public List<NodeProto> nodes() {
        return graph.getNodeList();
    }

    public NodeProto node(int index) {
        return graph.getNode(index);
    }

    public int nodeCount() {
        return graph.getNodeCount();
    }

    /** Index of the node producing {@code tensor}, or -1 for graph inputs, initializers and unknown names. */
    public int producerOf(String tensor) {
        return producer.getOrDefault(tensor, -1);
    }

    public List<Integer> consumersOf(String tensor) {
        return consumers.getOrDefault(tensor, Collections.emptyList());
    }

    public boolean isConstant(String tensor) {
        return constants.containsKey(tensor);
    }

    public Optional<TensorProto> constant(String tensor) {
        return Optional.ofNullable(constants.get(tensor));
    }

    public boolean isInitializer(String name) {
        for (TensorProto t : graph.getInitializerList()) if (t.getName().equals(name)) return true;
        return false;
    }

    /** Graph inputs a caller must feed: those not backed by an initializer (older exporters list weights too). */
    public List<ValueInfoProto> realInputs() {
        Set<String> init = new LinkedHashSet<>();
        for (TensorProto t : graph.getInitializerList()) init.add(t.getName());
        List<ValueInfoProto> out = new ArrayList<>();
        for (ValueInfoProto v : graph.getInputList()) if (!init.contains(v.getName())) out.add(v);
        return out;
    }

    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        for (ValueInfoProto v : graph.getOutputList()) out.add(v.getName());
        return out;
    }

    /** Every tensor produced by a node, in node order. */
    public List<String> producedTensors() {
        List<String> out = new ArrayList<>();
        for (NodeProto n : graph.getNodeList()) for (String o : n.getOutputList()) if (!o.isEmpty()) out.add(o);
        return out;
    }

    /** A readable node label: its name, or op type and first output when unnamed. */
    public static String label(NodeProto n) {
        if (!n.getName().isEmpty()) return n.getName();
        return n.getOpType() + (n.getOutputCount() > 0 ? " -> " + n.getOutput(0) : "");
    }

    /** "Relu", or "com.microsoft:Gelu" for other domains. */
    public static String qualifiedOp(NodeProto n) {
        return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType() : n.getDomain() + ":" + n.getOpType();
    }
}
