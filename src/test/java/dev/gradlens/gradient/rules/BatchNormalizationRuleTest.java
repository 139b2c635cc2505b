package dev.gradlens.gradient.rules;

import dev.gradlens.GradLensException;
import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BatchNormalization (inference form) against finite differences, statistics constant or computed. */
class BatchNormalizationRuleTest {

    private static float[] positive(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 0.2f + 2f * rnd.nextFloat();
        return v;
    }

    @ParameterizedTest(name = "opset={0} shape={1} eps={2}")
    @CsvSource({
            "7, 1x3x4x5, default", "9, 1x3x4x5, 0.001", "14, 1x3x4x5, default", "15, 1x3x4x5, 0.1",
            "9, 1x4, default", "15, 1x2x3x4x5, default", "14, 1x3x6, 0.01",
    })
    void constantStatistics(long opset, String shape, String eps) {
        long[] x = java.util.Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).toArray();
        int c = (int) x[1];
        Random rnd = new Random(opset * 7 + x.length);
        TinyModel m = TinyModel.opset(opset).input("x", x)
                .initializer("scale", Inputs.gaussian(rnd, c), c).initializer("b", Inputs.gaussian(rnd, c), c)
                .initializer("mean", Inputs.gaussian(rnd, c), c).initializer("var", positive(rnd, c), c);
        var n = m.nodes().op("BatchNormalization").in("x", "scale", "b", "mean", "var");
        if (!eps.equals("default")) n.attr("epsilon", Float.parseFloat(eps));
        if (opset >= 14) n.attr("training_mode", 0L);
        n.into("y");
        GradientCheck.of(m, "y").check("x");
    }

    @ParameterizedTest(name = "opset={0}")
    @CsvSource({"7", "9", "15"})
    void statisticsComputedInTheGraph(long opset) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 3, 4, 5)
                .input("scale", 3).input("b", 3).input("mean", 3).input("var", 3);
        m.nodes().op("BatchNormalization").in("x", "scale", "b", "mean", "var").attr("epsilon", 0.01f).into("y");
        GradientCheck.of(m, "y").values("var", r -> positive(r, 3)).check("x");
    }

    /** Opset 7 spatial = 0: statistics per activation, [C, H, W]. */
    @Test
    void perActivationStatisticsAtOpset7() {
        Random rnd = new Random(9);
        int n = 3 * 4 * 5;
        TinyModel m = TinyModel.opset(7).input("x", 1, 3, 4, 5)
                .initializer("scale", Inputs.gaussian(rnd, n), 3, 4, 5).initializer("b", Inputs.gaussian(rnd, n), 3, 4, 5)
                .initializer("mean", Inputs.gaussian(rnd, n), 3, 4, 5).initializer("var", positive(rnd, n), 3, 4, 5);
        m.nodes().op("BatchNormalization").in("x", "scale", "b", "mean", "var").attr("spatial", 0L).into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** A BatchNormalization after a Conv, the usual place (the factor must broadcast per channel). */
    @Test
    void afterConv() {
        Random rnd = new Random(2);
        TinyModel m = TinyModel.opset(13).input("x", 1, 2, 6, 6)
                .initializer("w", Inputs.gaussian(rnd, 4 * 2 * 9), 4, 2, 3, 3)
                .initializer("scale", Inputs.gaussian(rnd, 4), 4).initializer("b", Inputs.gaussian(rnd, 4), 4)
                .initializer("mean", Inputs.gaussian(rnd, 4), 4).initializer("var", positive(rnd, 4), 4);
        m.nodes().op("Conv").in("x", "w").attr("pads", new long[] {1, 1, 1, 1}).into("c");
        m.nodes().op("BatchNormalization").in("c", "scale", "b", "mean", "var").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** Training mode (batch statistics, three outputs) runs in ONNX Runtime but its derivative is not this rule's. */
    @Test
    void trainingModeIsRefused() {
        Random rnd = new Random(4);
        TinyModel m = TinyModel.opset(15).input("x", 1, 3, 4, 5)
                .initializer("scale", Inputs.gaussian(rnd, 3), 3).initializer("b", Inputs.gaussian(rnd, 3), 3)
                .initializer("mean", Inputs.gaussian(rnd, 3), 3).initializer("var", positive(rnd, 3), 3);
        String out = m.nodes().op("BatchNormalization").in("x", "scale", "b", "mean", "var").attr("training_mode", 1L).outs(3).get(0);
        m.nodes().op("Identity").in(out).into("y");
        GradLensException t = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("x"));
        assertTrue(t.getMessage().contains("training_mode = 1"), t.getMessage());
    }

    /** An exported model with its BatchNormalization nodes kept (not folded into the Convs). */
    @Test
    void sharedModel() {
        SharedModelCheck.check("batchnorm_unfolded.onnx", "BatchNormalization");
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        Random rnd = new Random(21);
        TinyModel m = TinyModel.opset(15).input("x", 1, 3, 4, 5)
                .initializer("scale", Inputs.gaussian(rnd, 3), 3).initializer("b", Inputs.gaussian(rnd, 3), 3)
                .initializer("mean", Inputs.gaussian(rnd, 3), 3).initializer("var", positive(rnd, 3), 3);
        m.nodes().op("BatchNormalization").in("x", "scale", "b", "mean", "var").into("y");
        BatchRun.check(m, "y", "x");
    }
}
