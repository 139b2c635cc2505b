package dev.gradlens.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The tensors whose values depend only on constants and on shapes, never on the input's values:
 * Constant outputs, Shape and Size outputs (the input size is fixed once a model is opened), and
 * whatever is computed from those alone (Gather → Div → Slice starts, Range, ConstantOfShape, Split
 * sizes, Reshape and Expand targets). Their values, measured once by the probe run for the opened
 * input size, are constants for the gradient builder; another input size means another probe.
 * Random ops and control flow (whose subgraphs may read other tensors) are never static.
 */
public final class StaticTensors {
    private static final Set<String> NEVER = Set.of("RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike",
            "Multinomial", "Bernoulli", "If", "Loop", "Scan");

    private StaticTensors() {
    }

    /** Produced tensors (not initializers) that are static, in graph order. */
    public static Set<String> find(OnnxGraph graph) {
        Set<String> known = new LinkedHashSet<>();
        Set<String> produced = new LinkedHashSet<>();
        for (var t : graph.proto().getInitializerList()) known.add(t.getName());
        for (NodeProto n : graph.nodes()) {
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) continue;
            String op = n.getOpType();
            if (NEVER.contains(op)) continue;
            boolean stat = op.equals("Shape") || op.equals("Size");
            if (!stat) {
                stat = true;
                for (String in : n.getInputList()) stat &= in.isEmpty() || known.contains(in);
            }
            if (stat) {
                for (String o : n.getOutputList()) {
                    if (o.isEmpty()) continue;
                    known.add(o);
                    produced.add(o);
                }
            }
        }
        return produced;
    }
}
