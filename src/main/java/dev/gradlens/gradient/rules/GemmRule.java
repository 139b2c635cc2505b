package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.GradientRule;
import dev.gradlens.onnx.GraphEditor;

/**
 * Gemm: Y = alpha·op(A)·op(B) + beta·C, op = optional transpose, M the batch axis of Y. The gradients
 * per seed row G_s: dA = alpha·G·op(B)ᵀ (a Gemm; for transA, A = [K, M] and with M = 1 each seed's
 * [K, 1] gradient is that same row, folded seed-major), dB = alpha·op(A)ᵀ·G_s for every seed (an outer
 * product per seed, transposed when transB), dC = beta·G summed over broadcast axes.
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
        // M = 1 when Y carries the batch axis first (shapes are probed at batch 1): the seed axis replaces it.
        boolean batchRows = ctx.outputShape(0)[0] == 1;
        if (ctx.wantsInputGrad(0)) {
            String dA;
            if (transA == 0) {
                dA = gemm(ctx, g, ctx.input(1), alpha, 0, 1 - transB);
            } else if (batchRows) {
                // Fix: the former Gemm(op(B), Gᵀ) gave [K, S], seed rows as columns; each seed's gradient of
                // A = [K, 1] is its row of G·op(B)ᵀ, folded seed-major to [S·K, 1].
                dA = ctx.reshapeToInput(gemm(ctx, g, ctx.input(1), alpha, 0, 1 - transB), 0);
            } else {
                dA = gemm(ctx, ctx.input(1), g, alpha, transB, 1);
            }
            ctx.setInputGrad(0, dA);
        }
        if (ctx.wantsInputGrad(1)) {
            String dB;
            if (batchRows) {
                // Fix: Gemm(op(A)ᵀ, G) contracted A's M = 1 row against G's S seed rows (a dimension error for
                // S > 1). Per seed dB_s = alpha·op(A)ᵀ·G_s is an outer product: [M, K, 1] × [S, 1, N] (M = 1 or S
                // when the forward batch equals the seed count), transposed as [S, N, 1] × [M, 1, K] for transB.
                String opA = transA == 0 ? ctx.input(0) : ed.transpose(ctx.input(0), new long[] {1, 0});
                String outer = transB == 0
                        ? ed.mul(ed.unsqueeze(opA, 2), ed.unsqueeze(g, 1))
                        : ed.mul(ed.unsqueeze(g, 2), ed.unsqueeze(opA, 1));
                if (alpha != 1f) outer = ed.mul(outer, ed.scalar(alpha));
                dB = ctx.reshapeToInput(outer, 1);
            } else {
                dB = transB == 0
                        ? gemm(ctx, ctx.input(0), g, alpha, 1 - transA, 0)
                        : gemm(ctx, g, ctx.input(0), alpha, 1, transA);
            }
            ctx.setInputGrad(1, dB);
        }
        if (ctx.hasInput(2) && ctx.wantsInputGrad(2)) {
            String scaled = beta == 1f ? g : ed.mul(g, ed.scalar(beta));
            ctx.setInputGrad(2, ctx.unbroadcast(scaled, 2));
        }
    }

    /**
     * alpha·op(a)·op(b). Fix: before opset 11 Gemm's C input is required (the two-input Gemms made the
     * whole graph invalid for opset 7-10 models); a zero scalar C is passed there.
     */
    private static String gemm(BackwardContext ctx, String a, String b, float alpha, long transA, long transB) {
        GraphEditor.NodeBuilder n = ctx.ed().op("Gemm").in(a, b);
        if (ctx.opset() < 11) n.in(ctx.ed().scalar(0f));
        return n.attr("alpha", alpha).attr("transA", transA).attr("transB", transB).out();
    }
}
