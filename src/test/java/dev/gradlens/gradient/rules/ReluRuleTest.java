package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.gradlens.gradient.rules.RuleTestSupport.assertPolicyGradient;
import static dev.gradlens.gradient.rules.RuleTestSupport.mixedSigns;
import static dev.gradlens.gradient.rules.RuleTestSupport.size;

/** Relu: the true derivative against finite differences, and the guided / deconvnet backward forms. */
class ReluRuleTest {

    @ParameterizedTest(name = "opset {0}, rank {1}")
    @CsvSource({"7, 4", "13, 4", "14, 4", "14, 2", "13, 3"})
    void matchesFiniteDifferences(long opset, int rank) {
        long[] shape = switch (rank) {
            case 2 -> new long[] {1, 7};
            case 3 -> new long[] {1, 3, 5};
            default -> new long[] {1, 3, 4, 5};
        };
        int n = size(shape);
        TinyModel m = TinyModel.opset(opset).input("x", shape).initializer("c", mixedSigns(n, 3), shape);
        String r = m.nodes().op("Relu").in("x").out();
        m.nodes().op("Mul").in(r, "c").into("y");
        // spaced values: none within reach of the kink at 0 for the step used
        GradientCheck.of(m, "y").values("x", GradientCheck.spaced(n, 0.1)).check("x");
    }

    @ParameterizedTest
    @EnumSource(RectifierPolicy.class)
    void policies(RectifierPolicy policy) {
        long[] shape = {1, 2, 3, 4};
        int n = size(shape);
        float[] c = mixedSigns(n, 11);
        TinyModel m = TinyModel.opset(13).input("x", shape).initializer("c", c, shape);
        String r = m.nodes().op("Relu").in("x").out();
        m.nodes().op("Mul").in(r, "c").into("y");
        GradientCheck check = GradientCheck.of(m, "y").values("x", GradientCheck.spaced(n, 0.5));
        assertPolicyGradient(check, policy, c, x -> x > 0 ? 1 : 0, true);
    }

    /** Older opsets: the mask and policies only use ops that exist there. */
    @ParameterizedTest
    @ValueSource(longs = {7, 9})
    void guidedAtOldOpsets(long opset) {
        long[] shape = {1, 2, 3, 4};
        int n = size(shape);
        float[] c = mixedSigns(n, 12);
        TinyModel m = TinyModel.opset(opset).input("x", shape).initializer("c", c, shape);
        String r = m.nodes().op("Relu").in("x").out();
        m.nodes().op("Mul").in(r, "c").into("y");
        GradientCheck check = GradientCheck.of(m, "y").values("x", GradientCheck.spaced(n, 0.5));
        assertPolicyGradient(check, RectifierPolicy.GUIDED, c, x -> x > 0 ? 1 : 0, true);
    }
}
