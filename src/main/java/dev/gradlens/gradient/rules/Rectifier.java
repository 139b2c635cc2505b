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

    /** 1[y > 0] as a float, computed from the output once per image (every chain shares it). */
    static String positiveMask(BackwardContext ctx, String tensor) {
        return ctx.ed().memo("positive:" + tensor,
                () -> ctx.ed().floatMask(ctx.ed().op("Greater").in(tensor, ctx.ed().scalar(0f)).out()));
    }
}
