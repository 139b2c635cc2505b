package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.GradientRule;
import dev.gradlens.onnx.GraphEditor;

import java.util.ArrayList;
import java.util.List;

/**
 * MatMul (numpy semantics: batched over leading axes with broadcasting; a 1-D left operand is a row,
 * a 1-D right operand a column). With G the output gradient (1-D operands' axes re-inserted):
 * <pre>
 *   dA = G·Bᵀ,   dB = Aᵀ·G
 * </pre>
 * each summed back over the batch axes its operand was broadcast along. An operand's gradient needs
 * somewhere to carry the seed batch, which lives on the output's axis 0: the left operand must have
 * the output's rank (its axis 0 is then the output's batch or row axis), the right operand must too
 * and be batched (rank ≥ 3), since in 2-D its axis 0 is the contracted one. The one 2-D right operand
 * that works is a [1, m] row against a [1, 1] left operand, where dB = A·G. Other cases (a weight
 * matrix that depends on the input, 1-D operands on the path) are refused with an explanation.
 */
public final class MatMulRule implements GradientRule {
    @Override
    public boolean isDifferentiable(NodeProto node, int index) {
        return index < 2;
    }

    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        int[] a = ctx.inputShape(0), b = ctx.inputShape(1);
        int ra = a.length, rb = b.length;
        if (ra == 1 && rb == 1) throw ctx.error("the gradient of a 1-D · 1-D product (a scalar) cannot carry the seed batch");
        String g = ctx.grad();
        int ry = Math.max(Math.max(ra, rb), 2);
        // G with both matrix axes present: [..., n, m].
        if (ra == 1) g = ed.unsqueeze(g, ry - 2);
        if (rb == 1) g = ed.unsqueeze(g, ry - 1);
        if (ctx.wantsInputGrad(0)) {
            if (ra != ry) throw ctx.error("the left operand (rank " + ra + ") has no axis for the seed batch of the rank-" + ry + " product");
            String bt = rb == 1 ? ed.unsqueeze(ctx.input(1), 0) : transposed(ctx, 1, rb);
            String full = ed.op("MatMul").in(g, bt).out();
            ctx.setInputGrad(0, sumBatch(ctx, full, a, ry));
        }
        if (ctx.wantsInputGrad(1)) {
            if (rb == 1 || rb != ry) {
                throw ctx.error("the right operand (rank " + rb + ") has no axis for the seed batch of the rank-" + ry + " product");
            }
            if (rb == 2) {
                if (ra != 2 || a[0] != 1 || b[0] != 1) {
                    throw ctx.error("the right operand of a 2-D MatMul is contracted along its axis 0, which therefore cannot carry "
                            + "the seed batch; of 2-D right operands only a [1, m] row against a [1, 1] left operand is supported");
                }
                ctx.setInputGrad(1, ed.mul(g, ctx.input(0)));
                return;
            }
            String at = ra == 1 ? ed.unsqueeze(ctx.input(0), 1) : transposed(ctx, 0, ra);
            String full = ed.op("MatMul").in(at, g).out();
            ctx.setInputGrad(1, sumBatch(ctx, full, b, ry));
        }
    }

    /** The operand with its last two axes swapped (shared between chains; constant-folded for weights). */
    private static String transposed(BackwardContext ctx, int i, int rank) {
        long[] perm = new long[rank];
        for (int d = 0; d < rank; d++) perm[d] = d;
        perm[rank - 2] = rank - 1;
        perm[rank - 1] = rank - 2;
        return ctx.ed().memo("matmul-T:" + ctx.input(i), () -> ctx.ed().transpose(ctx.input(i), perm));
    }

    /** Sums the batch axes (all but the last two) where the operand has extent 1 and the output does not. */
    private static String sumBatch(BackwardContext ctx, String full, int[] operand, int ry) {
        int[] y = ctx.outputShape(0); // its leading ry − 2 axes are the batch axes, whatever 1-D operand dropped an axis
        List<Long> axes = new ArrayList<>();
        for (int d = 0; d < ry - 2; d++) if (operand[d] == 1 && y[d] != 1) axes.add((long) d);
        return ctx.ed().reduceSum(full, axes.stream().mapToLong(Long::longValue).toArray(), true);
    }
}
