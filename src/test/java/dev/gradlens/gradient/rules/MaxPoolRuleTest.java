package dev.gradlens.gradient.rules;

import dev.gradlens.GradLensException;
import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.onnx.GraphEditor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.gradlens.gradient.rules.RuleTestSupport.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MaxPool: overlapping windows (k3 s2), ceil_mode, pads, dilations, auto_pad, 1-D, 2-D and 3-D, opsets
 * 8 to 13. Inputs are distinct values 0.05 apart, so no window has a tie and no small step changes an argmax.
 */
class MaxPoolRuleTest {
    static final long[] X2 = {1, 2, 9, 8}, X1 = {1, 3, 11}, X3 = {1, 2, 5, 4, 4};

    static Stream<PoolCase> cases() {
        return Stream.of(
                PoolCase.of(8, X2, 3, 3).strides(2, 2),
                PoolCase.of(11, X2, 3, 3).strides(2, 2),
                PoolCase.of(13, X2, 3, 3).strides(2, 2),
                PoolCase.of(8, X2, 2, 2).strides(2, 2),
                PoolCase.of(13, X2, 2, 2).strides(2, 2),
                PoolCase.of(8, X2, 3, 3).pads(1, 1, 1, 1),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).pads(1, 1, 1, 1),
                PoolCase.of(10, X2, 3, 3).strides(2, 2).ceil(),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).ceil(),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).pads(1, 1, 1, 1).ceil(),
                // ceil_mode with stride > kernel: the last row window starts at 9 of 10, a partial window.
                // Not [1, 2, 9, 8] here: there the ceil window would start at 9, past the input; ONNX Runtime's kernel
                // drops it (3 rows) while the ONNX shape inference it runs at load keeps it (4 rows), so any graph in
                // which that output meets a tensor of fixed shape fails to load (with 3) or to run (with 4), a plain
                // forward `MaxPool + constant` included. The gradient graph's window constants are such tensors.
                PoolCase.of(13, new long[] {1, 2, 10, 8}, 2, 2).strides(3, 3).ceil(),
                PoolCase.of(10, X2, 2, 2).dilations(2, 2),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).dilations(2, 2).pads(2, 2, 2, 2),
                PoolCase.of(12, X2, 3, 3).strides(2, 2).dilations(2, 1).pads(1, 0, 2, 1).ceil(),
                PoolCase.of(13, X2, 3, 3).strides(1, 2).pads(0, 1, 1, 0),
                PoolCase.of(13, X2, 3, 2).strides(2, 1),
                PoolCase.of(8, X2, 3, 3).strides(2, 2).autoPad("SAME_UPPER"),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).autoPad("SAME_UPPER"),
                PoolCase.of(13, X2, 2, 2).strides(2, 2).autoPad("SAME_LOWER"),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).autoPad("VALID"),
                PoolCase.of(8, X1, 3).strides(2),
                PoolCase.of(13, X1, 3).strides(2),
                PoolCase.of(13, X1, 3).strides(2).pads(1, 1).ceil(),
                PoolCase.of(11, X1, 2).dilations(2),
                PoolCase.of(13, X1, 4).strides(3).pads(2, 1).ceil(),
                PoolCase.of(13, X3, 2, 2, 2).strides(2, 2, 2),
                PoolCase.of(13, X3, 3, 3, 3).strides(2, 2, 2).pads(1, 1, 1, 1, 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesFiniteDifferences(PoolCase c) {
        GradientCheck.of(c.model("MaxPool"), "y").values("x", GradientCheck.spaced(size(c.input()), 0.05)).check("x");
    }

    /** A MaxPool whose Indices output the model already has (and uses): the rule reads it instead of adding one. */
    @Test
    void existingIndicesOutput() {
        TinyModel m = TinyModel.opset(13).input("x", X2);
        GraphEditor ed = m.nodes();
        var outs = ed.op("MaxPool").in("x").attr("kernel_shape", new long[] {3, 3}).attr("strides", new long[] {2, 2}).outs(2);
        // the indices feed a (non-differentiable) branch that ends in the score: Cast to float, times 0
        String idx = ed.op("Cast").in(outs.get(1)).attr("to", dev.gradlens.onnx.ElementType.FLOAT).out();
        ed.op("Add").in(outs.get(0), ed.mul(idx, ed.scalar(0f))).into("y");
        GradientCheck.of(m, "y").values("x", GradientCheck.spaced(size(X2), 0.05)).check("x");
    }

    /** Two MaxPools of one tensor (different windows): each gets its own indices. */
    @Test
    void twoPoolsOfOneTensor() {
        TinyModel m = TinyModel.opset(13).input("x", X2);
        GraphEditor ed = m.nodes();
        String a = ed.op("MaxPool").in("x").attr("kernel_shape", new long[] {3, 3}).attr("strides", new long[] {2, 2}).out();
        String b = ed.op("MaxPool").in("x").attr("kernel_shape", new long[] {2, 2}).attr("strides", new long[] {2, 2})
                .attr("pads", new long[] {1, 0, 0, 0}).out();
        // [1, 2, 4, 3] and [1, 2, 5, 4] pooled: flatten both and concatenate
        String fa = ed.op("Flatten").in(a).out(), fb = ed.op("Flatten").in(b).out();
        ed.op("Concat").in(fa, fb).attr("axis", 1L).into("y");
        GradientCheck.of(m, "y").values("x", GradientCheck.spaced(size(X2), 0.05)).check("x");
    }

    /**
     * Ties go to the first position of the window in row-major order (PyTorch's and ONNX Runtime's kernels):
     * worked by hand on a 4×4 plane of zeros and twos, k3 s2 p1 (resnet's stem pool) and k2 s2, with two seed rows
     * (1 and 3 times the pooled sum), at opsets 11 (index-free backward) and 8 (indices).
     */
    @ParameterizedTest(name = "opset {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {8, 11, 13})
    void tiesGoToTheFirstPositionOfTheWindow(long opset) {
        float[] x = {
                0, 0, 2, 2,
                0, 0, 0, 2,
                2, 0, 0, 0,
                2, 2, 0, 0};
        // k3 s2 p1 windows (rows/cols -1..1 and 1..3): w00 reads rows 0-1 cols 0-1 (all 0): first is (0,0);
        // w01 reads rows 0-1 cols 1-3: first 2 at (0,2); w10 rows 1-3 cols 0-1: first 2 at (2,0);
        // w11 rows 1-3 cols 1-3: max 2 only at (1,3)... and (3,1): row-major first is (1,3).
        float[] k3 = new float[16];
        k3[0] += 1;
        k3[2] += 1;
        k3[8] += 1;
        k3[7] += 1;
        // k2 s2: w00 all 0 -> (0,0); w01 {2,2,0,2} -> (0,2); w10 {2,0,2,2} -> (2,0); w11 all 0 -> (2,2)
        float[] k2 = new float[16];
        k2[0] += 1;
        k2[2] += 1;
        k2[8] += 1;
        k2[10] += 1;
        for (boolean big : new boolean[] {true, false}) {
            TinyModel m = TinyModel.opset(opset).input("x", 1, 1, 4, 4);
            var pool = m.nodes().op("MaxPool").in("x").attr("kernel_shape", big ? new long[] {3, 3} : new long[] {2, 2})
                    .attr("strides", new long[] {2, 2});
            if (big) pool.attr("pads", new long[] {1, 1, 1, 1});
            pool.into("y");
            float[] seeds = {1, 1, 1, 1, 3, 3, 3, 3};
            float[] g = GradientCheck.of(m, "y").values("x", x).gradients(dev.gradlens.gradient.RectifierPolicy.STANDARD, seeds, 2, "x").get("x");
            float[] want = big ? k3 : k2;
            for (int s = 0; s < 2; s++) {
                for (int i = 0; i < 16; i++) {
                    assertEquals(want[i] * (s == 0 ? 1 : 3), g[s * 16 + i], 0, (big ? "k3 s2 p1" : "k2 s2") + " seed " + s + " position " + i);
                }
            }
        }
    }

    /** Before opset 8 MaxPool has no Indices output: a clear error naming the node, not a broken graph. */
    @Test
    void opset7IsRefused() {
        TinyModel m = TinyModel.opset(7).input("x", X2);
        m.nodes().op("MaxPool").in("x").attr("kernel_shape", new long[] {2, 2}).attr("strides", new long[] {2, 2}).into("y");
        GradLensException e = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("x"));
        assertTrue(e.getMessage().contains("MaxPool") && e.getMessage().contains("opset 8"), e.getMessage());
    }

    /** Column-major indices (storage_order = 1) are refused with a message saying so. */
    @Test
    void storageOrderOneIsRefused() {
        TinyModel m = TinyModel.opset(13).input("x", X2);
        m.nodes().op("MaxPool").in("x").attr("kernel_shape", new long[] {2, 2}).attr("storage_order", 1L).into("y");
        GradLensException e = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("x"));
        assertTrue(e.getMessage().contains("storage_order"), e.getMessage());
    }
}
