package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.GradientRule;
import dev.gradlens.onnx.GraphEditor;

import java.util.ArrayList;
import java.util.List;

/**
 * Elementwise Max and Min of any number of inputs (numpy broadcasting): the gradient goes to the
 * inputs equal to the output. Ties split it evenly (g/m to each of m equal inputs), as PyTorch's
 * torch.maximum/minimum do for two operands; ONNX itself defines no gradient. Equality is tested as
 * "not below the max" (not above the min), which is exact since y ≥ xᵢ (y ≤ xᵢ) and works from
 * opset 7 (float Equal needs 11).
 */
public final class MaxMinRule implements GradientRule {
    @Override
    public boolean isDifferentiable(NodeProto node, int index) {
        return true;
    }

    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String g = ctx.grad();
        String y = ctx.output(0);
        boolean max = ctx.node().getOpType().equals("Max");
        int n = ctx.inputCount();
        if (n == 1) {
            ctx.setInputGrad(0, g);
            return;
        }
        List<String> masks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String x = ctx.input(i);
            masks.add(ed.memo("maxmin-mask:" + y + ":" + i, () -> {
                String strict = ed.floatMask(ed.op(max ? "Less" : "Greater").in(x, y).out());
                return ed.sub(ed.scalar(1f), strict);
            }));
        }
        String share = ed.memo("maxmin-share:" + y, () -> ed.div(ed.scalar(1f), ed.op("Sum").in(masks.toArray(new String[0])).out()));
        String gs = ed.mul(g, share);
        for (int i = 0; i < n; i++) {
            if (ctx.wantsInputGrad(i)) ctx.setInputGrad(i, ctx.unbroadcast(ed.mul(gs, masks.get(i)), i));
        }
    }
}
