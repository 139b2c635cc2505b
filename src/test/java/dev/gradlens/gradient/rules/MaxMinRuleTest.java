package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Elementwise Max/Min: finite differences away from ties (2 and 3 inputs, broadcasting), and the even tie split by hand. */
class MaxMinRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"Max", "Min"})
    void twoBroadcastInputs(String op) {
        TinyModel m = TinyModel.opset(13).input("a", 1, 3, 4).input("b", 1, 1, 4);
        m.nodes().op(op).in("a", "b").into("y");
        GradientCheck.of(m, "y").values("a", GradientCheck.spaced(12, 0.3)).values("b", new float[] {-1.05f, 0.15f, 0.45f, 1.35f}).check("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Max", "Min"})
    void threeInputsOpset7(String op) {
        TinyModel m = TinyModel.opset(8).input("a", 1, 6).input("b", 1, 6).input("c", 1, 6);
        m.nodes().op(op).in("a", "b", "c").into("y");
        GradientCheck.of(m, "y").values("a", GradientCheck.spaced(6, 0.7)).values("b", GradientCheck.spaced(6, 0.55))
                .values("c", new float[] {0.1f, -0.2f, 0.3f, -0.4f, 0.05f, -0.15f}).check("a", "b", "c");
    }

    /** a = b = 1 > c = 0: each tied input receives g/2, the smaller one nothing (PyTorch's torch.maximum split). */
    @ParameterizedTest
    @ValueSource(strings = {"Max", "Min"})
    void tiesSplitEvenly(String op) {
        TinyModel m = TinyModel.opset(13).input("a", 1, 2).input("b", 1, 2).input("c", 1, 2);
        m.nodes().op(op).in("a", "b", "c").into("y");
        float other = op.equals("Max") ? 0f : 2f;
        var check = GradientCheck.of(m, "y").values("a", new float[] {1f, 1f}).values("b", new float[] {1f, other}).values("c", new float[] {other, other});
        var g = check.gradients(RectifierPolicy.STANDARD, new float[] {4f, 6f}, 1, "a", "b", "c");
        assertArrayEquals(new float[] {2f, 6f}, g.get("a"), 0f);
        assertArrayEquals(new float[] {2f, 0f}, g.get("b"), 0f);
        assertArrayEquals(new float[] {0f, 0f}, g.get("c"), 0f);
    }
}
