package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.Arrays;
import java.util.Optional;

/**
 * Conv (any spatial rank, groups/depthwise, strides, dilations, pads, auto_pad): dX is the transposed
 * convolution of the output gradient with the same weights. Where strides are 1 and the weights are
 * constant it is emitted as an ordinary Conv with flipped, group-transposed weights and pads
 * (k−1)·d − p, which ONNX Runtime runs faster than ConvTranspose. Weight and bias gradients are
 * never needed.
 */
public final class ConvRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        int[] w = ctx.inputShape(1);
        int[] kernel = Arrays.copyOfRange(w, 2, w.length);
        WindowGeometry geo = WindowGeometry.of(ctx, kernel);
        long group = ctx.attrs().getInt("group", 1);
        GraphEditor ed = ctx.ed();
        String g = ctx.grad();
        Optional<float[]> weights = ctx.constFloats(1);
        if (geo.unitStrides() && weights.isPresent() && flippedPadsValid(geo)) {
            String flipped = ed.memo("flipped:" + ctx.input(1), () -> flippedWeights(ed, weights.get(), w, (int) group));
            long[] pads = new long[2 * geo.rank];
            for (int d = 0; d < geo.rank; d++) {
                pads[d] = (long) (geo.kernel[d] - 1) * geo.dilations[d] - geo.padBegin[d];
                pads[d + geo.rank] = (long) (geo.kernel[d] - 1) * geo.dilations[d] - geo.padEnd[d];
            }
            ctx.setInputGrad(0, ed.op("Conv").in(g, flipped).attr("group", group).attr("pads", pads)
                    .attr("dilations", geo.longs(geo.dilations)).attr("kernel_shape", geo.longs(kernel)).out());
            return;
        }
        long[] pads = new long[2 * geo.rank], outputPadding = new long[geo.rank];
        boolean direct = true;
        for (int d = 0; d < geo.rank; d++) {
            long full = (long) (geo.out[d] - 1) * geo.strides[d] + (long) (geo.kernel[d] - 1) * geo.dilations[d] + 1;
            pads[d] = geo.padBegin[d];
            pads[d + geo.rank] = geo.padEnd[d];
            outputPadding[d] = geo.in[d] - (full - geo.padBegin[d] - geo.padEnd[d]);
            direct &= outputPadding[d] >= 0 && outputPadding[d] < Math.max(geo.strides[d], geo.dilations[d]);
        }
        if (direct) {
            ctx.setInputGrad(0, ed.op("ConvTranspose").in(g, ctx.input(1)).attr("group", group).attr("strides", geo.longs(geo.strides))
                    .attr("dilations", geo.longs(geo.dilations)).attr("kernel_shape", geo.longs(kernel)).attr("pads", pads)
                    .attr("output_padding", outputPadding).out());
        } else {
            ctx.setInputGrad(0, geo.scatterToInput(ed, g, ctx.input(1), group));
        }
    }

    private static boolean flippedPadsValid(WindowGeometry geo) {
        for (int d = 0; d < geo.rank; d++) {
            int reach = (geo.kernel[d] - 1) * geo.dilations[d];
            if (geo.padBegin[d] > reach || geo.padEnd[d] > reach) return false;
        }
        return true;
    }

    /** W [Cout, Cin/g, k...] to W' [Cin, Cout/g, k...] with every spatial axis reversed (= reversed flat kernel). */
    static String flippedWeights(GraphEditor ed, float[] w, int[] shape, int group) {
        int cout = shape[0], cinG = shape[1], coutG = cout / group;
        int k = 1;
        for (int d = 2; d < shape.length; d++) k *= shape[d];
        float[] out = new float[w.length];
        for (int gi = 0; gi < group; gi++)
            for (int ci = 0; ci < cinG; ci++)
                for (int co = 0; co < coutG; co++) {
                    int src = ((gi * coutG + co) * cinG + ci) * k;
                    int dst = ((gi * cinG + ci) * coutG + co) * k;
                    for (int t = 0; t < k; t++) out[dst + t] = w[src + k - 1 - t];
                }
        long[] dims = new long[shape.length];
        dims[0] = (long) cinG * group;
        dims[1] = coutG;
        for (int d = 2; d < shape.length; d++) dims[d] = shape[d];
        return ed.constFloats("flipped_weight", out, dims);
    }
}
