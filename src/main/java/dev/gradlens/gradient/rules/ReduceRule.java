package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * ReduceSum and ReduceMean: every reduced element receives g (ReduceSum) or g/n (ReduceMean, n = the
 * number of elements averaged). With keepdims = 0 the reduced axes are first re-inserted
 * (Unsqueeze); the gradient is then broadcast over them by Expand (opset 8+) or a Mul with ones
 * (opset 7). Axes come from the attribute (ReduceSum before 13, ReduceMean before 18) or a constant
 * input; negative axes count from the end; absent or empty axes reduce every axis, except that
 * noop_with_empty_axes = 1 makes the op an identity.
 */
public final class ReduceRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String g = ctx.grad();
        int[] in = ctx.inputShape(0);
        int rank = in.length;
        boolean mean = ctx.node().getOpType().equals("ReduceMean");
        boolean axesInput = ctx.opset() >= (mean ? 18 : 13);
        long[] axes;
        if (axesInput) {
            axes = ctx.hasInput(1)
                    ? ctx.constLongs(1).orElseThrow(() -> ctx.error("the axes input must be a constant"))
                    : null;
        } else {
            axes = ctx.attrs().getInts("axes", null);
        }
        if (axes == null || axes.length == 0) {
            if (axesInput && ctx.attrs().getInt("noop_with_empty_axes", 0) != 0) {
                ctx.setInputGrad(0, g);
                return;
            }
            axes = new long[rank];
            for (int a = 0; a < rank; a++) axes[a] = a;
        }
        TreeSet<Integer> reduced = new TreeSet<>();
        for (long a : axes) reduced.add(AxisScatter.axis(ctx, a, rank));
        long count = 1;
        for (int a : reduced) count *= in[a];
        String kept = ctx.attrs().getInt("keepdims", 1) != 0 ? g
                : ed.unsqueeze(g, reduced.stream().mapToLong(Integer::longValue).toArray());
        String scaled = mean && count != 1 ? ed.mul(kept, ed.scalar(1f / count)) : kept;
        // Broadcast over the reduced axes only; every other axis keeps the gradient's own extent.
        long[] target = new long[rank];
        Arrays.fill(target, 1);
        boolean expand = false;
        for (int a : reduced) {
            target[a] = in[a];
            expand |= in[a] != 1;
        }
        if (!expand) {
            ctx.setInputGrad(0, scaled);
        } else if (ctx.opset() >= 8) {
            ctx.setInputGrad(0, ed.op("Expand").in(scaled, ed.constLongs("expand_shape", target, rank)).out());
        } else {
            long n = 1;
            for (long t : target) n *= t;
            float[] ones = new float[Math.toIntExact(n)];
            Arrays.fill(ones, 1f);
            String onesC = ed.memo("ones:" + Arrays.toString(target), () -> ed.constFloats("ones", ones, target));
            ctx.setInputGrad(0, ed.mul(scaled, onesC));
        }
    }
}
