package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;
import dev.gradlens.onnx.NodeAttributes;

import java.util.Arrays;

/**
 * Sliding-window geometry shared by Conv, MaxPool and AveragePool, with auto_pad resolved to
 * explicit pads from the measured input and output sizes. Input position of tap t in window o:
 * p = o·stride − padBegin + t·dilation.
 */
final class WindowGeometry {
    final int rank;
    final int[] in, out, kernel, strides, dilations, padBegin, padEnd;

    private WindowGeometry(int[] in, int[] out, int[] kernel, int[] strides, int[] dilations, int[] padBegin, int[] padEnd) {
        this.rank = in.length;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.strides = strides;
        this.dilations = dilations;
        this.padBegin = padBegin;
        this.padEnd = padEnd;
    }

    /** From a Conv/pool node: input 0 is [N, C, spatial...], output 0 likewise; kernel from the weight or kernel_shape. */
    static WindowGeometry of(BackwardContext ctx, int[] kernel) {
        int[] x = ctx.inputShape(0), y = ctx.outputShape(0);
        int r = x.length - 2;
        int[] in = Arrays.copyOfRange(x, 2, x.length), out = Arrays.copyOfRange(y, 2, y.length);
        NodeAttributes a = ctx.attrs();
        int[] strides = ints(a.getInts("strides", null), r, 1);
        int[] dil = ints(a.getInts("dilations", null), r, 1);
        int[] pb = new int[r], pe = new int[r];
        String autoPad = a.getString("auto_pad", "NOTSET");
        if (autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER")) {
            for (int d = 0; d < r; d++) {
                int total = Math.max(0, (out[d] - 1) * strides[d] + (kernel[d] - 1) * dil[d] + 1 - in[d]);
                int small = total / 2, large = total - small;
                pb[d] = autoPad.equals("SAME_UPPER") ? small : large;
                pe[d] = total - pb[d];
            }
        } else if (!autoPad.equals("VALID")) {
            long[] pads = a.getInts("pads", null);
            for (int d = 0; d < r && pads != null; d++) {
                pb[d] = (int) pads[d];
                pe[d] = (int) pads[d + r];
            }
        }
        return new WindowGeometry(in, out, kernel, strides, dil, pb, pe);
    }

    private static int[] ints(long[] v, int r, int def) {
        int[] out = new int[r];
        for (int d = 0; d < r; d++) out[d] = v == null ? def : (int) v[d];
        return out;
    }

    boolean unitStrides() {
        for (int s : strides) if (s != 1) return false;
        return true;
    }

    int kernelSize() {
        int k = 1;
        for (int v : kernel) k *= v;
        return k;
    }

    int outSize() {
        int k = 1;
        for (int v : out) k *= v;
        return k;
    }

    /** Kernel tap multi-index of flat tap {@code t} (C order). */
    int[] tap(int t) {
        int[] idx = new int[rank];
        for (int d = rank - 1; d >= 0; d--) {
            idx[d] = t % kernel[d];
            t /= kernel[d];
        }
        return idx;
    }

    /** Output multi-index of flat output position {@code o}. */
    int[] outPos(int o) {
        int[] idx = new int[rank];
        for (int d = rank - 1; d >= 0; d--) {
            idx[d] = o % out[d];
            o /= out[d];
        }
        return idx;
    }

    long[] longs(int[] v) {
        return Arrays.stream(v).asLongStream().toArray();
    }

    /**
     * Sends window gradients back to input positions: a grouped ConvTranspose of {@code grad}
     * [S, groups·k, out...] with {@code weight} [groups·k, 1, kernel...], then the result is cut (or
     * zero-extended) to the input extent. Pads are applied by the crop rather than by ConvTranspose's
     * output_padding, which must stay below the stride.
     */
    String scatterToInput(GraphEditor ed, String grad, String weight, long groups) {
        String full = ed.op("ConvTranspose").in(grad, weight).attr("group", groups).attr("strides", longs(strides))
                .attr("dilations", longs(dilations)).attr("kernel_shape", longs(kernel)).out();
        return cropToInput(ed, full);
    }

    /** Cuts [padBegin, padBegin + in) from a tensor whose spatial extent is the full ConvTranspose output. */
    String cropToInput(GraphEditor ed, String full) {
        long[] starts = new long[rank], ends = new long[rank], axes = new long[rank], padTail = new long[2 * (rank + 2)];
        boolean needPad = false, needSlice = false;
        for (int d = 0; d < rank; d++) {
            long fullLen = (long) (out[d] - 1) * strides[d] + (long) (kernel[d] - 1) * dilations[d] + 1;
            starts[d] = padBegin[d];
            ends[d] = Math.min(fullLen, padBegin[d] + (long) in[d]);
            axes[d] = d + 2;
            long missing = padBegin[d] + (long) in[d] - fullLen;
            if (missing > 0) {
                padTail[rank + 2 + d + 2] = missing;
                needPad = true;
            }
            needSlice |= starts[d] != 0 || ends[d] != fullLen;
        }
        String cut = needSlice ? ed.slice(full, starts, ends, axes) : full;
        return needPad ? ed.pad(cut, padTail) : cut;
    }
}
