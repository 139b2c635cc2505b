package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

/**
 * Unary activations that are not rectifiers: every policy uses the true derivative g·f'(x). f' is
 * built once per node (shared by every backward chain), from the output y wherever that is exact:
 * <ul>
 *   <li>Sigmoid: y(1 − y); Tanh: 1 − y²;</li>
 *   <li>HardSigmoid(alpha = 0.2, beta = 0.5), y = max(0, min(1, alpha·x + beta)): alpha·1[0 &lt; y &lt; 1];</li>
 *   <li>HardSwish (opset 14), y = x·max(0, min(1, x/6 + 1/2)): x/3 + 1/2 on (−3, 3), 0 below, 1 above (from x);</li>
 *   <li>Elu(alpha = 1): 1 for x &gt; 0, alpha·eˣ = y + alpha otherwise (the x &gt; 0 test reads y when alpha &gt; 0);</li>
 *   <li>Softplus, y = ln(1 + eˣ): sigmoid(x) (from x: 1 − e^−y cancels catastrophically for very negative x);</li>
 *   <li>Selu(alpha, gamma): gamma for x &gt; 0, y + gamma·alpha otherwise; Softsign, y = x/(1 + |x|): (1 − |y|)²;</li>
 *   <li>Exp: y; Log: 1/x; Sqrt: 1/(2y); Reciprocal: −y²; Neg: −1; Erf: (2/√π)·e^(−x²);</li>
 *   <li>Mish (opset 18), y = x·tanh(softplus(x)): t + x·σ(x)·(1 − t²) with t = tanh(softplus(x)) (Misra 2019, eq. 2).</li>
 * </ul>
 */
public final class SmoothActivationRule extends InputZeroOnly {
    public static final String[] OPS = {"Sigmoid", "Tanh", "HardSigmoid", "HardSwish", "Elu", "Softplus", "Selu", "Softsign",
            "Exp", "Log", "Sqrt", "Reciprocal", "Neg", "Erf", "Mish"};

    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String g = ctx.grad();
        String op = ctx.node().getOpType();
        switch (op) {
            case "Neg" -> ctx.setInputGrad(0, ed.neg(g));
            case "Log" -> ctx.setInputGrad(0, ed.div(g, ctx.input(0)));
            default -> ctx.setInputGrad(0, ed.mul(g, ed.memo("smooth:" + ctx.output(0), () -> derivative(ctx, op))));
        }
    }

    private static String derivative(BackwardContext ctx, String op) {
        GraphEditor ed = ctx.ed();
        String x = ctx.input(0), y = ctx.output(0);
        return switch (op) {
            case "Sigmoid" -> ed.mul(y, ed.sub(ed.scalar(1f), y));
            case "Tanh" -> ed.sub(ed.scalar(1f), ed.mul(y, y));
            case "HardSigmoid" -> {
                float alpha = ctx.attrs().getFloat("alpha", 0.2f);
                String inside = ed.mul(greater(ed, y, 0f), less(ed, y, 1f));
                yield ed.mul(inside, ed.scalar(alpha));
            }
            case "HardSwish" -> {
                String below3 = less(ed, x, 3f);
                String middle = ed.mul(below3, greater(ed, x, -3f));
                String slope = ed.add(ed.mul(x, ed.scalar(1f / 3f)), ed.scalar(0.5f));
                yield ed.add(ed.mul(middle, slope), ed.sub(ed.scalar(1f), below3));
            }
            case "Elu" -> {
                float alpha = ctx.attrs().getFloat("alpha", 1f);
                String positive = Rectifier.positiveMask(ctx, alpha > 0 ? y : x);
                String negative = ed.add(y, ed.scalar(alpha));
                // positive + (1 − positive)·(y + alpha)
                yield ed.add(positive, ed.mul(ed.sub(ed.scalar(1f), positive), negative));
            }
            case "Selu" -> {
                float alpha = ctx.attrs().getFloat("alpha", 1.67326319217681884765625f);
                float gamma = ctx.attrs().getFloat("gamma", 1.05070102214813232421875f);
                String positive = Rectifier.positiveMask(ctx, alpha > 0 && gamma > 0 ? y : x);
                String negative = ed.add(y, ed.scalar(gamma * alpha));
                yield ed.add(ed.mul(positive, ed.scalar(gamma)), ed.mul(ed.sub(ed.scalar(1f), positive), negative));
            }
            case "Softplus" -> ed.op("Sigmoid").in(x).out();
            case "Softsign" -> {
                String r = ed.sub(ed.scalar(1f), ed.op("Abs").in(y).out());
                yield ed.mul(r, r);
            }
            case "Exp" -> y;
            case "Sqrt" -> ed.div(ed.scalar(0.5f), y);
            case "Reciprocal" -> ed.neg(ed.mul(y, y));
            case "Mish" -> {
                String t = ed.op("Tanh").in(ed.op("Softplus").in(x).out()).out();
                String sig = ed.op("Sigmoid").in(x).out();
                yield ed.add(t, ed.mul(ed.mul(x, sig), ed.sub(ed.scalar(1f), ed.mul(t, t))));
            }
            case "Erf" -> ed.mul(ed.op("Exp").in(ed.neg(ed.mul(x, x))).out(), ed.scalar((float) (2 / Math.sqrt(Math.PI))));
            default -> throw ctx.error("not a smooth activation");
        };
    }

    private static String greater(GraphEditor ed, String t, float v) {
        return ed.floatMask(ed.op("Greater").in(t, ed.scalar(v)).out());
    }

    private static String less(GraphEditor ed, String t, float v) {
        return ed.floatMask(ed.op("Less").in(t, ed.scalar(v)).out());
    }
}
