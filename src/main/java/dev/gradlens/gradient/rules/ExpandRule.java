package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;

/**
 * Expand broadcasts input 0 to a shape (numpy rules, the shape input carries no gradient): the
 * gradient is summed back over the broadcast axes. The target shape is read from the measured
 * output, so computed shape inputs need no constant.
 */
public final class ExpandRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        ctx.setInputGrad(0, ctx.unbroadcast(ctx.grad(), 0));
    }
}
