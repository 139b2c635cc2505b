package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.GradientRule;

/** Concat: each input's gradient is its slice of the output gradient along the concat axis. */
public final class ConcatRule implements GradientRule {
    @Override
    public boolean isDifferentiable(NodeProto node, int index) {
        return true;
    }

    @Override
    public void backward(BackwardContext ctx) {
        int rank = ctx.outputShape(0).length;
        long axis = ctx.attrs().getInt("axis", 0);
        if (axis < 0) axis += rank;
        long offset = 0;
        for (int i = 0; i < ctx.inputCount(); i++) {
            long len = ctx.inputShape(i)[(int) axis];
            if (ctx.wantsInputGrad(i)) {
                ctx.setInputGrad(i, ctx.ed().slice(ctx.grad(), new long[] {offset}, new long[] {offset + len}, new long[] {axis}));
            }
            offset += len;
        }
    }
}
