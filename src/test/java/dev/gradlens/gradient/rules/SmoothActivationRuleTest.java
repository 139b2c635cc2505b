package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Smooth unary activations against finite differences; none of them follows the rectifier policy. */
class SmoothActivationRuleTest {

    /** attrs: "name=value;name=value" float attributes, or "-". */
    private static TinyModel model(String op, long opset, String attrs) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 3, 4, 5);
        var n = m.nodes().op(op).in("x");
        if (!attrs.equals("-")) {
            for (String kv : attrs.split(";")) {
                String[] p = kv.split("=");
                n.attr(p[0], Float.parseFloat(p[1]));
            }
        }
        n.into("y");
        return m;
    }

    /** Inputs inside the op's domain, kept away from its kinks. */
    private static Function<Random, float[]> domain(String op, String attrs) {
        return switch (op) {
            case "Log", "Sqrt" -> Inputs.uniform(60, 0.2, 3);
            case "Reciprocal" -> Inputs.avoiding(60, -3, 3, 0.3, 0);
            case "HardSigmoid" -> {
                float alpha = 0.2f, beta = 0.5f;
                if (!attrs.equals("-")) {
                    for (String kv : attrs.split(";")) {
                        String[] p = kv.split("=");
                        if (p[0].equals("alpha")) alpha = Float.parseFloat(p[1]);
                        if (p[0].equals("beta")) beta = Float.parseFloat(p[1]);
                    }
                }
                yield Inputs.avoiding(60, -6, 6, 0.05, -beta / alpha, (1 - beta) / alpha);
            }
            case "HardSwish" -> Inputs.avoiding(60, -5, 5, 0.05, -3, 3);
            case "Elu", "Selu" -> Inputs.avoiding(60, -3, 3, 0.05, 0);
            default -> Inputs.uniform(60, -3, 3);
        };
    }

    @ParameterizedTest(name = "{0} opset={1} {2}")
    @CsvSource({
            "Sigmoid, 7, -", "Sigmoid, 13, -",
            "Tanh, 7, -", "Tanh, 13, -",
            "HardSigmoid, 7, -", "HardSigmoid, 7, alpha=0.5;beta=0.3", "HardSigmoid, 13, alpha=0.3", "HardSigmoid, 13, beta=0.1",
            "HardSwish, 14, -",
            "Elu, 7, -", "Elu, 7, alpha=0.5", "Elu, 13, alpha=2.5",
            "Softplus, 7, -", "Softplus, 13, -",
            "Selu, 7, -", "Selu, 13, alpha=1.2;gamma=0.7",
            "Softsign, 7, -",
            "Exp, 7, -", "Log, 7, -", "Sqrt, 13, -", "Reciprocal, 7, -", "Neg, 13, -",
            "Erf, 9, -", "Erf, 13, -", "Mish, 18, -",
    })
    void inputGradientMatchesFiniteDifferences(String op, long opset, String attrs) {
        GradientCheck.of(model(op, opset, attrs), "y").values("x", domain(op, attrs)).check("x");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Sigmoid", "Tanh", "HardSigmoid", "Elu", "Softplus"})
    void everyPolicyUsesTheTrueDerivative(String op) {
        Random rnd = new Random(11);
        float[] x = domain(op, "-").apply(rnd);
        float[] seeds = Inputs.gaussian(rnd, 120);
        float[] standard = PolicyRun.gradient(model(op, 13, "-"), "y", "x", RectifierPolicy.STANDARD, Map.of("x", x), seeds, 2);
        for (RectifierPolicy p : new RectifierPolicy[] {RectifierPolicy.GUIDED, RectifierPolicy.DECONVNET}) {
            assertArrayEquals(standard, PolicyRun.gradient(model(op, 13, "-"), "y", "x", p, Map.of("x", x), seeds, 2), p.id());
        }
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        for (String op : new String[] {"HardSwish", "Elu", "Sigmoid", "Softplus"}) BatchRun.check(model(op, 14, "-"), "y", "x");
    }
}
