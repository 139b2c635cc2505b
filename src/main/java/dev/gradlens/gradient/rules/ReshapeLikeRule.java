package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;

/** Flatten, Reshape, Squeeze, Unsqueeze only move values around: reshape the gradient back. */
public final class ReshapeLikeRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        ctx.setInputGrad(0, ctx.reshapeToInput(ctx.grad(), 0));
    }
}
