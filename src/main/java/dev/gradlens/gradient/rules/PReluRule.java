package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

/**
 * PRelu, y = x for x &gt; 0 and slope·x otherwise, with the slope broadcast to x (e.g. per channel
 * [C, 1, 1]): f'(x) = 1 for x &gt; 0, slope otherwise, built as slope + (1 − slope)·1[x &gt; 0]. A
 * rectifier like LeakyRelu (the policy decides the backward form). Only x gets a gradient: the slope
 * is a weight. The mask is read from the output when the slope is a constant with no negative entry
 * (then y &gt; 0 exactly when x &gt; 0), from the input otherwise.
 */
public final class PReluRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String slope = ctx.input(1);
        boolean nonNegative = ctx.constFloats(1).map(v -> {
            for (float s : v) if (!(s >= 0)) return false;
            return true;
        }).orElse(false);
        String source = nonNegative ? ctx.output(0) : ctx.input(0);
        Rectifier.backward(ctx, () -> ed.memo("prelu:" + ctx.output(0), () -> {
            String positive = Rectifier.positiveMask(ctx, source);
            return ed.add(ed.mul(positive, ed.sub(ed.scalar(1f), slope)), slope);
        }));
    }
}
