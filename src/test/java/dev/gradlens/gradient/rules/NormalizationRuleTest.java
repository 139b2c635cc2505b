package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.gradlens.gradient.rules.RuleTestSupport.gaussian;

/** LayerNormalization (opset 17) and InstanceNormalization against finite differences. */
class NormalizationRuleTest {

    @ParameterizedTest(name = "LayerNormalization axis {0} of 1x5x6")
    @CsvSource({"-1, 6", "2, 6", "1, 30"})
    void layerNorm(long axis, int normalized) {
        long[] scaleDims = normalized == 6 ? new long[] {6} : new long[] {5, 6};
        TinyModel m = TinyModel.opset(17).input("x", 1, 5, 6)
                .initializer("scale", plusOne(gaussian(normalized, 3)), scaleDims)
                .initializer("bias", gaussian(normalized, 4), scaleDims);
        m.nodes().op("LayerNormalization").in("x", "scale", "bias").attr("axis", axis).attr("epsilon", 1e-5f).into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** Scale computed on the way (not an initializer), no bias. */
    @Test
    void layerNormComputedScaleNoBias() {
        TinyModel m = TinyModel.opset(17).input("x", 1, 4, 6).initializer("s", plusOne(gaussian(6, 5)), 6);
        m.nodes().op("Identity").in("s").into("scale");
        m.nodes().op("LayerNormalization").in("x", "scale").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    @Test
    void instanceNorm() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 4, 5)
                .initializer("scale", plusOne(gaussian(3, 6)), 3).initializer("bias", gaussian(3, 7), 3);
        m.nodes().op("InstanceNormalization").in("x", "scale", "bias").attr("epsilon", 1e-5f).into("y");
        GradientCheck.of(m, "y").check("x");
    }

    private static float[] plusOne(float[] v) {
        for (int i = 0; i < v.length; i++) v[i] = 1 + 0.3f * v[i];
        return v;
    }
}
