package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

/**
 * LeakyRelu(alpha), y = x for x &gt; 0 and alpha·x otherwise: f'(x) = 1 for x &gt; 0, alpha otherwise,
 * built as alpha + (1 − alpha)·1[x &gt; 0]. A rectifier: standard g·f'(x), guided ReLU(g)·f'(x),
 * deconvnet ReLU(g). For alpha ≥ 0 the mask is read from the output (y &gt; 0 exactly when x &gt; 0),
 * which keeps the forward Conv+LeakyRelu fusion; a negative alpha reads the input.
 */
public final class LeakyReluRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        float alpha = ctx.attrs().getFloat("alpha", 0.01f);
        GraphEditor ed = ctx.ed();
        String source = alpha >= 0 ? ctx.output(0) : ctx.input(0);
        Rectifier.backward(ctx, () -> ed.memo("leaky:" + ctx.output(0), () -> {
            String positive = Rectifier.positiveMask(ctx, source);
            return ed.add(ed.mul(positive, ed.scalar(1f - alpha)), ed.scalar(alpha));
        }));
    }
}
