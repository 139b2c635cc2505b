package dev.gradlens.gradient.rules;

import dev.gradlens.onnx.GraphEditor;

/**
 * The MaxPool backward without MaxPool's Indices output (2-D, equal strides s, no dilation, kernel ≥ s,
 * opset 11+). Asking ONNX Runtime for the indices costs the forward its blocked-layout (NCHWc) MaxPool
 * and gives the backward an index path ([S, C, k, out] Equal, Cast and Mul, then a grouped ConvTranspose
 * of C·k groups) that grew 29× for five seed rows (docs/performance.md). Here:
 *
 * <ol>
 * <li>Which tap won, from forward tensors only and once per image (shared by every backward chain): tap
 *     t = (ty, tx) reads x_t[o] = x_pad[o·s + t] (x padded with −∞ and cut into its s² phases by one SpaceToDepth,
 *     so a tap is the contiguous Slice of phase t mod s at offset ⌊t/s⌋; a strided Slice where the channel count is
 *     unknown), and it won window o
 *     when x_t[o] = y[o] and no earlier tap in row-major window order equals y[o]: the first-index rule of
 *     PyTorch's and ONNX Runtime's kernels (strict &gt; while scanning), so ties (zeros after a ReLU)
 *     go where they go there. The 0/1 masks are cast to float once and stored already shifted (below).</li>
 * <li>The scatter-add, per chain, in the sub-pixel form of the transposed pooling: padded input position
 *     i = o·s + t lies in phase t mod s of the s-times coarser grid, at q = o + ⌊t/s⌋. Each phase is a sum
 *     of g (zero-padded by the tap's shift ⌊t/s⌋) times the tap's mask; the s² phases are concatenated on
 *     the channel axis and interleaved ({@link PhaseInterleave}; DepthToSpace where the channel count is not known),
 *     then cut to the input extent. Overlapping windows
 *     add up as in the scatter (one window gives to one tap, a position can take from several windows).</li>
 * </ol>
 */
final class IndexFreeMaxPool {
    private final WindowGeometry geo;
    private final int s;
    /** Coarse-grid extent per dim: out + ⌊(k − 1)/s⌋, the same for every phase. */
    private final int[] q = new int[2];

    /** Channels of x (0: unknown). */
    private final int channels;

    IndexFreeMaxPool(WindowGeometry geo) {
        this(geo, 0);
    }

    IndexFreeMaxPool(WindowGeometry geo, int channels) {
        this.channels = channels;
        this.geo = geo;
        this.s = geo.strides[0];
        for (int d = 0; d < 2; d++) q[d] = geo.out[d] + (geo.kernel[d] - 1) / s;
    }

    static boolean applies(WindowGeometry geo, long opset) {
        if (opset < 11 || geo.rank != 2 || geo.strides[0] != geo.strides[1]) return false;
        for (int d = 0; d < 2; d++) if (geo.dilations[d] != 1 || geo.kernel[d] < geo.strides[d]) return false;
        return true;
    }

    /** dL/dx [S, C, H, W] from the window gradient g [S, C, out...]. */
    String backward(GraphEditor ed, String g, String x, String y) {
        int k = geo.kernelSize();
        java.util.List<java.util.List<String>> terms = new java.util.ArrayList<>();
        for (int p = 0; p < s * s; p++) terms.add(new java.util.ArrayList<>());
        java.util.Map<String, String> shifted = new java.util.HashMap<>();
        for (int t = 0; t < k; t++) {
            int ty = t / geo.kernel[1], tx = t % geo.kernel[1];
            int ay = ty / s, ax = tx / s;
            String gs = shifted.computeIfAbsent(ay + "," + ax, key -> ed.pad(g, shiftPads(ay, ax)));
            terms.get((ty % s) * s + tx % s).add(ed.mul(gs, mask(ed, x, y, t)));
        }
        String[] stacked = new String[s * s];
        for (int p = 0; p < s * s; p++) {
            java.util.List<String> l = terms.get(p);
            stacked[p] = l.size() == 1 ? l.get(0) : ed.op("Sum").in(l.toArray(String[]::new)).out();
        }
        String full = s == 1 ? stacked[0]
                : channels > 0 ? PhaseInterleave.apply(ed, stacked, channels, s, q[0], q[1])
                : ed.op("DepthToSpace").in(ed.op("Concat").in(stacked).attr("axis", 1L).out()).attr("blocksize", (long) s)
                        .attr("mode", "DCR").out();
        return crop(ed, full);
    }

    /** Zero pads that place a [.., out_y, out_x] tensor at offset (ay, ax) of the [.., q_y, q_x] coarse grid. */
    private long[] shiftPads(int ay, int ax) {
        return new long[] {0, 0, ay, ax, 0, 0, q[0] - geo.out[0] - ay, q[1] - geo.out[1] - ax};
    }

    /** Float 0/1 [B, C, q_y, q_x]: tap t won the window, shifted to where its gradient lands. Shared by all chains. */
    private String mask(GraphEditor ed, String x, String y, int t) {
        return ed.memo("maxpool-mask:" + y + ":" + t, () -> {
            int ty = t / geo.kernel[1], tx = t % geo.kernel[1];
            return ed.pad(ed.floatMask(first(ed, x, y, t)), shiftPads(ty / s, tx / s));
        });
    }

    /** Boolean: tap t holds the window's maximum and no earlier tap does. */
    private String first(GraphEditor ed, String x, String y, int t) {
        return t == 0 ? equal(ed, x, y, 0) : ed.op("And").in(equal(ed, x, y, t), ed.op("Not").in(seen(ed, x, y, t - 1)).out()).out();
    }

    /** Boolean: some tap ≤ t holds the window's maximum. */
    private String seen(GraphEditor ed, String x, String y, int t) {
        if (t == 0) return equal(ed, x, y, 0);
        return ed.memo("maxpool-seen:" + y + ":" + t, () -> ed.op("Or").in(seen(ed, x, y, t - 1), equal(ed, x, y, t)).out());
    }

    private String equal(GraphEditor ed, String x, String y, int t) {
        return ed.memo("maxpool-eq:" + y + ":" + t, () -> {
            int ty = t / geo.kernel[1], tx = t % geo.kernel[1];
            // From the phase tensor: a contiguous Slice (rows of `out` values) instead of a strided one over the padded
            // input, which ONNX Runtime copies value by value: ResNet-18's nine taps 13.8 ms -> 2.6 ms of kernel time plus
            // 2.1 ms for the one SpaceToDepth (1 thread, load 15; docs/performance.md). The same values, bit for bit.
            if (channels > 0 && phasePadsValid()) {
                int phase = (ty % s) * s + tx % s;
                long[] st = {(long) phase * channels, ty / s, tx / s};
                long[] en = {(long) (phase + 1) * channels, ty / s + (long) geo.out[0], tx / s + (long) geo.out[1]};
                String tap = ed.slice(phases(ed, x, y), st, en, new long[] {1, 2, 3});
                return ed.op("Equal").in(tap, y).out();
            }
            long[] starts = {ty, tx}, ends = new long[2];
            ends[0] = ty + (long) (geo.out[0] - 1) * s + 1;
            ends[1] = tx + (long) (geo.out[1] - 1) * s + 1;
            String tap = ed.slice(padded(ed, x, y), starts, ends, new long[] {2, 3}, new long[] {s, s});
            return ed.op("Equal").in(tap, y).out();
        });
    }

    private boolean phasePadsValid() {
        for (int d = 0; d < 2; d++) if ((long) s * q[d] - geo.padBegin[d] - geo.in[d] < 0) return false;
        return true;
    }

    /** x padded with −∞ to s·q per axis, then SpaceToDepth: [B, s²·C, q_y, q_x], phase-major channels. */
    private String phases(GraphEditor ed, String x, String y) {
        return ed.memo("maxpool-phases:" + y, () -> {
            long[] pads = new long[8];
            for (int d = 0; d < 2; d++) {
                pads[2 + d] = geo.padBegin[d];
                pads[6 + d] = (long) s * q[d] - geo.padBegin[d] - geo.in[d];
            }
            return ed.op("SpaceToDepth").in(ed.pad(x, pads, Float.NEGATIVE_INFINITY)).attr("blocksize", (long) s).out();
        });
    }

    /** x padded with −∞ (never a window's maximum) to every position a window reads. */
    private String padded(GraphEditor ed, String x, String y) {
        return ed.memo("maxpool-padded:" + y, () -> {
            long[] pads = new long[8];
            for (int d = 0; d < 2; d++) {
                pads[2 + d] = geo.padBegin[d];
                pads[6 + d] = Math.max(0, (long) (geo.out[d] - 1) * s + geo.kernel[d] - geo.padBegin[d] - geo.in[d]);
            }
            return ed.pad(x, pads, Float.NEGATIVE_INFINITY);
        });
    }

    /** Cuts the interleaved [S, C, s·q_y, s·q_x] (padded coordinates) to the input extent, zero-extending rows no window read. */
    private String crop(GraphEditor ed, String full) {
        long[] starts = new long[2], ends = new long[2], tail = new long[8];
        boolean needSlice = false, needPad = false;
        for (int d = 0; d < 2; d++) {
            long len = (long) s * q[d];
            starts[d] = geo.padBegin[d];
            ends[d] = Math.min(len, geo.padBegin[d] + (long) geo.in[d]);
            long missing = geo.padBegin[d] + (long) geo.in[d] - len;
            if (missing > 0) {
                tail[6 + d] = missing;
                needPad = true;
            }
            needSlice |= starts[d] != 0 || ends[d] != len;
        }
        String cut = needSlice ? ed.slice(full, starts, ends, new long[] {2, 3}) : full;
        return needPad ? ed.pad(cut, tail) : cut;
    }
}
