package dev.gradlens.gradient;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.onnx.OnnxGraph;
import dev.gradlens.onnx.Tensors;

/**
 * Which models one-class runs give one-row graphs ({@link GradientRequest#oneRow}): those with a ReLU6, Clip(0, 6) with
 * constant bounds, whose masks the one-row graph keeps in ONNX Runtime's blocked layout. Measured (docs/performance.md,
 * "One-row graphs"): MobileNet-v2 ×0.85–0.89; a dequantized int8 MobileNet-v2, whose 66 Clips hold quantized output
 * ranges (0 to ~6, not 6), ×1.13 when they were all made into Conv masks; plain-Relu networks ×0.97–1.1. So the exact
 * ReLU6 bounds are the criterion, not any Clip.
 */
public final class OneRowGraphs {
    private OneRowGraphs() {
    }

    /** Whether some node is Clip(0, 6) with constant bounds (attributes before opset 11, constant inputs from 11). */
    public static boolean hasReluSix(ModelProto model) {
        OnnxGraph g = new OnnxGraph(model.getGraph());
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (!n.getOpType().equals("Clip")) continue;
            float min = Float.NaN, max = Float.NaN;
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals("min")) min = a.getF();
                if (a.getName().equals("max")) max = a.getF();
            }
            if (n.getInputCount() > 1) min = scalar(g, n.getInput(1));
            if (n.getInputCount() > 2) max = scalar(g, n.getInput(2));
            if (min == 0f && max == 6f) return true;
        }
        return false;
    }

    private static float scalar(OnnxGraph g, String name) {
        if (name.isEmpty()) return Float.NaN;
        return g.constant(name).map(t -> {
            float[] v = Tensors.toFloats(t);
            return v.length == 1 ? v[0] : Float.NaN;
        }).orElse(Float.NaN);
    }
}
