package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.gradlens.gradient.rules.RuleTestSupport.gaussian;

/** GroupNormalization against finite differences: per-group scale (opset 18) and per-channel scale (21), 1, 2 and C groups. */
class GroupNormalizationRuleTest {

    @ParameterizedTest(name = "opset {0} groups {1}")
    @CsvSource({"18, 2", "18, 1", "18, 6", "21, 3", "21, 2"})
    void inputGradientMatchesFiniteDifferences(long opset, int groups) {
        int n = opset >= 21 ? 6 : groups;
        float[] scale = gaussian(n, 8);
        for (int i = 0; i < n; i++) scale[i] = 1 + 0.3f * scale[i];
        TinyModel m = TinyModel.opset(opset).input("x", 1, 6, 3, 4).initializer("scale", scale, n).initializer("bias", gaussian(n, 9), n);
        m.nodes().op("GroupNormalization").in("x", "scale", "bias").attr("num_groups", (long) groups).attr("epsilon", 1e-5f).into("y");
        GradientCheck.of(m, "y").check("x");
    }
}
