package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

/**
 * AveragePool (count_include_pad, ceil_mode, pads, dilations): each window spreads g/count evenly
 * over the taps it averaged. count is the number of taps inside the input (count_include_pad=0) or
 * inside the padded input (=1), computed per window as constants; a grouped ConvTranspose with a
 * kernel of ones adds the shares back onto the input.
 */
public final class AveragePoolRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        long[] ks = ctx.attrs().getInts("kernel_shape", null);
        int[] kernel = new int[ks.length];
        for (int d = 0; d < ks.length; d++) kernel[d] = (int) ks[d];
        WindowGeometry geo = WindowGeometry.of(ctx, kernel);
        boolean includePad = ctx.attrs().getInt("count_include_pad", 0) != 0;
        GraphEditor ed = ctx.ed();
        int channels = ctx.inputShape(0)[1];
        int outs = geo.outSize();
        float[] inverse = new float[outs];
        for (int o = 0; o < outs; o++) {
            int[] op = geo.outPos(o);
            long count = 1;
            for (int d = 0; d < geo.rank; d++) {
                int n = 0;
                for (int t = 0; t < kernel[d]; t++) {
                    int p = op[d] * geo.strides[d] - geo.padBegin[d] + t * geo.dilations[d];
                    if (includePad ? p < geo.in[d] + geo.padEnd[d] : p >= 0 && p < geo.in[d]) n++;
                }
                count *= n;
            }
            inverse[o] = count == 0 ? 0f : 1f / count;
        }
        long[] outDims = geo.longs(geo.out);
        String shares = ed.mul(ctx.grad(), ed.constFloats("avgpool_inverse_count", inverse, outDims));
        String ones = ed.memo("avgpool-ones:" + channels + ":" + java.util.Arrays.toString(kernel), () -> {
            float[] w = new float[channels * geo.kernelSize()];
            java.util.Arrays.fill(w, 1f);
            long[] dims = new long[geo.rank + 2];
            dims[0] = channels;
            dims[1] = 1;
            for (int d = 0; d < geo.rank; d++) dims[d + 2] = kernel[d];
            return ed.constFloats("ones_kernel", w, dims);
        });
        ctx.setInputGrad(0, geo.scatterToInput(ed, shares, ones, channels));
    }
}
