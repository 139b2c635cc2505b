package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Where: both data inputs against finite differences (broadcast condition and operands), and a hand-worked case. */
class WhereRuleTest {

    @Test
    void dataInputsMatchFiniteDifferences() {
        TinyModel m = TinyModel.opset(13).input("a", 1, 3, 4).input("b", 1, 1, 4).input("c", 1, 3, 1);
        m.nodes().op("Greater").in("c", "b").into("cond"); // [1,3,4] condition from the data (no gradient through it)
        m.nodes().op("Where").in("cond", "a", "b").into("y");
        // keep c and b apart so the condition does not flip within a finite-difference step
        GradientCheck.of(m, "y").values("c", new float[] {-5f, 5f, -5f}).check("a", "b");
    }

    /** cond = [true, false, true]: da = g·[1, 0, 1], db (a broadcast scalar) = g₂. */
    @Test
    void handWorked() {
        TinyModel m = TinyModel.opset(13).input("a", 1, 3).input("b", 1, 1).input("c", 1, 3);
        m.nodes().op("Greater").in("c", "b").into("cond");
        m.nodes().op("Where").in("cond", "a", "b").into("y");
        var check = GradientCheck.of(m, "y").values("c", new float[] {9f, -9f, 9f}).values("b", new float[] {0f});
        var g = check.gradients(dev.gradlens.gradient.RectifierPolicy.STANDARD, new float[] {1f, 2f, 3f}, 1, "a", "b");
        assertArrayEquals(new float[] {1f, 0f, 3f}, g.get("a"), 0f);
        assertArrayEquals(new float[] {2f}, g.get("b"), 0f);
    }
}
