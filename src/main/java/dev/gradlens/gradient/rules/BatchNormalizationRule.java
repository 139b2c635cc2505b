package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.Arrays;
import java.util.Optional;

/**
 * BatchNormalization in inference form, y = scale·(x − mean)/√(var + ε) + B with the running
 * statistics: dX = g·scale/√(var + ε), one factor per channel broadcast as [C, 1, ...] (per
 * activation [C, D1, ...] for opset 7's spatial = 0). The factor is folded into a constant when scale
 * and var are constant initializers, else computed in the graph. Opsets 7, 9, 14 and 15 share this
 * form; the optional training outputs (running/saved statistics) carry no gradient, and
 * training_mode = 1 (batch statistics, which this derivative ignores) is refused.
 */
public final class BatchNormalizationRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        String g = ctx.outputGrad(0);
        if (g == null) return;
        if (ctx.attrs().getInt("training_mode", 0) != 0) {
            throw ctx.error("training_mode = 1 normalizes with batch statistics; only the inference form is supported");
        }
        GraphEditor ed = ctx.ed();
        String factor = ed.memo("bn-factor:" + ctx.output(0), () -> factor(ctx));
        ctx.setInputGrad(0, ed.mul(g, factor));
    }

    private static String factor(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        float eps = ctx.attrs().getFloat("epsilon", 1e-5f);
        int[] x = ctx.inputShape(0);
        int[] s = ctx.inputShape(1);
        boolean perActivation = ctx.opset() < 9 && ctx.attrs().getInt("spatial", 1) == 0 && s.length > 1;
        long[] dims;
        if (perActivation) {
            dims = Arrays.stream(s).asLongStream().toArray();
        } else {
            dims = new long[Math.max(1, x.length - 1)];
            Arrays.fill(dims, 1);
            dims[0] = x.length > 1 ? x[1] : 1;
        }
        Optional<float[]> scale = ctx.constFloats(1), var = ctx.constFloats(4);
        if (scale.isPresent() && var.isPresent()) {
            float[] sc = scale.get(), v = var.get();
            float[] f = new float[Math.max(sc.length, v.length)];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) (sc[sc.length == 1 ? 0 : i] / Math.sqrt((double) v[v.length == 1 ? 0 : i] + eps));
            }
            return ed.constFloats("bn_factor", f, dims);
        }
        String f = ed.div(ctx.input(1), ed.op("Sqrt").in(ed.add(ctx.input(4), ed.scalar(eps))).out());
        return perActivation ? f : ed.reshape(f, dims);
    }
}
