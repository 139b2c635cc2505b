package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.GradientRule;
import dev.gradlens.onnx.GraphEditor;

/**
 * Add, Sub, Mul, Div with numpy broadcasting: each input's gradient is summed back over the axes
 * it was broadcast along. d(a/b)/db = -y/b.
 */
public final class ElementwiseArithmeticRule implements GradientRule {
    @Override
    public boolean isDifferentiable(NodeProto node, int index) {
        return index < 2;
    }

    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String g = ctx.grad();
        String a = ctx.input(0), b = ctx.input(1);
        switch (ctx.node().getOpType()) {
            case "Add" -> {
                if (ctx.wantsInputGrad(0)) ctx.setInputGrad(0, ctx.unbroadcast(g, 0));
                if (ctx.wantsInputGrad(1)) ctx.setInputGrad(1, ctx.unbroadcast(g, 1));
            }
            case "Sub" -> {
                if (ctx.wantsInputGrad(0)) ctx.setInputGrad(0, ctx.unbroadcast(g, 0));
                if (ctx.wantsInputGrad(1)) ctx.setInputGrad(1, ctx.unbroadcast(ed.neg(g), 1));
            }
            case "Mul" -> {
                if (ctx.wantsInputGrad(0)) ctx.setInputGrad(0, ctx.unbroadcast(ed.mul(g, b), 0));
                if (ctx.wantsInputGrad(1)) ctx.setInputGrad(1, ctx.unbroadcast(ed.mul(g, a), 1));
            }
            case "Div" -> {
                if (ctx.wantsInputGrad(0)) ctx.setInputGrad(0, ctx.unbroadcast(ed.div(g, b), 0));
                if (ctx.wantsInputGrad(1)) {
                    String dy = ed.neg(ed.div(ed.mul(g, ctx.output(0)), b));
                    ctx.setInputGrad(1, ctx.unbroadcast(dy, 1));
                }
            }
            default -> throw ctx.error("not an elementwise arithmetic op");
        }
    }
}
