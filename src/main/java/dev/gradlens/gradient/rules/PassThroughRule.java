package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;

/** Identity, Dropout (inference: identity on output 0) and float-to-float Cast: the gradient passes unchanged. */
public final class PassThroughRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        ctx.setInputGrad(0, ctx.grad());
    }
}
