package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** PRelu with broadcast slopes: true derivative against finite differences, and the rectifier policies. */
class PReluRuleTest {

    /** slope kinds: channel = [C,1,1] positive; mixed = [C,1,1] with a negative entry; scalar = [1]; last = [W]. */
    private static TinyModel model(long opset, String kind) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 3, 4, 5);
        switch (kind) {
            case "channel" -> m.initializer("slope", new float[] {0.1f, 0.25f, 0f}, 3, 1, 1);
            case "mixed" -> m.initializer("slope", new float[] {0.1f, -0.4f, 1.5f}, 3, 1, 1);
            case "scalar" -> m.initializer("slope", new float[] {0.3f}, 1);
            case "last" -> m.initializer("slope", new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f}, 5);
            default -> throw new IllegalArgumentException(kind);
        }
        m.nodes().op("PRelu").in("x", "slope").into("y");
        return m;
    }

    @ParameterizedTest(name = "opset={0} slope={1}")
    @CsvSource({"7, channel", "9, mixed", "16, scalar", "13, last", "13, channel"})
    void inputGradientMatchesFiniteDifferences(long opset, String kind) {
        GradientCheck.of(model(opset, kind), "y").values("x", Inputs.avoiding(60, -3, 3, 0.05, 0)).check("x");
    }

    @Test
    void slopeComputedInTheGraph() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 4, 5).input("s", 3, 1, 1);
        m.nodes().op("PRelu").in("x", "s").into("y");
        GradientCheck.of(m, "y").values("x", Inputs.avoiding(60, -3, 3, 0.05, 0)).check("x");
    }

    @ParameterizedTest
    @EnumSource(RectifierPolicy.class)
    void policiesFollowTheRectifierRule(RectifierPolicy policy) {
        float[] slope = {0.1f, -0.4f, 1.5f};
        Random rnd = new Random(5);
        float[] x = Inputs.avoiding(60, -3, 3, 0.05, 0).apply(rnd);
        float[] seeds = Inputs.gaussian(rnd, 120);
        float[] got = PolicyRun.gradient(model(13, "mixed"), "y", "x", policy, Map.of("x", x), seeds, 2);
        float[] want = new float[120];
        for (int i = 0; i < 120; i++) {
            int j = i % 60;
            want[i] = PolicyRun.expected(policy, seeds[i], x[j] > 0 ? 1f : slope[j / 20]);
        }
        assertArrayEquals(want, got, 1e-6f);
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        BatchRun.check(model(13, "mixed"), "y", "x");
        BatchRun.check(model(13, "channel"), "y", "x");
    }
}
