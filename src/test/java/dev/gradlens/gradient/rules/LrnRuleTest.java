package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.gradient.RectifierPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * LRN against finite differences, with alpha large enough that the cross-channel term of the
 * derivative matters. ONNX Runtime's CPU kernel only accepts odd sizes (its constructor checks
 * size % 2 == 1), so the asymmetric windows of even sizes, which the rule follows as the spec
 * defines them, cannot be checked here.
 */
class LrnRuleTest {

    /** alpha/beta/bias "default" keeps the attribute out. */
    @ParameterizedTest(name = "opset={0} size={1} alpha={2} beta={3} bias={4} shape={5}")
    @CsvSource({
            "7, 3, 0.5, 0.75, 1, 1x6x4x5", "13, 5, 2.0, 0.75, 2, 1x7x3x3", "13, 3, 1.0, 0.5, 1, 1x2x4x4",
            "13, 9, 1.5, 1.2, 0.5, 1x6x2x3", "13, 1, 3.0, 0.75, 1, 1x3x4x4", "7, 7, 2.5, 0.3, 1.5, 1x4x3x3",
            "13, 3, default, default, default, 1x5x4x4", "13, 5, 1.0, 0.75, 1, 1x6x3x2",
    })
    void inputGradientMatchesFiniteDifferences(long opset, long size, String alpha, String beta, String bias, String shape) {
        long[] x = java.util.Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).toArray();
        TinyModel m = TinyModel.opset(opset).input("x", x);
        var n = m.nodes().op("LRN").in("x").attr("size", size);
        if (!alpha.equals("default")) n.attr("alpha", Float.parseFloat(alpha));
        if (!beta.equals("default")) n.attr("beta", Float.parseFloat(beta));
        if (!bias.equals("default")) n.attr("bias", Float.parseFloat(bias));
        n.into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** The STANDARD and GUIDED chains share the forward-derived d tensors; LRN is not a rectifier, so both agree. */
    @Test
    void chainsShareTheNormalizer() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 5, 3, 3);
        m.nodes().op("LRN").in("x").attr("size", 3L).attr("alpha", 1.0f).into("y");
        Random rnd = new Random(12);
        float[] x = Inputs.gaussian(rnd, 45);
        float[] seeds = Inputs.gaussian(rnd, 90);
        var both = PolicyRun.gradients(m, "y", "x", new RectifierPolicy[] {RectifierPolicy.STANDARD, RectifierPolicy.GUIDED},
                Map.of("x", x), seeds, 2);
        assertArrayEquals(both.get(RectifierPolicy.STANDARD), both.get(RectifierPolicy.GUIDED));
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 5, 3, 3);
        m.nodes().op("LRN").in("x").attr("size", 3L).attr("alpha", 1.0f).into("y");
        BatchRun.check(m, "y", "x");
    }
}
