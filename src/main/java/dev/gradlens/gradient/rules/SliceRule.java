package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

/**
 * Slice with constant starts/ends/axes/steps (attributes before opset 10, inputs from 10): output
 * position i along an axis reads input position start + i·step, start clamped as the spec says
 * (negative indices count from the end; [0, dim] for positive steps, [0, dim − 1] for negative).
 * The gradient goes back to those positions: unit-step axes are zero-padded (one Pad for all of
 * them); other steps, negative ones included, are scattered by {@link AxisScatter} (a MatMul with
 * a constant 0/1 matrix). Computed starts/ends are refused.
 */
public final class SliceRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        int[] in = ctx.inputShape(0), out = ctx.outputShape(0);
        int rank = in.length;
        long[] starts, ends, axes, steps = null;
        if (ctx.opset() < 10) {
            starts = ctx.attrs().getInts("starts", null);
            ends = ctx.attrs().getInts("ends", null);
            axes = ctx.attrs().getInts("axes", null);
            if (starts == null || ends == null) throw ctx.error("starts and ends are required");
        } else {
            starts = constant(ctx, 1, "starts");
            ends = constant(ctx, 2, "ends");
            axes = ctx.hasInput(3) ? constant(ctx, 3, "axes") : null;
            if (ctx.hasInput(4)) steps = constant(ctx, 4, "steps");
        }
        if (axes == null) {
            axes = new long[starts.length];
            for (int i = 0; i < axes.length; i++) axes[i] = i;
        }
        long[] first = new long[rank], step = new long[rank];
        java.util.Arrays.fill(step, 1);
        for (int i = 0; i < axes.length; i++) {
            int a = AxisScatter.axis(ctx, axes[i], rank);
            long st = steps == null ? 1 : steps[i];
            if (st == 0) throw ctx.error("a step of 0 is invalid");
            long dim = in[a], s = starts[i];
            if (s < 0) s += dim;
            s = st > 0 ? Math.max(0, Math.min(dim, s)) : Math.max(0, Math.min(dim - 1, s));
            first[a] = s;
            step[a] = st;
        }
        String g = ctx.grad();
        int[] cur = out.clone();
        long[] pads = new long[2 * rank];
        for (int a = 0; a < rank; a++) {
            int n = out[a];
            if (n == 0) throw ctx.error("the slice is empty along axis " + a);
            if (step[a] == 1 || n == 1) {
                pads[a] = first[a];
                pads[a + rank] = in[a] - first[a] - n;
            } else {
                long[] source = new long[n];
                for (int i = 0; i < n; i++) source[i] = first[a] + i * step[a];
                g = AxisScatter.scatter(ctx, g, cur, a, source, in[a]);
                cur[a] = in[a];
            }
        }
        ctx.setInputGrad(0, ed.pad(g, pads));
    }

    private static long[] constant(BackwardContext ctx, int i, String what) {
        return ctx.constLongs(i).orElseThrow(() -> ctx.error("the " + what + " input must be a constant (it is computed in the graph)"));
    }
}
