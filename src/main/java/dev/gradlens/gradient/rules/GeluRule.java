package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

/**
 * GELU, a smooth activation (true derivative under every policy), built from standard ops:
 * <ul>
 *   <li>exact form (com.microsoft:Gelu, Gelu-20 with approximate = "none"), y = x·Φ(x) =
 *   ½x(1 + erf(x/√2)): f'(x) = Φ(x) + x·φ(x) = ½(1 + erf(x/√2)) + x·e^(−x²/2)/√(2π);</li>
 *   <li>tanh form (Gelu-20 approximate = "tanh", com.microsoft:FastGelu), y = ½x(1 + t) with
 *   t = tanh(√(2/π)(x + 0.044715x³)): f'(x) = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²).</li>
 * </ul>
 * com.microsoft:BiasGelu and FastGelu with a bias input apply the activation to x + bias; the
 * derivative is taken there and only x gets a gradient (the bias is a weight). Erf needs opset 9.
 */
public final class GeluRule extends InputZeroOnly {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String op = ctx.node().getOpType();
        boolean tanh = op.equals("FastGelu") || ctx.attrs().getString("approximate", "none").equals("tanh");
        String derivative = ed.memo("gelu:" + ctx.output(0), () -> {
            String u = ctx.hasInput(1) ? ed.add(ctx.input(0), ctx.input(1)) : ctx.input(0);
            return tanh ? tanhForm(ed, u) : erfForm(ctx, u);
        });
        ctx.setInputGrad(0, ed.mul(ctx.grad(), derivative));
    }

    private static String erfForm(BackwardContext ctx, String x) {
        GraphEditor ed = ctx.ed();
        if (ctx.opset() < 9) throw ctx.error("the exact GELU derivative needs Erf, which ONNX has from opset 9; this model is opset " + ctx.opset());
        String cdf = ed.mul(ed.add(ed.op("Erf").in(ed.mul(x, ed.scalar((float) (1 / Math.sqrt(2))))).out(), ed.scalar(1f)), ed.scalar(0.5f));
        String pdf = ed.mul(ed.op("Exp").in(ed.mul(ed.mul(x, x), ed.scalar(-0.5f))).out(), ed.scalar((float) (1 / Math.sqrt(2 * Math.PI))));
        return ed.add(cdf, ed.mul(x, pdf));
    }

    private static String tanhForm(GraphEditor ed, String x) {
        String x2 = ed.mul(x, x);
        String inner = ed.mul(ed.mul(x, ed.add(ed.mul(x2, ed.scalar(0.044715f)), ed.scalar(1f))), ed.scalar((float) SQRT_2_OVER_PI));
        String t = ed.op("Tanh").in(inner).out();
        String innerSlope = ed.mul(ed.add(ed.mul(x2, ed.scalar(3 * 0.044715f)), ed.scalar(1f)), ed.scalar((float) SQRT_2_OVER_PI));
        String sech2 = ed.sub(ed.scalar(1f), ed.mul(t, t));
        String first = ed.mul(ed.add(t, ed.scalar(1f)), ed.scalar(0.5f));
        String second = ed.mul(ed.mul(ed.mul(x, ed.scalar(0.5f)), sech2), innerSlope);
        return ed.add(first, second);
    }
}
