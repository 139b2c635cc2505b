package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.RectifierPolicy;

/**
 * Clip(min, max) (attribute form before opset 11, optional inputs after): f'(x) = 1[min < x < max],
 * read from the output (min < y < max exactly when min < x < max), like PyTorch's hardtanh backward.
 * A clip with min = 0 is a rectifier (ReLU6 is Clip(0,6)); any other clip keeps its true derivative
 * under every policy.
 */
public final class ClipRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        float min, max;
        String minT = null, maxT = null;
        if (ctx.opset() < 11) {
            min = ctx.attrs().getFloat("min", Float.NEGATIVE_INFINITY);
            max = ctx.attrs().getFloat("max", Float.POSITIVE_INFINITY);
        } else {
            min = bound(ctx, 1, Float.NEGATIVE_INFINITY);
            max = bound(ctx, 2, Float.POSITIVE_INFINITY);
            if (Float.isNaN(min)) minT = ctx.input(1);
            if (Float.isNaN(max)) maxT = ctx.input(2);
        }
        String y = ctx.output(0);
        boolean constantBounds = minT == null && maxT == null;
        String lowT = minT != null ? minT : (Float.isInfinite(min) ? null : ctx.ed().scalar(min));
        String highT = maxT != null ? maxT : (Float.isInfinite(max) ? null : ctx.ed().scalar(max));
        java.util.function.Supplier<String> mask = () -> ctx.ed().memo("clip:" + y, () -> {
            // ReLU6 only: Conv masks for other bounds (a dequantized int8 model's output ranges) measured slower
            String layout = constantBounds && min == 0f && max == 6f ? LayoutMasks.between0And(ctx, y, ctx.outputShape(0), max) : null;
            if (layout != null) return layout;
            if (ctx.opset() >= 11 && constantBounds && !Float.isInfinite(min) && !Float.isInfinite(max)
                    && Math.nextUp(min) <= Math.nextDown(max)) {
                // min < y < max exactly when y is inside [nextUp(min), nextDown(max)], i.e. when clipping y to that range
                // leaves it unchanged: Clip + Equal instead of Greater + Less + And (NaN: unequal, 0, as before).
                // MobileNet-v2's 35 ReLU6 masks: 2.89 against 3.38 ms of kernel time at one thread, the 5-panel graph's
                // run 3 % shorter at one thread and 7 % at two (docs/performance.md, "Changes of 2026-12-04 (night)").
                // Float Equal needs opset 11.
                String inner = ctx.ed().op("Clip").in(y, ctx.ed().scalar(Math.nextUp(min)), ctx.ed().scalar(Math.nextDown(max))).out();
                return ctx.ed().floatMask(ctx.ed().op("Equal").in(inner, y).out());
            }
            // else both bounds are combined as booleans and cast once: one Cast and no Mul instead of two
            // Casts and a Mul per ReLU6 (70 Casts on MobileNet-v2, docs/performance.md); same 0/1 values
            String m = null;
            if (lowT != null) m = ctx.ed().op("Greater").in(y, lowT).out();
            if (highT != null) {
                String h = ctx.ed().op("Less").in(y, highT).out();
                m = m == null ? h : ctx.ed().op("And").in(m, h).out();
            }
            return m == null ? ctx.ed().scalar(1f) : ctx.ed().floatMask(m);
        });
        boolean rectifier = minT == null && min == 0f;
        if (rectifier || ctx.policy() == RectifierPolicy.STANDARD) {
            Rectifier.backward(ctx, mask);
        } else {
            ctx.setInputGrad(0, ctx.ed().mul(ctx.grad(), mask.get()));
        }
    }

    /** A constant bound, the default where the input is absent, or NaN where it is computed in the graph. */
    private static float bound(BackwardContext ctx, int i, float def) {
        if (!ctx.hasInput(i)) return def;
        return ctx.constFloats(i).map(v -> v[0]).orElse(Float.NaN);
    }
}
