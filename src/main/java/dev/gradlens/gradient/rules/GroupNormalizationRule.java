package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.Arrays;

/**
 * GroupNormalization (opset 18: scale and bias per group; opset 21: per channel): x [N, C, ...] is
 * normalized over each group of C/G channels and all spatial positions. Viewed as [N, G, M] the
 * gradient is the normalization one of {@link NormalizationRule},
 * <pre>
 *   dx = r · (ĝ − mean(ĝ) − x̂ · mean(ĝ · x̂)),   ĝ = g·scale,  means over M
 * </pre>
 * (Wu and He, 2018, eq. 1–3 with the population variance), reshaped back to x's shape.
 */
public final class GroupNormalizationRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        String g = ctx.outputGrad(0);
        if (g == null) return;
        GraphEditor ed = ctx.ed();
        int[] x = ctx.inputShape(0);
        if (x.length < 2) throw ctx.error("GroupNormalization needs an input of rank 2 or more");
        int c = x[1];
        int groups = (int) ctx.attrs().getInt("num_groups", -1);
        if (groups <= 0 || c % groups != 0) throw ctx.error("num_groups " + groups + " does not divide the " + c + " channels");
        float eps = ctx.attrs().getFloat("epsilon", 1e-5f);
        boolean perChannel = ctx.opset() >= 21;
        long m = 1;
        for (int d = 1; d < x.length; d++) m *= x[d];
        long[] grouped = {-1, groups, m / groups};
        long[] axes = {2};
        String key = ctx.output(0), in = ctx.input(0);
        String centered = ed.memo("gn-centered:" + key, () -> {
            String x3 = ed.reshape(in, grouped);
            return ed.sub(x3, ed.reduceMean(x3, axes));
        });
        String r = ed.memo("gn-r:" + key, () -> ed.div(ed.scalar(1f),
                ed.op("Sqrt").in(ed.add(ed.reduceMean(ed.mul(centered, centered), axes), ed.scalar(eps))).out()));
        String xhat = ed.memo("gn-xhat:" + key, () -> ed.mul(centered, r));
        String gh;
        if (perChannel) {
            long[] dims = new long[x.length - 1];
            Arrays.fill(dims, 1);
            dims[0] = c;
            String scale = ed.memo("gn-scale:" + key, () -> ed.reshape(ctx.input(1), dims));
            gh = ed.reshape(ed.mul(g, scale), grouped);
        } else {
            String scale = ed.memo("gn-scale:" + key, () -> ed.reshape(ctx.input(1), new long[] {groups, 1}));
            gh = ed.mul(ed.reshape(g, grouped), scale);
        }
        String meanG = ed.reduceMean(gh, axes);
        String meanGx = ed.reduceMean(ed.mul(gh, xhat), axes);
        String dx3 = ed.mul(r, ed.sub(ed.sub(gh, meanG), ed.mul(xhat, meanGx)));
        ctx.setInputGrad(0, ctx.reshapeToInput(dx3, 0));
    }
}
