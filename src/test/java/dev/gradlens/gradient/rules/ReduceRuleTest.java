package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

/**
 * ReduceSum and ReduceMean against finite differences: axes as attribute (ReduceSum before 13,
 * ReduceMean before 18) or input, negative axes, keepdims, absent/empty axes, noop_with_empty_axes.
 */
class ReduceRuleTest {

    /**
     * @param axes "2;3", "none" (no axes given) or "empty" (an empty axes input)
     * @param keepdims -1 for the default
     * @param noop -1 for the default
     */
    @ParameterizedTest(name = "{0} opset={1} axes={2} keepdims={3} noop={4}")
    @CsvSource({
            "ReduceSum, 7, 2;3, -1, -1", "ReduceMean, 7, 1, 0, -1", "ReduceSum, 7, none, 1, -1",
            "ReduceSum, 11, -1, 0, -1", "ReduceMean, 11, 1;-1, 1, -1", "ReduceMean, 11, none, -1, -1",
            "ReduceSum, 13, 2;3, 1, -1", "ReduceSum, 13, -2, 0, -1", "ReduceSum, 13, none, 1, 0",
            "ReduceSum, 13, none, 0, 1", "ReduceSum, 13, empty, 1, 0", "ReduceSum, 13, 0;1, 1, -1",
            "ReduceMean, 13, 3;1, 0, -1", "ReduceMean, 13, none, 1, -1",
            "ReduceMean, 18, 2;3, 1, -1", "ReduceMean, 18, -3;-1, 0, -1", "ReduceMean, 18, none, 1, -1",
            "ReduceMean, 18, none, 1, 1", "ReduceMean, 18, empty, -1, 0", "ReduceSum, 18, 1;2;3, 0, -1",
    })
    void inputGradientMatchesFiniteDifferences(String op, long opset, String axes, int keepdims, int noop) {
        boolean axesInput = opset >= (op.equals("ReduceMean") ? 18 : 13);
        long[] a = axes.equals("none") || axes.equals("empty") ? new long[0]
                : Arrays.stream(axes.split(";")).mapToLong(Long::parseLong).toArray();
        TinyModel m = TinyModel.opset(opset).input("x", 1, 3, 4, 5);
        if (axesInput && !axes.equals("none")) m.longInitializer("axes", a, a.length);
        var n = m.nodes().op(op).in("x");
        if (axesInput && !axes.equals("none")) n.in("axes");
        if (!axesInput && !axes.equals("none")) n.attr("axes", a);
        if (keepdims >= 0) n.attr("keepdims", (long) keepdims);
        if (noop >= 0) n.attr("noop_with_empty_axes", (long) noop);
        n.into("r");
        // A nonlinearity after the reduction makes the incoming gradient differ per position.
        m.nodes().op("Tanh").in("r").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        TinyModel m = TinyModel.opset(18).input("x", 1, 3, 4, 5).longInitializer("axes", new long[] {-1, 2}, 2);
        m.nodes().op("ReduceMean").in("x", "axes").attr("keepdims", 0L).into("r");
        m.nodes().op("Tanh").in("r").into("y");
        BatchRun.check(m, "y", "x");
        TinyModel s = TinyModel.opset(7).input("x", 1, 3, 4, 5);
        s.nodes().op("ReduceSum").in("x").attr("axes", new long[] {1, 3}).into("r");
        s.nodes().op("Tanh").in("r").into("y");
        BatchRun.check(s, "y", "x");
    }
}
