package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;

/** Relu: f'(x) = 1[x > 0] (= 1[y > 0]). A rectifier: the policy decides the backward form. */
public final class ReluRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        Rectifier.backwardSelect(ctx, ctx.output(0));
    }
}
