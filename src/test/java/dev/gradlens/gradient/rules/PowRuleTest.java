package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.gradlens.gradient.rules.RuleTestSupport.awayFromZero;

/** Pow against finite differences: constant exponents (folded), a broadcast tensor exponent, both operands on the path. */
class PowRuleTest {

    @ParameterizedTest(name = "x^{0} opset {1}")
    @CsvSource({"2, 13", "2, 7", "0.5, 13", "3, 13", "-1.5, 15", "1, 13"})
    void constantScalarExponent(float b, long opset) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 3, 4).initializer("b", new float[] {b});
        m.nodes().op("Pow").in("x", "b").into("y");
        // positive bases keep fractional powers defined
        GradientCheck.of(m, "y").values("x", awayFromZero(12, 0.5)).values("x", r -> positive(12, r)).check("x");
    }

    @Test
    void constantPerChannelExponent() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 4).initializer("b", new float[] {2f, 0.5f, 3f}, 3, 1);
        m.nodes().op("Pow").in("x", "b").into("y");
        GradientCheck.of(m, "y").values("x", r -> positive(12, r)).check("x");
    }

    /** Exponent on the path too, broadcast from [1, 3, 1]: db = Σ g·y·ln a over the broadcast axis. */
    @Test
    void bothOperandsOnThePath() {
        TinyModel m = TinyModel.opset(13).input("a", 1, 3, 4).input("b", 1, 3, 1);
        m.nodes().op("Pow").in("a", "b").into("y");
        GradientCheck.of(m, "y").values("a", r -> positive(12, r)).check("a", "b");
    }

    /** The opset-13 LayerNorm decomposition PyTorch exports: ReduceMean, Sub, Pow(2), ReduceMean, Add ε, Sqrt, Div. */
    @Test
    void layerNormDecomposition() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 5, 8).initializer("two", new float[] {2f}).initializer("eps", new float[] {1e-5f});
        var ed = m.nodes();
        ed.op("ReduceMean").in("x").attr("axes", new long[] {-1}).attr("keepdims", 1L).into("mu");
        ed.op("Sub").in("x", "mu").into("d");
        ed.op("Pow").in("d", "two").into("d2");
        ed.op("ReduceMean").in("d2").attr("axes", new long[] {-1}).attr("keepdims", 1L).into("var");
        ed.op("Add").in("var", "eps").into("ve");
        ed.op("Sqrt").in("ve").into("sd");
        ed.op("Div").in("d", "sd").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    private static float[] positive(int n, java.util.Random r) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (0.5 + 1.5 * r.nextDouble());
        return v;
    }
}
