package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;

/**
 * The one place the rectifier policy is applied. {@code derivative} is f'(x) as a float tensor
 * (a 0/1 mask for Relu and ReLU6, 1/alpha for LeakyRelu):
 * standard g·f'(x); guided ReLU(g)·f'(x); deconvnet ReLU(g).
 */
final class Rectifier {
    private Rectifier() {
    }

    static void backward(BackwardContext ctx, java.util.function.Supplier<String> derivative) {
        String g = ctx.grad();
        String out = switch (ctx.policy()) {
            case STANDARD -> ctx.ed().mul(g, derivative.get());
            case GUIDED -> ctx.ed().mul(ctx.ed().relu(g), derivative.get());
            case DECONVNET -> ctx.ed().relu(g);
        };
        ctx.setInputGrad(0, out);
    }

    /**
     * The policies for a Relu, whose derivative is the 0/1 mask 1[y > 0] read from its output y (so the forward
     * Conv+Relu fusion is not broken by a second consumer): the float mask is made once per image (Greater, Cast)
     * and every chain multiplies by it.
     *
     * <p>Measured against selecting the gradient with Where on the boolean mask (one node less per rectifier and
     * chain, no float mask): ONNX Runtime's Where is a broadcasting select that it runs about half as fast as Mul
     * and spreads badly over threads. ResNet-18's 5-panel graph, runs alternated in blocks: Where 2.15 ms of kernel
     * time against 0.76 ms more Mul and 0.51 ms more Cast at two threads (paired run time 0.962), 1.21 against
     * 0.95 ms at one (docs/performance.md, "Rectifier masks: Mul again"). The values are the same except that a
     * rejected position is g·0: −0 for a negative g (equal to 0), NaN for an infinite one (an overflowed
     * gradient, where Where wrote 0).
     */
    static void backwardSelect(BackwardContext ctx, String tensor) {
        backward(ctx, () -> positiveMask(ctx, tensor));
    }

    /** Boolean 1[y > 0], shared by every chain and by {@link #positiveMask}. */
    static String positiveBool(BackwardContext ctx, String tensor) {
        return ctx.ed().memo("positive-bool:" + tensor, () -> ctx.ed().op("Greater").in(tensor, ctx.ed().scalar(0f)).out());
    }

    /** 1[y > 0] computed from the output, so the forward Conv+Relu fusion is not broken by a second consumer. */
    static String positiveMask(BackwardContext ctx, String tensor) {
        return ctx.ed().memo("positive:" + tensor, () -> ctx.ed().floatMask(positiveBool(ctx, tensor)));
    }
}
