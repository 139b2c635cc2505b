package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.Arrays;

/**
 * LayerNormalization (opset 17: normalized over the axes from {@code axis}, default −1, then
 * Scale/B broadcast over them) and InstanceNormalization (over the spatial axes of each channel,
 * then per-channel scale/B). With x̂ = (x − μ)·r, r = 1/√(var + ε), N the normalized count and
 * ĝ = g·scale, the input gradient (the standard derivation, e.g. Ba et al. 2016, with population
 * variance) is
 * <pre>
 *   dx = r · (ĝ − mean(ĝ) − x̂ · mean(ĝ · x̂))
 * </pre>
 * with means over the normalized axes. μ, r and x̂ are recomputed in the graph once and shared.
 * Scale and B (weights) get no gradient. Normalizing over axis 0, which carries the seed batch,
 * makes the graph single-seed.
 */
public final class NormalizationRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        String g = ctx.outputGrad(0);
        if (g == null) return;
        GraphEditor ed = ctx.ed();
        int[] x = ctx.inputShape(0);
        int rank = x.length;
        boolean layer = ctx.node().getOpType().equals("LayerNormalization");
        int first = layer ? AxisScatter.axis(ctx, ctx.attrs().getInt("axis", -1), rank) : 2;
        if (!layer && rank < 3) throw ctx.error("InstanceNormalization needs an input of rank 3 or more");
        if (first == 0) ctx.requireSingleSeed("normalizes over axis 0");
        long[] axes = new long[rank - first];
        for (int a = first; a < rank; a++) axes[a - first] = a;
        float eps = ctx.attrs().getFloat("epsilon", 1e-5f);
        String in = ctx.input(0), key = ctx.output(0);
        String centered = ed.memo("norm-centered:" + key, () -> ed.sub(in, ed.reduceMean(in, axes)));
        String r = ed.memo("norm-r:" + key, () -> {
            String var = ed.reduceMean(ed.mul(centered, centered), axes);
            return ed.div(ed.scalar(1f), ed.op("Sqrt").in(ed.add(var, ed.scalar(eps))).out());
        });
        String xhat = ed.memo("norm-xhat:" + key, () -> ed.mul(centered, r));
        String scale = ed.memo("norm-scale:" + key, () -> scale(ctx, layer, rank));
        String gh = ed.mul(g, scale);
        String meanG = ed.reduceMean(gh, axes);
        String meanGx = ed.reduceMean(ed.mul(gh, xhat), axes);
        String dx = ed.mul(r, ed.sub(ed.sub(gh, meanG), ed.mul(xhat, meanGx)));
        ctx.setInputGrad(0, dx);
    }

    /** The scale broadcastable against x: as given for LayerNormalization, [C, 1, ...] for InstanceNormalization. */
    private static String scale(BackwardContext ctx, boolean layer, int rank) {
        if (layer) return ctx.input(1);
        long[] dims = new long[rank - 1];
        Arrays.fill(dims, 1);
        dims[0] = ctx.inputShape(0)[1];
        return ctx.constFloats(1).map(v -> ctx.ed().constFloats("instnorm_scale", v, dims))
                .orElseGet(() -> ctx.ed().reshape(ctx.input(1), dims));
    }
}
