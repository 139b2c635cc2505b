package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

/**
 * Bounded-rectifier masks (ReLU6's 1[0 &lt; y &lt; 6]) made by ops ONNX Runtime keeps in its blocked (NCHWc) layout,
 * for one-row graphs ({@link BackwardContext#oneRow}). Comparisons, And and Cast are never kept there, so each mask
 * read its activation through a layout reorder, and the mask product and the next backward conv crossed layouts
 * again; with a static seed row the products have the masks' shape, and 1×1 depthwise Convs with a fused Clip keep
 * the chain blocked. MobileNet-v2's 5-panel graph: reorders 77 + 36 → 14 + 6, run time ×0.85–0.89 paired. Plain Relu
 * masks keep their comparison (made this way, two Convs each, they cost VGG-style networks more than the reorders they
 * save), and so do Clips with other bounds (ClipRule asks for ReLU6 only; docs/performance.md, "One-row graphs").
 *
 * <p>Exact, not approximate: every Conv here multiplies by a power of two (exact; overflow goes to +∞ and is
 * clipped to 1) and adds at most one constant; the 0/1 result is the comparisons' for every float activation:
 * <ul>
 * <li>1[y &gt; 0] = Clip(2²³ · Clip(2¹²⁶ · y, 0, 1), 0, 1): y ≥ 2⁻¹²⁶ gives ≥ 1 in the first stage; a subnormal
 *     y = m · 2⁻¹⁴⁹ (m ≥ 1) gives m · 2⁻²³ there and m in the second; y = 0 gives 0.</li>
 * <li>1[y &lt; max] = Clip(s · max − s · y, 0, 1) with s = 1 / ulp(nextDown(max)), a power of two: for y &lt; max,
 *     max − y ≥ ulp(nextDown(max)), so the exact value is ≥ 1 and its rounding too; y = max gives 0.</li>
 * </ul>
 * Only for 4-D activations with a known axis 1 (the group count; for any layout the 1×1 Conv with equal weights is
 * elementwise) and opset 11+ (Clip's bounds as inputs); otherwise the rule keeps its comparisons.
 */
final class LayoutMasks {
    private LayoutMasks() {
    }

    private static boolean applies(BackwardContext ctx, int[] shape) {
        return ctx.oneRow() && ctx.opset() >= 11 && shape.length == 4 && shape[1] > 0;
    }

    /** 1[y &gt; 0] as a float (where {@link #applies}). */
    private static String positive(BackwardContext ctx, String y, int[] shape) {
        String first = scaled(ctx.ed(), y, shape[1], 0x1p126f, 0f);
        return scaled(ctx.ed(), first, shape[1], 0x1p23f, 0f);
    }

    /** 1[0 &lt; y &lt; max] (ReLU6: max = 6) as a float, or null where {@link #applies} does not. */
    static String between0And(BackwardContext ctx, String y, int[] shape, float max) {
        if (!applies(ctx, shape) || !(max > 0) || Float.isInfinite(max)) return null;
        float s = 1f / Math.ulp(Math.nextDown(max));
        if (Float.isInfinite(s * max)) return null;
        String below = scaled(ctx.ed(), y, shape[1], -s, s * max);
        return ctx.ed().mul(positive(ctx, y, shape), below);
    }

    /** Clip(w · x + b, 0, 1) per element: a 1×1 depthwise Conv of {@code c} groups with equal weights, and a Clip it fuses. */
    private static String scaled(GraphEditor ed, String x, int c, float w, float b) {
        String weight = ed.memo("layout-mask-w:" + c + ":" + w, () -> ed.constFloats("mask_scale", filled(c, w), c, 1, 1, 1));
        String[] in = b == 0f ? new String[] {x, weight}
                : new String[] {x, weight, ed.memo("layout-mask-b:" + c + ":" + b, () -> ed.constFloats("mask_offset", filled(c, b), c))};
        String conv = ed.op("Conv").in(in).attr("group", (long) c).out();
        return ed.op("Clip").in(conv, ed.scalar(0f), ed.scalar(1f)).out();
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
