package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.GradientRule;

/**
 * Variadic Sum and Mean with numpy broadcasting: input i receives g (Sum) or g/n (Mean, n inputs),
 * summed back over the axes it was broadcast along.
 */
public final class SumMeanRule implements GradientRule {
    @Override
    public boolean isDifferentiable(NodeProto node, int index) {
        return true;
    }

    @Override
    public void backward(BackwardContext ctx) {
        String g = ctx.grad();
        int n = ctx.inputCount();
        String share = ctx.node().getOpType().equals("Mean") && n > 1 ? ctx.ed().mul(g, ctx.ed().scalar(1f / n)) : g;
        for (int i = 0; i < n; i++) {
            if (ctx.wantsInputGrad(i)) ctx.setInputGrad(i, ctx.unbroadcast(share, i));
        }
    }
}
