package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.Arrays;

/**
 * GlobalAveragePool: g/(H·W) at every position (a broadcast multiply with a constant). GlobalMaxPool:
 * g at the positions equal to the maximum (ties all receive it), found as not(x &lt; max) because
 * float Equal needs opset 11.
 */
public final class GlobalPoolRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        int[] x = ctx.inputShape(0);
        if (ctx.node().getOpType().equals("GlobalAveragePool")) {
            int plane = 1;
            for (int d = 2; d < x.length; d++) plane *= x[d];
            long[] dims = new long[x.length];
            Arrays.fill(dims, 1);
            float[] share = new float[plane];
            Arrays.fill(share, 1f / plane);
            for (int d = 2; d < x.length; d++) dims[d] = x[d];
            String spread = ed.memo("gap-share:" + Arrays.toString(x), () -> ed.constFloats("gap_share", share, dims));
            ctx.setInputGrad(0, ed.mul(ctx.grad(), spread));
        } else {
            String isMax = ed.memo("gmp:" + ctx.output(0), () -> ed.sub(ed.scalar(1f),
                    ed.floatMask(ed.op("Less").in(ctx.input(0), ctx.output(0)).out())));
            ctx.setInputGrad(0, ed.mul(ctx.grad(), isMax));
        }
    }
}
