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
        // Sub-pixel form only where ConvTranspose's col2im scatter over a large, few-channel input would cost more
        // than the sub-pixel conv's zero taps (the stem: 3 input channels at full resolution). Elsewhere (3x3/2 and
        // 1x1/2 convs inside the network) ConvTranspose does the exact taps, where the sub-pixel conv runs 1.8-4x the
        // multiply-adds (taps rounded up to a multiple of the stride, one more output row and column) plus a
        // DepthToSpace and a Slice: ResNet-18's 5-panel graph 8 % less CPU (docs/performance.md, 2026-12-04 evening).
        if (weights.isPresent() && group == 1 && w[1] < SubPixel.MAX_INPUT_CHANNELS && SubPixel.applies(geo)) {
            SubPixel sp = new SubPixel(geo);
            String phased = ed.memo("subpixel:" + ctx.input(1), () -> sp.weights(ed, weights.get(), w));
            ctx.setInputGrad(0, sp.apply(ed, g, phased, w[1]));
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

    /**
     * The transposed convolution of a strided 2-D convolution as s² ordinary stride-1 convolutions,
     * one per output phase, done as one Conv whose outputs are interleaved ("sub-pixel" convolution;
     * {@link PhaseInterleave}). Input position i = q·s + φ − p receives Σ_j g[q − j]·w[φ + s·j], i.e. phase φ is a
     * correlation of g with the flipped sub-kernel w[φ + s·j]. ONNX Runtime runs Conv much faster than
     * ConvTranspose (measured on resnet18's stem: about half the time).
     */
    static final class SubPixel {
        /** Convs with fewer input channels (per group) than this take the sub-pixel form; others ConvTranspose. */
        static final int MAX_INPUT_CHANNELS = 8;
        private final WindowGeometry geo;
        private final int s, taps;
        private final int[] q0 = new int[2], len = new int[2];
        private final long[] pads = new long[4];

        SubPixel(WindowGeometry geo) {
            this.geo = geo;
            this.s = geo.strides[0];
            this.taps = (Math.max(geo.kernel[0], geo.kernel[1]) + s - 1) / s;
            for (int d = 0; d < 2; d++) {
                q0[d] = Math.floorDiv(geo.padBegin[d], s);
                int q1 = Math.floorDiv(geo.padBegin[d] + geo.in[d] - 1, s);
                len[d] = q1 - q0[d] + 1;
                pads[d] = taps - 1 - q0[d];
                pads[d + 2] = len[d] - geo.out[d] - pads[d] + taps - 1;
            }
        }

        /** 2-D, equal strides above 1, no dilation, and phase convolutions that need no negative padding. */
        static boolean applies(WindowGeometry geo) {
            if (geo.rank != 2 || geo.strides[0] != geo.strides[1] || geo.strides[0] < 2) return false;
            if (geo.dilations[0] != 1 || geo.dilations[1] != 1) return false;
            SubPixel sp = new SubPixel(geo);
            for (long p : sp.pads) if (p < 0) return false;
            return true;
        }

        /**
         * Wb[ci·s² + φy·s + φx, co, jy, jx] = W[co, ci, φy + s·(J−1−jy), φx + s·(J−1−jx)] (0 past the kernel): phases
         * channel-major, as {@link PhaseInterleave} takes them.
         */
        String weights(GraphEditor ed, float[] w, int[] shape) {
            int cout = shape[0], cin = shape[1], kh = shape[2], kw = shape[3], j = taps;
            float[] out = new float[s * s * cin * cout * j * j];
            for (int py = 0; py < s; py++)
                for (int px = 0; px < s; px++)
                    for (int ci = 0; ci < cin; ci++)
                        for (int co = 0; co < cout; co++)
                            for (int jy = 0; jy < j; jy++)
                                for (int jx = 0; jx < j; jx++) {
                                    int ky = py + s * (j - 1 - jy), kx = px + s * (j - 1 - jx);
                                    if (ky >= kh || kx >= kw) continue;
                                    int dst = ((((ci * s * s + py * s + px) * cout + co) * j + jy) * j + jx);
                                    out[dst] = w[((co * cin + ci) * kh + ky) * kw + kx];
                                }
            return ed.constFloats("subpixel_weight", out, (long) s * s * cin, cout, j, j);
        }

        String apply(GraphEditor ed, String grad, String phasedWeights, int cin) {
            String phases = ed.op("Conv").in(grad, phasedWeights).attr("kernel_shape", new long[] {taps, taps}).attr("pads", pads).out();
            String interleaved = PhaseInterleave.apply(ed, phases, cin, s);
            long[] starts = new long[2], ends = new long[2];
            for (int d = 0; d < 2; d++) {
                starts[d] = geo.padBegin[d] - (long) q0[d] * s;
                ends[d] = starts[d] + geo.in[d];
            }
            return ed.slice(interleaved, starts, ends, new long[] {2, 3});
        }
    }
}
