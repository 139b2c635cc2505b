package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;

/**
 * Transpose: the gradient is transposed back by the inverse permutation, inv[perm[i]] = i (the
 * default perm reverses the axes, and so does its inverse). A permutation moving axis 0 makes the graph
 * single-seed ({@link BackwardContext#requireSingleSeed}).
 */
public final class TransposeRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        int rank = ctx.inputShape(0).length;
        long[] perm = ctx.attrs().getInts("perm", null);
        if (perm == null) {
            perm = new long[rank];
            for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
        }
        // A permutation that moves axis 0 moves the axis the seed batch rides on (attention's [tokens, batch,
        // channels] layout): exact for one seed row per run, which the engine then does.
        if (rank > 1 && AxisScatter.axis(ctx, perm[0], rank) != 0) ctx.requireSingleSeed("moves axis 0");
        long[] inverse = new long[rank];
        for (int i = 0; i < rank; i++) inverse[AxisScatter.axis(ctx, perm[i], rank)] = i;
        boolean identity = true;
        for (int i = 0; i < rank; i++) identity &= inverse[i] == i;
        ctx.setInputGrad(0, identity ? ctx.grad() : ctx.ed().transpose(ctx.grad(), inverse));
    }
}
