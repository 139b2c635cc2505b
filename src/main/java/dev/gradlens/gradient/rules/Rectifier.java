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
     * The policies for a derivative that is exactly a 0/1 mask (Relu): the gradient is selected by
     * Where instead of multiplied by a float copy of the mask. One node less per rectifier and per
     * policy, no float mask to allocate and fill (the profile in docs/performance.md: the Casts cost
     * as much as the Muls), and the result is the same except that a rejected position is +0 rather
     * than g·0 (−0 for a negative g, NaN for an infinite one; PyTorch's threshold_backward also
     * writes 0 there). Where needs opset 9; older models keep the float mask.
     */
    static void backwardSelect(BackwardContext ctx, String tensor) {
        if (ctx.opset() < 9) {
            backward(ctx, () -> positiveMask(ctx, tensor));
            return;
        }
        String g = ctx.grad();
        String out = switch (ctx.policy()) {
            case STANDARD -> select(ctx, positiveBool(ctx, tensor), g);
            case GUIDED -> select(ctx, positiveBool(ctx, tensor), ctx.ed().relu(g));
            case DECONVNET -> ctx.ed().relu(g);
        };
        ctx.setInputGrad(0, out);
    }

    private static String select(BackwardContext ctx, String mask, String g) {
        return ctx.ed().op("Where").in(mask, g, ctx.ed().scalar(0f)).out();
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
