package dev.gradlens.gradient.rules;

import dev.gradlens.GradLensException;
import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slice against finite differences: attribute form (opset &lt; 10) and inputs, negative and
 * out-of-range (clamped) indices, omitted and negative axes, steps &gt; 1 and negative steps.
 */
class SliceRuleTest {

    private static long[] longs(String s) {
        return Arrays.stream(s.split(";")).mapToLong(v -> switch (v) {
            case "max" -> Long.MAX_VALUE;
            case "min" -> Long.MIN_VALUE;
            default -> Long.parseLong(v);
        }).toArray();
    }

    /** axes/steps "-" when omitted. Input is [1, 5, 7, 6]. */
    @ParameterizedTest(name = "opset={0} starts={1} ends={2} axes={3} steps={4}")
    @CsvSource({
            "7, 1;2, 4;6, 1;2, -", "9, 0;0;1, 1;3;-1, -, -", "9, -3, 100, 3, -", "9, 1, -1, -2, -",
            "10, 1;2, 4;6, 1;2, -", "10, -4;-100, -1;100, 2;1, -", "10, 0;1, 1;-2, -, -",
            "11, 1;0, 5;7, 1;-2, 2;3", "13, 6;4, min;0, 2;1, -1;-2", "13, -1, max, 3, 1",
            "13, 4;0, -6;6, 1;3, -1;4", "13, 100, -100, 2, -2", "13, 0;1;0;1, 1;4;7;6, 0;1;2;3, 1;2;3;4",
            "13, 1, 4, -1, 2", "18, 5;2, 0;3, 2;3, -2;1",
    })
    void inputGradientMatchesFiniteDifferences(long opset, String starts, String ends, String axes, String steps) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 5, 7, 6);
        if (opset >= 10) {
            m.longInitializer("starts", longs(starts), longs(starts).length).longInitializer("ends", longs(ends), longs(ends).length);
            if (!axes.equals("-")) m.longInitializer("axes", longs(axes), longs(axes).length);
            if (!steps.equals("-")) m.longInitializer("steps", longs(steps), longs(steps).length);
            var n = m.nodes().op("Slice").in("x", "starts", "ends");
            if (!axes.equals("-") || !steps.equals("-")) n.in(axes.equals("-") ? "" : "axes");
            if (!steps.equals("-")) n.in("steps");
            n.into("s");
        } else {
            var n = m.nodes().op("Slice").in("x").attr("starts", longs(starts)).attr("ends", longs(ends));
            if (!axes.equals("-")) n.attr("axes", longs(axes));
            n.into("s");
        }
        m.nodes().op("Tanh").in("s").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /**
     * Starts computed from shapes alone (ShuffleNet-v2's channel split: Shape → Gather → Div): the probe measures
     * them for the opened size and the builder uses them as constants. Here start = Shape(x)[0] = 1.
     */
    @Test
    void startsComputedFromShapesAreStatic() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 5, 7, 6).longInitializer("ends", new long[] {4}, 1)
                .longInitializer("axes", new long[] {1}, 1);
        String shape = m.nodes().op("Shape").in("x").out();
        String start = m.nodes().op("Slice").in(shape, m.nodes().constLongs("s", new long[] {0}, 1),
                m.nodes().constLongs("e", new long[] {1}, 1)).out(); // [1]
        m.nodes().op("Slice").in("x", start, "ends", "axes").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** Starts that depend on the input's values (not only its shape) are still refused. */
    @Test
    void startsComputedFromDataAreRefused() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 5, 7, 6).longInitializer("ends", new long[] {4}, 1)
                .longInitializer("axes", new long[] {1}, 1);
        String sum = m.nodes().op("ReduceSum").in("x").attr("keepdims", 0L).out();
        String positive = m.nodes().op("Greater").in(sum, m.nodes().scalar(0f)).out();
        String flag = m.nodes().op("Cast").in(positive).attr("to", 7L).out();
        String start = m.nodes().unsqueeze(flag, 0);
        m.nodes().op("Slice").in("x", start, "ends", "axes").into("y");
        GradLensException e = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("x"));
        assertTrue(e.getMessage().contains("starts input must be a constant"), e.getMessage());
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 5, 7, 6).longInitializer("starts", new long[] {1, -1}, 2)
                .longInitializer("ends", new long[] {7, 0}, 2).longInitializer("axes", new long[] {2, 3}, 2)
                .longInitializer("steps", new long[] {2, -2}, 2);
        m.nodes().op("Slice").in("x", "starts", "ends", "axes", "steps").into("s");
        m.nodes().op("Tanh").in("s").into("y");
        BatchRun.check(m, "y", "x");
    }
}
