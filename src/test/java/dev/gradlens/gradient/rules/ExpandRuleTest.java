package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expand against finite differences: the gradient summed back over every broadcast axis, per seed. */
class ExpandRuleTest {

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({"1x3x1, 1x3x4", "1x1x4, 1x3x4", "3x1, 1x3x5", "1x3x4, 1x3x4"})
    void constantShape(String from, String to) {
        long[] a = dims(from), b = dims(to);
        TinyModel m = TinyModel.opset(13).input("x", a).longInitializer("shape", b, b.length);
        m.nodes().op("Expand").in("x", "shape").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** The shape computed in the graph (Shape of another tensor): a static value measured by the probe. */
    @Test
    void computedShape() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 1).input("other", 1, 3, 4);
        m.nodes().op("Shape").in("other").into("s");
        m.nodes().op("Expand").in("x", "s").into("e");
        m.nodes().op("Mul").in("e", "other").into("y");
        GradientCheck.of(m, "y").check("x", "other");
    }

    static long[] dims(String s) {
        return java.util.Arrays.stream(s.split("x")).mapToLong(Long::parseLong).toArray();
    }
}
