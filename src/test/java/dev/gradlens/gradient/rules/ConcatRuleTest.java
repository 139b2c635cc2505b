package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.onnx.GraphEditor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.gradlens.gradient.rules.RuleTestSupport.gaussian;
import static dev.gradlens.gradient.rules.RuleTestSupport.mixedSigns;
import static dev.gradlens.gradient.rules.RuleTestSupport.size;

/** Concat of several inputs along positive and negative axes: each input gets its slice of the gradient. */
class ConcatRuleTest {

    static Stream<Arguments> cases() {
        long[][] channels3 = {{1, 2, 3, 4}, {1, 3, 3, 4}, {1, 1, 3, 4}};
        long[][] last = {{1, 2, 3, 4}, {1, 2, 3, 2}};
        long[][] rows = {{1, 2, 3, 4}, {1, 2, 1, 4}, {1, 2, 2, 4}};
        long[][] features = {{1, 3}, {1, 5}, {1, 2}};
        return Stream.of(
                Arguments.of(7L, 1L, channels3), Arguments.of(11L, 1L, channels3), Arguments.of(13L, 1L, channels3),
                Arguments.of(11L, -3L, channels3), Arguments.of(13L, -3L, channels3),
                Arguments.of(10L, 3L, last), Arguments.of(11L, -1L, last), Arguments.of(13L, -1L, last),
                Arguments.of(13L, 2L, rows), Arguments.of(13L, -2L, rows),
                Arguments.of(7L, 1L, features), Arguments.of(13L, -1L, features));
    }

    @ParameterizedTest(name = "opset {0} axis {1}")
    @MethodSource("cases")
    void everyInputMatchesFiniteDifferences(long opset, long axis, long[][] shapes) {
        TinyModel m = TinyModel.opset(opset);
        String[] names = new String[shapes.length];
        for (int i = 0; i < shapes.length; i++) m.input(names[i] = "x" + i, shapes[i]);
        GraphEditor ed = m.nodes();
        String cat = ed.op("Concat").in(names).attr("axis", axis).out();
        // a multiplier after the concat so every slice position has its own weight
        ed.op("Mul").in(cat, ed.constFloats("w", mixedSigns(outSize(shapes, axis), 3), outShape(shapes, axis))).into("y");
        GradientCheck.of(m, "y").step(1e-2).check(names);
    }

    /** A constant input between graph inputs, and one tensor concatenated twice (its two slices add up). */
    @Test
    void constantInputAndRepeatedInput() {
        long[] s = {1, 2, 3, 3};
        TinyModel m = TinyModel.opset(13).input("x", s).input("z", 1, 1, 3, 3).initializer("k", gaussian(size(s), 5), s);
        GraphEditor ed = m.nodes();
        String cat = ed.op("Concat").in("x", "k", "z", "x").attr("axis", 1).out();
        long[][] parts = {s, s, {1, 1, 3, 3}, s};
        ed.op("Mul").in(cat, ed.constFloats("w", mixedSigns(outSize(parts, 1), 4), outShape(parts, 1))).into("y");
        GradientCheck.of(m, "y").step(1e-2).check("x", "z");
    }

    static long[] outShape(long[][] shapes, long axis) {
        long[] out = shapes[0].clone();
        int a = (int) (axis < 0 ? axis + out.length : axis);
        out[a] = 0;
        for (long[] s : shapes) out[a] += s[a];
        return out;
    }

    static int outSize(long[][] shapes, long axis) {
        return size(outShape(shapes, axis));
    }
}
