package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

/**
 * Pad with constant pads (the 'pads' attribute before opset 11, a constant input from 11, with the
 * optional 'axes' input of opset 18). Constant mode: the gradient is the Slice of g that lies over
 * the input, zero-padded back where negative pads cropped the input. Edge, reflect and wrap
 * (opset 19) modes read each output position from a computed input position, independently per
 * axis (negative pads crop first, as ONNX Runtime does), so their gradient adds the border positions
 * back onto the positions they copy ({@link AxisScatter}, one padded axis at a time). Wrap pads
 * longer than the axis are refused: ONNX Runtime does not wrap more than once. The pad value
 * carries no gradient.
 */
public final class PadRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        int[] in = ctx.inputShape(0), out = ctx.outputShape(0);
        int rank = in.length;
        String mode = ctx.attrs().getString("mode", "constant");
        long[] pads;
        long[] axes = null;
        if (ctx.opset() < 11) {
            pads = ctx.attrs().getInts("pads", ctx.attrs().getInts("paddings", null));
            if (pads == null) throw ctx.error("no pads attribute");
        } else {
            pads = ctx.constLongs(1).orElseThrow(() -> ctx.error("the pads input must be a constant (it is computed in the graph)"));
            if (ctx.opset() >= 18 && ctx.hasInput(3)) {
                axes = ctx.constLongs(3).orElseThrow(() -> ctx.error("the axes input must be a constant"));
            }
        }
        if (axes == null) {
            axes = new long[pads.length / 2];
            for (int i = 0; i < axes.length; i++) axes[i] = i;
        }
        long[] begin = new long[rank], end = new long[rank];
        for (int i = 0; i < axes.length; i++) {
            int a = AxisScatter.axis(ctx, axes[i], rank);
            begin[a] = pads[i];
            end[a] = pads[i + axes.length];
        }
        String g = ctx.grad();
        switch (mode) {
            case "constant" -> {
                java.util.List<long[]> cut = new java.util.ArrayList<>();
                long[] crop = new long[2 * rank];
                for (int a = 0; a < rank; a++) {
                    long s = Math.max(begin[a], 0), e = out[a] - Math.max(end[a], 0);
                    if (s != 0 || e != out[a]) cut.add(new long[] {s, e, a});
                    crop[a] = Math.max(-begin[a], 0);
                    crop[a + rank] = Math.max(-end[a], 0);
                }
                if (!cut.isEmpty()) {
                    g = ed.slice(g, cut.stream().mapToLong(c -> c[0]).toArray(), cut.stream().mapToLong(c -> c[1]).toArray(),
                            cut.stream().mapToLong(c -> c[2]).toArray());
                }
                ctx.setInputGrad(0, ed.pad(g, crop));
            }
            case "edge", "reflect", "wrap" -> {
                int[] cur = out.clone();
                for (int a = 0; a < rank; a++) {
                    if (begin[a] == 0 && end[a] == 0) continue;
                    // Negative pads crop first; the border is then copied from the cropped extent.
                    long lo = Math.max(-begin[a], 0), kept = in[a] - lo - Math.max(-end[a], 0);
                    long padBegin = Math.max(begin[a], 0), padEnd = Math.max(end[a], 0);
                    if (mode.equals("wrap") && (padBegin > kept || padEnd > kept)) {
                        throw ctx.error("wrap pads longer than the axis they wrap (" + kept + ") are not supported: "
                                + "ONNX Runtime does not wrap them around more than once");
                    }
                    long[] source = new long[out[a]];
                    for (int j = 0; j < out[a]; j++) source[j] = lo + sourceOf(mode, j - padBegin, kept);
                    g = AxisScatter.scatter(ctx, g, cur, a, source, in[a]);
                    cur[a] = in[a];
                }
                ctx.setInputGrad(0, g);
            }
            default -> throw ctx.error("unsupported Pad mode '" + mode + "'");
        }
    }

    /** The input position an output position p (relative to the input's start) copies. */
    static long sourceOf(String mode, long p, long n) {
        switch (mode) {
            case "edge":
                return Math.max(0, Math.min(n - 1, p));
            case "wrap":
                return ((p % n) + n) % n;
            default:
                if (n == 1) return 0;
                while (p < 0 || p >= n) {
                    if (p < 0) p = -p;
                    if (p >= n) p = 2 * (n - 1) - p;
                }
                return p;
        }
    }
}
