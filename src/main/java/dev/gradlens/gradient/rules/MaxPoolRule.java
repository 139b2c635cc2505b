package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

/**
 * MaxPool (overlapping windows, ceil_mode, pads, dilations, any spatial rank): each window's
 * gradient goes to its argmax; where a window holds the maximum more than once (ties, e.g. zeros after
 * a ReLU) the first position in row-major window order takes it, as PyTorch's and ONNX Runtime's
 * kernels choose their index.
 *
 * <p>2-D pools with equal strides, no dilation, kernel ≥ stride, opset 11+ (resnets, VGG, SqueezeNet):
 * the forward node is left alone (so ONNX Runtime keeps its fast blocked-layout kernel, which a node
 * asked for Indices loses) and the backward is index-free ({@link IndexFreeMaxPool}). Otherwise the
 * node is asked for its Indices output (opset 8+); for every kernel tap a constant holds the input
 * position the tap reads in each window, so "argmax == tap" is an Equal mask; the masked gradients
 * [S, C·k, out...] are added back onto the input by a grouped ConvTranspose with one-hot kernels. That
 * is the scatter-add of ScatterElements(reduction=add) without needing opset 16, and overlapping
 * windows add up correctly.
 */
public final class MaxPoolRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        if (ctx.opset() < 8) throw ctx.error("the MaxPool gradient needs its argmax indices, which MaxPool has from opset 8; this model is opset " + ctx.opset());
        if (ctx.attrs().getInt("storage_order", 0) != 0) throw ctx.error("column-major MaxPool indices (storage_order=1) are not supported");
        long[] ks = ctx.attrs().getInts("kernel_shape", null);
        int[] kernel = new int[ks.length];
        for (int d = 0; d < ks.length; d++) kernel[d] = (int) ks[d];
        WindowGeometry geo = WindowGeometry.of(ctx, kernel);
        GraphEditor ed = ctx.ed();
        if (IndexFreeMaxPool.applies(geo, ctx.opset())) {
            IndexFreeMaxPool pool = new IndexFreeMaxPool(geo, ctx.inputShape(0)[1]);
            ctx.setInputGrad(0, pool.backward(ed, ctx.grad(), ctx.input(0), ctx.output(0)));
            return;
        }
        int channels = ctx.inputShape(0)[1];
        int k = geo.kernelSize();
        String match = ed.memo("maxpool-match:" + ctx.output(0), () -> windowMatches(ctx, geo));
        String g = ed.unsqueeze(ctx.grad(), 2);
        long[] shape = new long[geo.rank + 2];
        shape[0] = -1;
        shape[1] = (long) channels * k;
        for (int d = 0; d < geo.rank; d++) shape[d + 2] = geo.out[d];
        String perTap = ed.reshape(ed.mul(g, match), shape);
        String oneHot = ed.memo("maxpool-onehot:" + channels + ":" + java.util.Arrays.toString(kernel), () -> {
            float[] w = new float[channels * k * k];
            for (int c = 0; c < channels; c++) for (int t = 0; t < k; t++) w[(c * k + t) * k + t] = 1f;
            long[] dims = new long[geo.rank + 2];
            dims[0] = (long) channels * k;
            dims[1] = 1;
            for (int d = 0; d < geo.rank; d++) dims[d + 2] = kernel[d];
            return ed.constFloats("onehot_taps", w, dims);
        });
        ctx.setInputGrad(0, geo.scatterToInput(ed, perTap, oneHot, channels));
    }

    /** Float [B, C, k, out...]: 1 where the window's argmax is the input position tap t reads. */
    private static String windowMatches(BackwardContext ctx, WindowGeometry geo) {
        GraphEditor ed = ctx.ed();
        String indices;
        NodeProto n = ctx.node();
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
            indices = n.getOutput(1);
        } else {
            indices = ed.fresh("maxpool_indices");
            NodeProto.Builder b = n.toBuilder();
            if (b.getOutputCount() > 1) b.setOutput(1, indices); else b.addOutput(indices);
            ed.replaceNode(ctx.nodeIndex(), b.build());
        }
        long plane = 1;
        for (int v : geo.in) plane *= v;
        // MaxPool's indices count over the whole tensor (n, c included): keep the position in the plane.
        String planeC = ed.constLongs("plane", new long[] {plane});
        String local = ed.sub(indices, ed.mul(ed.div(indices, planeC), planeC));
        int k = geo.kernelSize(), outs = geo.outSize();
        long[] targets = new long[k * outs];
        for (int t = 0; t < k; t++) {
            int[] tap = geo.tap(t);
            for (int o = 0; o < outs; o++) {
                int[] op = geo.outPos(o);
                long flat = 0;
                boolean inside = true;
                for (int d = 0; d < geo.rank; d++) {
                    int p = op[d] * geo.strides[d] - geo.padBegin[d] + tap[d] * geo.dilations[d];
                    inside &= p >= 0 && p < geo.in[d];
                    flat = flat * geo.in[d] + p;
                }
                targets[t * outs + o] = inside ? flat : -1;
            }
        }
        long[] dims = new long[geo.rank + 1];
        dims[0] = k;
        for (int d = 0; d < geo.rank; d++) dims[d + 1] = geo.out[d];
        String tapTargets = ed.constLongs("tap_targets", targets, dims);
        return ed.floatMask(ed.op("Equal").in(ed.unsqueeze(local, 2), tapTargets).out());
    }
}
