package dev.gradlens.gradient.rules;

import dev.gradlens.GradLensException;
import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MatMul against finite differences: 2-D × 2-D, batched N-D with broadcasting, both operands on the
 * path, 1-D operands; and the operands whose gradient has nowhere to carry the seed batch.
 */
class MatMulRuleTest {

    private static long[] dims(String s) {
        return Arrays.stream(s.split("x")).mapToLong(Long::parseLong).toArray();
    }

    /** A constant operand: weights. a/b shapes; which = "a", "b" or "ab": the operands that are differentiated graph inputs. */
    @ParameterizedTest(name = "opset={0} a={1} b={2} wrt={3}")
    @CsvSource({
            "7, 1x4, 4x3, a", "13, 1x4, 4x3, a", "13, 1x2x3x4, 4x5, a", "13, 1x3x4, 1x4x5, ab", "13, 1x2x3x4, 1x2x4x5, ab",
            "13, 1x2x3x4, 1x1x4x5, ab", "13, 1x1x3x4, 1x2x4x5, ab", "13, 1x2x4, 4, a", "13, 4, 1x2x4x3, b", "13, 1x1, 1x5, ab",
            "9, 1x3x4, 1x4x5, ab", "13, 1x5x4, 1x4x1, ab",
    })
    void gradientsMatchFiniteDifferences(long opset, String a, String b, String wrt) {
        Random rnd = new Random(a.hashCode() * 31L + b.hashCode());
        TinyModel m = TinyModel.opset(opset);
        if (wrt.contains("a")) m.input("a", dims(a));
        if (wrt.contains("b")) m.input("b", dims(b));
        if (!wrt.contains("a")) m.initializer("a", Inputs.gaussian(rnd, Inputs.size(dims(a))), dims(a));
        if (!wrt.contains("b")) m.initializer("b", Inputs.gaussian(rnd, Inputs.size(dims(b))), dims(b));
        m.nodes().op("MatMul").in("a", "b").into("p");
        m.nodes().op("Tanh").in("p").into("y");
        String[] targets = wrt.chars().mapToObj(c -> String.valueOf((char) c)).toArray(String[]::new);
        GradientCheck.of(m, "y").check(targets);
    }

    /** A 2-D right operand is contracted along axis 0, which would have to carry the seed batch. */
    @Test
    void inputDependentTwoDimensionalRightOperandIsRefused() {
        TinyModel m = TinyModel.opset(13).input("a", 1, 4).input("b", 4, 3);
        m.nodes().op("MatMul").in("a", "b").into("y");
        GradLensException e = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("b"));
        assertTrue(e.getMessage().contains("cannot carry the seed batch"), e.getMessage());
    }

    /** A lower-rank left operand broadcast over the batch has no seed axis. */
    @Test
    void broadcastLeftOperandIsRefused() {
        TinyModel m = TinyModel.opset(13).input("a", 3, 4).input("b", 1, 4, 5);
        m.nodes().op("MatMul").in("a", "b").into("y");
        GradLensException e = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("a"));
        assertTrue(e.getMessage().contains("no axis for the seed batch"), e.getMessage());
    }

    /** Both operands derived from one input (self-attention-like): contributions add up. */
    @Test
    void bothOperandsFromOneInput() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 4);
        m.nodes().op("Transpose").in("x").attr("perm", new long[] {0, 2, 1}).into("xt");
        m.nodes().op("MatMul").in("x", "xt").into("s");          // [1, 3, 3]
        m.nodes().op("Softmax").in("s").attr("axis", -1L).into("w");
        m.nodes().op("MatMul").in("w", "x").into("y");           // [1, 3, 4]
        GradientCheck.of(m, "y").check("x");
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        Random rnd = new Random(4);
        TinyModel w = TinyModel.opset(13).input("a", 1, 2, 3, 4).initializer("b", Inputs.gaussian(rnd, 20), 4, 5);
        w.nodes().op("MatMul").in("a", "b").into("p");
        w.nodes().op("Tanh").in("p").into("y");
        BatchRun.check(w, "y", "a");
        TinyModel both = TinyModel.opset(13).input("a", 1, 2, 3, 4).input("b", 1, 1, 4, 5);
        both.nodes().op("MatMul").in("a", "b").into("p");
        both.nodes().op("Tanh").in("p").into("y");
        BatchRun.check(both, "y", "a", "b");
    }
}
