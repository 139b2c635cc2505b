package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.ArrayList;
import java.util.List;

/**
 * Softmax and LogSoftmax over their normalized axes R: before opset 13 the input is coerced to 2-D at
 * {@code axis} (default 1), so R = every axis from {@code axis} on; from opset 13 R = {axis}
 * (default −1). With sums over R (keepdims):
 * <pre>
 *   Softmax:    dX = y ⊙ (g − Σ g⊙y)
 *   LogSoftmax: dX = g − exp(y) ⊙ Σ g
 * </pre>
 * Axes of extent 1 are left out of the sums (a sum over them is the identity), so a forward batch of
 * 1 never sums the gradient's seed-batch axis.
 */
public final class SoftmaxRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        int[] shape = ctx.inputShape(0);
        int rank = shape.length;
        boolean coerced = ctx.opset() < 13;
        int axis = AxisScatter.axis(ctx, ctx.attrs().getInt("axis", coerced ? 1 : -1), Math.max(rank, 1));
        List<Long> axes = new ArrayList<>();
        for (int a = axis; a < (coerced ? rank : axis + 1); a++) if (shape[a] != 1) axes.add((long) a);
        long[] r = axes.stream().mapToLong(Long::longValue).toArray();
        String g = ctx.grad(), y = ctx.output(0);
        if (ctx.node().getOpType().equals("LogSoftmax")) {
            String p = ed.memo("exp:" + y, () -> ed.op("Exp").in(y).out());
            ctx.setInputGrad(0, ed.sub(g, ed.mul(p, ed.reduceSum(g, r, true))));
        } else {
            String gy = ed.mul(g, y);
            ctx.setInputGrad(0, ed.mul(y, ed.sub(g, ed.reduceSum(gy, r, true))));
        }
    }
}
