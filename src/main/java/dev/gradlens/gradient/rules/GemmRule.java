package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.GradientRule;
import dev.gradlens.onnx.GraphEditor;

/**
 * Gemm: Y = alpha·op(A)·op(B) + beta·C, op = optional transpose. The input gradients are Gemms
 * themselves: dA = alpha·G·op(B)ᵀ (transposed when transA), dB = alpha·op(A)ᵀ·G (transposed when
 * transB), dC = beta·G summed over broadcast axes.
 */
public final class GemmRule implements GradientRule {
    @Override
    public boolean isDifferentiable(NodeProto node, int index) {
        return index < 3;
    }

    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String g = ctx.grad();
        float alpha = ctx.attrs().getFloat("alpha", 1f), beta = ctx.attrs().getFloat("beta", 1f);
        long transA = ctx.attrs().getInt("transA", 0), transB = ctx.attrs().getInt("transB", 0);
        if (ctx.wantsInputGrad(0)) {
            String dA = transA == 0
                    ? ed.op("Gemm").in(g, ctx.input(1)).attr("alpha", alpha).attr("transB", 1 - transB).out()
                    : ed.op("Gemm").in(ctx.input(1), g).attr("alpha", alpha).attr("transA", transB).attr("transB", 1L).out();
            ctx.setInputGrad(0, dA);
        }
        if (ctx.wantsInputGrad(1)) {
            String dB = transB == 0
                    ? ed.op("Gemm").in(ctx.input(0), g).attr("alpha", alpha).attr("transA", 1 - transA).out()
                    : ed.op("Gemm").in(g, ctx.input(0)).attr("alpha", alpha).attr("transA", 1L).attr("transB", transA).out();
            ctx.setInputGrad(1, dB);
        }
        if (ctx.hasInput(2) && ctx.wantsInputGrad(2)) {
            String scaled = beta == 1f ? g : ed.mul(g, ed.scalar(beta));
            ctx.setInputGrad(2, ctx.unbroadcast(scaled, 2));
        }
    }
}
