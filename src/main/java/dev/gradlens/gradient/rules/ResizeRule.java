package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.Arrays;
import java.util.Optional;

/**
 * Resize (opsets 10–19) and Upsample (7–9) in nearest and linear modes. Both are linear in X and
 * separable: along each axis, y = M·x with a constant matrix M [out, in] that depends only on the
 * geometry (ONNX spec, Resize: x_original = f(x_resized) per coordinate_transformation_mode, then the
 * nearest_mode rounding or the two-tap linear weights, clamped to the input as ONNX Runtime does). The
 * gradient applies Mᵀ along each resized axis: a MatMul with a constant [in, out] matrix on the gradient
 * reshaped to [−1, out, rest], as {@link AxisScatter} does for index maps.
 *
 * <p>Modes: half_pixel (default), pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn;
 * tf_crop_and_resize with its roi (extrapolated positions are the constant extrapolation_value, gradient 0).
 * Before opset 11 coordinates are asymmetric and nearest rounds down when upsampling and up when
 * downsampling (ONNX Runtime's rule). Refused: cubic mode, antialias, half_pixel_symmetric,
 * keep_aspect_ratio_policy other than stretch, resizing axis 0.
 */
public final class ResizeRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        int[] in = ctx.inputShape(0), out = ctx.outputShape(0);
        int rank = in.length;
        boolean upsample = ctx.node().getOpType().equals("Upsample");
        long opset = ctx.opset();
        boolean legacy = upsample || opset < 11;
        String mode = ctx.attrs().getString("mode", "nearest");
        if (!mode.equals("nearest") && !mode.equals("linear") && !mode.equals("bilinear")) {
            throw ctx.error("mode '" + mode + "' is not supported (nearest and linear are)");
        }
        boolean linear = !mode.equals("nearest");
        String coord = legacy ? "asymmetric" : ctx.attrs().getString("coordinate_transformation_mode", "half_pixel");
        String nearest = legacy ? "legacy" : ctx.attrs().getString("nearest_mode", "round_prefer_floor");
        if (ctx.attrs().getInt("antialias", 0) != 0) throw ctx.error("antialias = 1 is not supported");
        if (!ctx.attrs().getString("keep_aspect_ratio_policy", "stretch").equals("stretch")) {
            throw ctx.error("keep_aspect_ratio_policy other than stretch is not supported");
        }
        float[] scales = scales(ctx, upsample, legacy, in, out);
        float[] roi = null;
        if (coord.equals("tf_crop_and_resize")) {
            roi = ctx.hasInput(1) ? ctx.constFloats(1).orElseThrow(() -> ctx.error("the roi input must be a constant")) : null;
            if (roi == null || roi.length != 2 * rank) throw ctx.error("tf_crop_and_resize needs a roi of 2·rank values");
        }
        String g = ctx.grad();
        int[] cur = out.clone();
        for (int a = 0; a < rank; a++) {
            double[][] m = matrix(ctx, in[a], out[a], scales[a], coord, nearest, linear,
                    roi == null ? 0 : roi[a], roi == null ? 1 : roi[a + rank]);
            if (isIdentity(m)) continue;
            if (a == 0) throw ctx.error("resizing axis 0 (the batch axis) is not supported");
            g = applyTransposed(ed, g, cur, a, m, in[a]);
            cur[a] = in[a];
        }
        ctx.setInputGrad(0, g);
    }

    /** Per-axis scales: the scales input/attribute, or out/in where sizes were given. */
    private static float[] scales(BackwardContext ctx, boolean upsample, boolean legacy, int[] in, int[] out) {
        Optional<float[]> s = Optional.empty();
        if (upsample && ctx.opset() < 9) s = Optional.ofNullable(ctx.attrs().getFloats("scales", null));
        else if (legacy) s = ctx.constFloats(1);
        else if (ctx.hasInput(2)) s = ctx.constFloats(2);
        float[] v = s.filter(x -> x.length == in.length).orElse(null);
        if (v == null) {
            if (!legacy && ctx.hasInput(2) && ctx.constFloats(2).map(x -> x.length).orElse(-1) != 0) {
                throw ctx.error("the scales input must be a constant");
            }
            v = new float[in.length];
            for (int a = 0; a < in.length; a++) v[a] = (float) out[a] / in[a];
        }
        return v;
    }

    /**
     * M [out][in] along one axis: output position i reads input positions with weights (ONNX Resize spec;
     * clamping as ONNX Runtime's kernels do).
     */
    static double[][] matrix(BackwardContext ctx, int lin, int lout, float scale, String coord, String nearest, boolean linear,
                             float roiStart, float roiEnd) {
        double[][] m = new double[lout][lin];
        for (int i = 0; i < lout; i++) {
            double x;
            switch (coord) {
                case "half_pixel" -> x = (i + 0.5) / scale - 0.5;
                case "pytorch_half_pixel" -> x = lout > 1 ? (i + 0.5) / scale - 0.5 : 0;
                case "align_corners" -> x = lout == 1 ? 0 : i * (double) (lin - 1) / (lout - 1);
                case "asymmetric" -> x = i / (double) scale;
                case "tf_half_pixel_for_nn" -> x = (i + 0.5) / scale;
                case "tf_crop_and_resize" -> {
                    x = lout > 1 ? roiStart * (lin - 1) + i * (roiEnd - roiStart) * (lin - 1) / (double) (lout - 1)
                            : 0.5 * (roiStart + roiEnd) * (lin - 1);
                    if (x < 0 || x > lin - 1) continue; // extrapolation_value: a constant
                }
                default -> throw ctx.error("coordinate_transformation_mode '" + coord + "' is not supported");
            }
            if (linear) {
                x = Math.max(0, Math.min(lin - 1, x));
                int x0 = (int) Math.floor(x);
                int x1 = Math.min(x0 + 1, lin - 1);
                double w1 = x - x0;
                m[i][x0] += 1 - w1;
                m[i][x1] += w1;
            } else {
                long k = switch (nearest) {
                    case "round_prefer_floor" -> x == Math.floor(x) + 0.5 ? (long) Math.floor(x) : Math.round(x);
                    case "round_prefer_ceil" -> (long) Math.floor(x + 0.5);
                    case "floor" -> (long) Math.floor(x);
                    case "ceil" -> (long) Math.ceil(x);
                    case "legacy" -> scale < 1 ? (long) Math.ceil(x) : (long) x;
                    default -> throw ctx.error("nearest_mode '" + nearest + "' is not supported");
                };
                m[i][(int) Math.max(0, Math.min(lin - 1, k))] += 1;
            }
        }
        return m;
    }

    private static boolean isIdentity(double[][] m) {
        if (m.length != m[0].length) return false;
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m.length; j++) if (m[i][j] != (i == j ? 1 : 0)) return false;
        return true;
    }

    /** Mᵀ along {@code axis}: MatMul of the constant [in, out] matrix with the gradient reshaped to [−1, out, rest]. */
    private static String applyTransposed(GraphEditor ed, String g, int[] shape, int axis, double[][] m, int lin) {
        int lout = m.length;
        long q = 1;
        for (int d = axis + 1; d < shape.length; d++) q *= shape[d];
        float[] t = new float[lin * lout];
        for (int i = 0; i < lout; i++) for (int j = 0; j < lin; j++) t[j * lout + i] = (float) m[i][j];
        String matrix = ed.constFloats("resize_adjoint", t, lin, lout);
        String flat = ed.reshape(g, new long[] {-1, lout, q});
        String back = ed.op("MatMul").in(matrix, flat).out();
        long[] target = Arrays.stream(shape).asLongStream().toArray();
        target[0] = -1;
        target[axis] = lin;
        return ed.reshape(back, target);
    }
}
