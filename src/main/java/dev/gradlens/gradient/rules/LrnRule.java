package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.Arrays;

/**
 * LRN across channels (alpha = 1e-4, beta = 0.75, bias = 1, size): y_c = x_c·d_c^−β with
 * d_c = bias + (α/size)·Σ_{i ∈ W(c)} x_i², W(c) = [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉] ∩ [0, C).
 * Differentiating,
 * <pre>
 *   dx_i = g_i·d_i^−β − (2αβ/size)·x_i·Σ_{j : i ∈ W(j)} g_j·x_j·d_j^(−β−1)
 * </pre>
 * where x_j·d_j^(−β−1) = y_j/d_j, and {j : i ∈ W(j)} = [i − ⌈(size−1)/2⌉, i + ⌊(size−1)/2⌋] is the
 * mirrored window. Both channel-window sums are a Conv with a [size × 1] kernel of ones over the
 * tensor reshaped to [N, 1, C, spatial], padded by the window's reach below and above. d and its
 * powers are computed once from the forward tensors and shared by every chain.
 */
public final class LrnRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        float alpha = ctx.attrs().getFloat("alpha", 1e-4f);
        float beta = ctx.attrs().getFloat("beta", 0.75f);
        float bias = ctx.attrs().getFloat("bias", 1f);
        long size = ctx.attrs().getInt("size", 0);
        if (size <= 0) throw ctx.error("the size attribute is required");
        int[] x = ctx.inputShape(0);
        if (x.length < 2) throw ctx.error("LRN needs an input of rank 2 or more");
        long below = (size - 1) / 2, above = size - 1 - below;
        long channels = x[1];
        long plane = 1;
        for (int d = 2; d < x.length; d++) plane *= x[d];
        long spatial = plane;
        String key = "lrn:" + ctx.output(0);
        String d = ed.memo(key + ":d", () -> {
            String sq = ed.mul(ctx.input(0), ctx.input(0));
            String sum = windowSum(ed, sq, new long[] {0, 1, channels, spatial}, size, below, above);
            long[] shape = Arrays.stream(x).asLongStream().toArray();
            shape[0] = -1; // the forward batch may be S at run time, 1 when probed
            String scaled = ed.mul(ed.reshape(sum, shape), ed.scalar(alpha / size));
            return ed.add(scaled, ed.scalar(bias));
        });
        String dPow = ed.memo(key + ":pow", () -> ed.op("Pow").in(d, ed.scalar(-beta)).out());
        String yOverD = ed.memo(key + ":y/d", () -> ed.div(ctx.output(0), d));
        String g = ctx.grad();
        String direct = ed.mul(g, dPow);
        String spread = windowSum(ed, ed.mul(g, yOverD), new long[] {-1, 1, channels, spatial}, size, above, below);
        long[] back = Arrays.stream(x).asLongStream().toArray();
        back[0] = -1;
        String cross = ed.mul(ed.mul(ed.reshape(spread, back), ctx.input(0)), ed.scalar(2f * alpha * beta / size));
        ctx.setInputGrad(0, ed.sub(direct, cross));
    }

    /** out_c = Σ_{i = c − low}^{c + high} t_i over channels (zero outside), t viewed as [N, 1, C, plane]. */
    private static String windowSum(GraphEditor ed, String t, long[] view, long size, long low, long high) {
        String ones = ed.memo("lrn-ones:" + size, () -> {
            float[] w = new float[(int) size];
            Arrays.fill(w, 1f);
            return ed.constFloats("lrn_window", w, 1, 1, size, 1);
        });
        return ed.op("Conv").in(ed.reshape(t, view), ones).attr("kernel_shape", new long[] {size, 1})
                .attr("pads", new long[] {low, 0, high, 0}).out();
    }
}
