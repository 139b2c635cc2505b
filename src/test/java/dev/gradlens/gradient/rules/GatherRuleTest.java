package dev.gradlens.gradient.rules;

import dev.gradlens.GradLensException;
import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.onnx.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gather with constant indices against finite differences: every non-batch axis, negative axis,
 * scalar / 1-D / 2-D indices, negative and repeated indices, initializer or Constant node.
 */
class GatherRuleTest {

    /** indices "3" (scalar), "[0;2]" (1-D), "[[0;1];[3;-1]]"-like 2-D as "2x2:0;1;3;-1". Input is [1, 4, 5, 6]. */
    @ParameterizedTest(name = "opset={0} axis={1} indices={2} constantNode={3}")
    @CsvSource({
            "7, 1, 2, false", "13, 2, -1, false", "13, 3, 0, true", "11, -1, 5, false",
            "13, 1, [1;2;3], false", "13, 2, [0;4], true", "7, 3, [5;0;5;-6;2], false", "13, 1, [3;2;1;0], false",
            "13, 2, 2x3:0;1;2;4;-1;1, false", "11, 3, 1x2:2;3, true", "13, -2, [-5;-4], false", "13, 3, [1;1;1], false",
    })
    void inputGradientMatchesFiniteDifferences(long opset, long axis, String indices, boolean constantNode) {
        long[] values;
        long[] dims;
        if (indices.startsWith("[")) {
            values = Arrays.stream(indices.substring(1, indices.length() - 1).split(";")).mapToLong(Long::parseLong).toArray();
            dims = new long[] {values.length};
        } else if (indices.contains("x")) {
            String[] p = indices.split(":");
            dims = Arrays.stream(p[0].split("x")).mapToLong(Long::parseLong).toArray();
            values = Arrays.stream(p[1].split(";")).mapToLong(Long::parseLong).toArray();
        } else {
            values = new long[] {Long.parseLong(indices)};
            dims = new long[0];
        }
        GradientCheck.of(build(opset, axis, values, dims, constantNode), "y").check("x");
    }

    private static TinyModel build(long opset, long axis, long[] values, long[] dims, boolean constantNode) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 4, 5, 6);
        if (!constantNode) m.longInitializer("idx", values, dims);
        if (constantNode) m.nodes().op("Constant").attr("value", Tensors.longs("idx_value", values, dims)).into("idx");
        m.nodes().op("Gather").in("x", "idx").attr("axis", axis).into("g");
        m.nodes().op("Tanh").in("g").into("y");
        return m;
    }

    @Test
    void computedIndicesAreRefused() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 4, 5, 6).input("f", 2);
        String idx = m.nodes().op("Cast").in("f").attr("to", 7L).out();
        m.nodes().op("Gather").in("x", idx).attr("axis", 1L).into("y");
        GradLensException e = assertThrows(GradLensException.class,
                () -> GradientCheck.of(m, "y").values("f", new float[] {0, 2}).check("x"));
        assertTrue(e.getMessage().contains("indices must be a constant"), e.getMessage());
    }

    /**
     * Axis 0 (attention's q, k, v = qkv[0], qkv[1], qkv[2] on a [3, B·heads, N, d] tensor): the graph is
     * marked single-seed and checked one seed row per run (GradientCheck does what the engine does).
     */
    @Test
    void axisZeroMakesTheGraphSingleSeed() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 4, 5).longInitializer("w", new long[] {1}, 1);
        m.nodes().op("Transpose").in("x").attr("perm", new long[] {1, 0, 2}).into("t"); // [4, 1, 5]
        m.nodes().op("Gather").in("t", "w").attr("axis", 0L).into("g");                  // [1, 1, 5]
        m.nodes().op("Constant").attr("value", Tensors.longs("i", new long[] {2}, new long[0])).into("i2");
        m.nodes().op("Gather").in("t", "i2").attr("axis", 0L).into("h");                 // [1, 5]
        m.nodes().op("Mul").in("g", "h").into("y");
        GradientCheck.of(m, "y").check("x");
        var shapes = GradientCheck.of(m, "y").shapes();
        var built = new dev.gradlens.gradient.GradientGraphBuilder().build(m.build("y"), shapes, new dev.gradlens.gradient.GradientRequest("y", "seed",
                java.util.List.of(new dev.gradlens.gradient.GradientRequest.Wanted("x", dev.gradlens.gradient.RectifierPolicy.STANDARD, "gx")), java.util.List.of("y")));
        String why = dev.gradlens.gradient.GradientGraphBuilder.singleSeedReason(built);
        assertTrue(why != null && why.contains("axis 0"), "single-seed reason: " + why);
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        BatchRun.check(build(13, 2, new long[] {0, 1, 4, 4, -1, 2}, new long[] {2, 3}, false), "y", "x");
        BatchRun.check(build(13, 1, new long[] {2}, new long[0], true), "y", "x");
    }
}
