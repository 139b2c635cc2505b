package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.GradientRule;
import dev.gradlens.onnx.GraphEditor;

/**
 * Where(c, a, b) picks a where c holds, else b (broadcasting all three): da = g·c, db = g·(1 − c),
 * each summed back over its broadcast axes. The condition is boolean and carries no gradient; its
 * 0/1 float mask is built once and shared between chains.
 */
public final class WhereRule implements GradientRule {
    @Override
    public boolean isDifferentiable(NodeProto node, int index) {
        return index == 1 || index == 2;
    }

    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String g = ctx.grad();
        String mask = ed.memo("where-mask:" + ctx.input(0), () -> ed.floatMask(ctx.input(0)));
        if (ctx.wantsInputGrad(1)) ctx.setInputGrad(1, ctx.unbroadcast(ed.mul(g, mask), 1));
        if (ctx.wantsInputGrad(2)) {
            String inverse = ed.memo("where-inverse:" + ctx.input(0), () -> ed.sub(ed.scalar(1f), mask));
            ctx.setInputGrad(2, ctx.unbroadcast(ed.mul(g, inverse), 2));
        }
    }
}
