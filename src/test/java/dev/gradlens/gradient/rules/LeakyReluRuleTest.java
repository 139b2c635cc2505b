package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** LeakyRelu: true derivative against finite differences, and the rectifier policies exactly. */
class LeakyReluRuleTest {

    private static TinyModel model(long opset, String alpha) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 3, 4, 5);
        var n = m.nodes().op("LeakyRelu").in("x");
        if (!alpha.equals("default")) n.attr("alpha", Float.parseFloat(alpha));
        n.into("y");
        return m;
    }

    @ParameterizedTest(name = "opset={0} alpha={1}")
    @CsvSource({"7, default", "7, 0.2", "13, 0.01", "16, 0.5", "16, 0", "13, -0.3", "13, 1.7"})
    void inputGradientMatchesFiniteDifferences(long opset, String alpha) {
        GradientCheck.of(model(opset, alpha), "y").values("x", Inputs.avoiding(60, -3, 3, 0.05, 0)).check("x");
    }

    @ParameterizedTest
    @EnumSource(RectifierPolicy.class)
    void policiesFollowTheRectifierRule(RectifierPolicy policy) {
        float alpha = 0.2f;
        Random rnd = new Random(3);
        float[] x = Inputs.avoiding(60, -3, 3, 0.05, 0).apply(rnd);
        float[] seeds = Inputs.gaussian(rnd, 120);
        float[] got = PolicyRun.gradient(model(13, "0.2"), "y", "x", policy, Map.of("x", x), seeds, 2);
        float[] want = new float[120];
        for (int i = 0; i < 120; i++) {
            want[i] = PolicyRun.expected(policy, seeds[i], x[i % 60] > 0 ? 1f : alpha);
        }
        assertArrayEquals(want, got, 1e-6f);
    }

    /** All three chains in one graph share the derivative mask and still give each policy's own result. */
    @org.junit.jupiter.api.Test
    void chainsBuiltTogetherMatchChainsBuiltAlone() {
        Random rnd = new Random(6);
        float[] x = Inputs.avoiding(60, -3, 3, 0.05, 0).apply(rnd);
        float[] seeds = Inputs.gaussian(rnd, 120);
        var together = PolicyRun.gradients(model(13, "0.2"), "y", "x", RectifierPolicy.values(), Map.of("x", x), seeds, 2);
        for (RectifierPolicy p : RectifierPolicy.values()) {
            assertArrayEquals(PolicyRun.gradient(model(13, "0.2"), "y", "x", p, Map.of("x", x), seeds, 2), together.get(p), p.id());
        }
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        BatchRun.check(model(13, "0.2"), "y", "x");
    }
}
