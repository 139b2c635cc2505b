package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.gradlens.gradient.rules.RuleTestSupport.awayFromZero;
import static dev.gradlens.gradient.rules.RuleTestSupport.gaussian;
import static dev.gradlens.gradient.rules.RuleTestSupport.size;

/**
 * Add, Sub, Mul, Div with numpy broadcasting, both operands on the path (both are graph inputs):
 * each operand's gradient must be summed back over the axes it was broadcast along, per seed.
 */
class ElementwiseArithmeticRuleTest {

    /** Operand shapes: a, b (the output has the batch axis of size 1 first). */
    static final long[][][] SHAPES = {
            {{1, 3, 4, 5}, {1, 3, 4, 5}},  // same shape
            {{1, 3, 4, 5}, {1, 3, 1, 1}},  // per-channel operand (bias, SE scale)
            {{1, 3, 1, 1}, {1, 3, 4, 5}},  // broadcast operand first
            {{1, 1, 4, 1}, {1, 3, 1, 5}},  // both broadcast
            {{1, 3, 4, 5}, {5}},           // lower rank: leading axes missing
            {{1, 3, 4, 5}, {4, 1}},        // lower rank and a size-1 axis
            {{3, 1, 1}, {1, 3, 4, 5}},     // lower rank first
            {{1, 3, 4, 5}, {}},            // scalar
            {{1, 6}, {1, 1}},
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String op : new String[] {"Add", "Sub", "Mul", "Div"}) {
            for (long[][] s : SHAPES) {
                for (long opset : new long[] {7, 13, 14}) out.add(Arguments.of(op, s[0], s[1], opset));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} opset {3}")
    @MethodSource("cases")
    void bothOperandsMatchFiniteDifferences(String op, long[] a, long[] b, long opset) {
        TinyModel m = TinyModel.opset(opset).input("a", a).input("b", b);
        m.nodes().op(op).in("a", "b").into("y");
        GradientCheck check = GradientCheck.of(m, "y", Arrays.hashCode(a) * 31L + Arrays.hashCode(b)).step(step(op));
        // divisors kept away from 0
        if (op.equals("Div")) check.values("b", awayFromZero(size(b), 0.5));
        check.check("a", "b");
    }

    /**
     * Central differences are exact (up to rounding) for Add, Sub and Mul, which are at most quadratic
     * along any direction, so a larger step only lowers the float32 rounding noise of f, which matters
     * where the seeded sum over few outputs nearly cancels. For Div with |b| ≥ 0.5 the truncation error
     * (h·v/b)² stays below 1e-4 at h = 3e-3.
     */
    static double step(String op) {
        return op.equals("Div") ? 3e-3 : 1e-2;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Add", "Sub", "Mul", "Div"})
    void constantOperandEitherSide(String op) {
        long[] x = {1, 3, 4, 5};
        float[] c = gaussian(3, 9);
        for (int i = 0; i < c.length; i++) c[i] = Math.copySign(0.5f + Math.abs(c[i]), c[i]);
        TinyModel m = TinyModel.opset(13).input("x", x).initializer("c", c, 3, 1, 1);
        String left = m.nodes().op(op).in("x", "c").out();
        m.nodes().op(op).in("c", "x").into("y0");
        // y = (c op x) op' (x op c) would mix ops; keep two separate outputs by adding them
        m.nodes().op("Add").in(left, "y0").into("y");
        GradientCheck check = GradientCheck.of(m, "y").step(step(op));
        // 1/x and x/c: keep x away from 0 for Div
        if (op.equals("Div")) check.values("x", awayFromZero(size(x), 0.5));
        check.check("x");
    }

    @Test
    void sameTensorOnBothSides() {
        long[] x = {1, 2, 3, 3};
        for (String op : new String[] {"Add", "Sub", "Mul", "Div"}) {
            TinyModel m = TinyModel.opset(13).input("x", x).initializer("c", gaussian(size(x), 4), x);
            String r = m.nodes().op(op).in("x", "x").out();
            // Sub and Div of x with itself are constant: add a term so the output still depends on x
            m.nodes().op("Add").in(r, m.nodes().op("Mul").in("x", "c").out()).into("y");
            GradientCheck check = GradientCheck.of(m, "y").step(step(op));
            if (op.equals("Div")) check.values("x", awayFromZero(size(x), 0.5));
            check.check("x");
        }
    }
}
