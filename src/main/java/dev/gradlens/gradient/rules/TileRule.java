package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

/**
 * Tile repeats x r_a times along each axis a: output position (k·d_a + i) reads x at i. The gradient
 * sums the r_a copies: the output gradient reshaped to [r_0, d_0, r_1, d_1, ...] and reduced over
 * the r axes. Repeats come from a constant (or static) input. Repeating axis 0, which carries the
 * seed batch, makes the graph single-seed.
 */
public final class TileRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        int[] in = ctx.inputShape(0);
        int rank = in.length;
        long[] repeats = ctx.constLongs(1).orElseThrow(() -> ctx.error("the repeats input must be a constant"));
        if (repeats.length != rank) throw ctx.error("repeats has " + repeats.length + " values for rank " + rank);
        boolean any = false;
        for (long r : repeats) any |= r != 1;
        if (!any) {
            ctx.setInputGrad(0, ctx.grad());
            return;
        }
        if (repeats[0] != 1) ctx.requireSingleSeed("repeats axis 0");
        long[] split = new long[2 * rank];
        long[] axes = new long[rank];
        for (int a = 0; a < rank; a++) {
            split[2 * a] = repeats[a];
            split[2 * a + 1] = in[a];
            axes[a] = 2L * a;
        }
        // axis 0 with one repeat keeps the seed batch folded in: [-1] instead of [1, d0]
        if (repeats[0] == 1) split[1] = -1;
        String g = ed.reshape(ctx.grad(), split);
        ctx.setInputGrad(0, ctx.reshapeToInput(ed.reduceSum(g, axes, false), 0));
    }
}
