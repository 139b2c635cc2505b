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

/** Einsum against finite differences: weight contractions, batched products with both operands on the path, implicit output, one operand. */
class EinsumRuleTest {

    private static long[] dims(String s) {
        return Arrays.stream(s.split("x")).mapToLong(Long::parseLong).toArray();
    }

    /** shapes "-" for an absent second operand; wrt: which operands ("a", "b", "ab") are differentiated inputs, the rest constants. */
    @ParameterizedTest(name = "{0} a={1} b={2} wrt={3}")
    @CsvSource({
            "'nchw,kc->nkhw', 1x3x4x5, 6x3, a",
            "'nchw,kc->nk', 1x3x4x5, 6x3, a",
            "'bij,bjk->bik', 1x3x4, 1x4x5, ab",
            "'bhqd,bhkd->bhqk', 1x2x3x4, 1x2x5x4, ab",
            "'ij,jk', 1x4, 4x3, a",
            "'nchw->nhwc', 1x3x4x5, -, a",
            "'nchw->nc', 1x3x4x5, -, a",
            "'nc,nc->nc', 1x6, 1x6, ab",
            "'n c h, c -> n h', 1x3x4, 3, a",
    })
    void gradientsMatchFiniteDifferences(String equation, String a, String b, String wrt) {
        Random rnd = new Random(equation.hashCode());
        TinyModel m = TinyModel.opset(13);
        if (wrt.contains("a")) m.input("a", dims(a));
        if (wrt.contains("b")) m.input("b", dims(b));
        if (!wrt.contains("b") && !b.equals("-")) m.initializer("b", Inputs.gaussian(rnd, Inputs.size(dims(b))), dims(b));
        var n = m.nodes().op("Einsum").in("a");
        if (!b.equals("-")) n.in("b");
        n.attr("equation", equation).into("e");
        m.nodes().op("Tanh").in("e").into("y");
        String[] targets = wrt.chars().mapToObj(c -> String.valueOf((char) c)).toArray(String[]::new);
        GradientCheck.of(m, "y").check(targets);
    }

    @Test
    void weightOperandOnThePathIsRefused() {
        TinyModel m = TinyModel.opset(13).input("a", 1, 3, 4, 5).input("w", 6, 3);
        m.nodes().op("Einsum").in("a", "w").attr("equation", "nchw,kc->nkhw").into("y");
        GradLensException e = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("w"));
        assertTrue(e.getMessage().contains("no axis for the seed batch"), e.getMessage());
    }

    @Test
    void ellipsisIsRefused() {
        TinyModel m = TinyModel.opset(13).input("a", 1, 3, 4).initializer("w", new float[12], 4, 3);
        m.nodes().op("Einsum").in("a", "w").attr("equation", "...j,jk->...k").into("y");
        GradLensException e = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("a"));
        assertTrue(e.getMessage().contains("ellipsis"), e.getMessage());
    }

    /** An exported model with Einsum 'nchw,kc->nkhw' (+Relu) between the last conv block and the head. */
    @Test
    void sharedModel() {
        SharedModelCheck.check("einsum_middle.onnx", "Einsum");
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        Random rnd = new Random(5);
        TinyModel w = TinyModel.opset(13).input("a", 1, 3, 4, 5).initializer("k", Inputs.gaussian(rnd, 18), 6, 3);
        w.nodes().op("Einsum").in("a", "k").attr("equation", "nchw,kc->nkhw").into("e");
        w.nodes().op("Tanh").in("e").into("y");
        BatchRun.check(w, "y", "a");
        TinyModel both = TinyModel.opset(13).input("a", 1, 3, 4).input("b", 1, 4, 5);
        both.nodes().op("Einsum").in("a", "b").attr("equation", "bij,bjk->bik").into("e");
        both.nodes().op("Tanh").in("e").into("y");
        BatchRun.check(both, "y", "a", "b");
        TinyModel one = TinyModel.opset(13).input("a", 1, 3, 4).input("b", 1, 4, 5);
        one.nodes().op("Einsum").in("a", "b").attr("equation", "bij,bjk->bik").into("e");
        one.nodes().op("Tanh").in("e").into("y");
        BatchRun.check(one, "y", "a");
    }
}
