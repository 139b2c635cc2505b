package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;

/**
 * Relu: f'(x) = 1[x > 0] (= 1[y > 0]). A rectifier: the policy decides the backward form. The 0/1 mask is read from the
 * output y (so the forward Conv+Relu fusion is not broken by a second consumer), made once per image as a float
 * (Greater, Cast), and every chain multiplies by it.
 *
 * <p>Measured against selecting the gradient with Where on the boolean mask (one node less per rectifier and chain, no
 * float mask): ONNX Runtime's Where is a broadcasting select that it runs about half as fast as Mul and spreads badly
 * over threads. ResNet-18's 5-panel graph, runs alternated in blocks: Where 2.15 ms of kernel time against 0.76 ms more
 * Mul and 0.51 ms more Cast at two threads (paired run time 0.962), 1.21 against 0.95 ms at one (docs/performance.md,
 * "Changes of 2026-12-04 (night)"). The values are the same except that a rejected position is g·0: −0 for a negative
 * g (equal to 0), NaN for an infinite one (an overflowed gradient, where Where wrote 0).
 */
public final class ReluRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        String y = ctx.output(0);
        Rectifier.backward(ctx, () -> Rectifier.positiveMask(ctx, y));
    }
}
