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
 * Pad against finite differences: pads attribute (&lt; 11) or input, the axes input (18), positive
 * and negative (cropping) pads, pad value, and the constant, edge, reflect and wrap (19) modes.
 * Input is [1, 3, 5, 6].
 */
class PadRuleTest {

    @ParameterizedTest(name = "opset={0} mode={1} pads={2} axes={3} value={4}")
    @CsvSource({
            "7, constant, 0;0;1;2;0;0;2;1, -, -", "10, constant, 0;1;0;-1;0;0;-2;3, -, 0.5", "7, edge, 0;0;2;1;0;0;1;3, -, -",
            "10, reflect, 0;1;2;0;0;1;1;3, -, -",
            "11, constant, 0;0;1;1;0;0;1;1, -, -", "11, constant, 0;-1;-2;1;0;1;0;-3, -, 1.5", "13, edge, 0;2;0;1;0;0;3;4, -, -",
            "13, reflect, 0;0;4;2;0;0;3;5, -, -", "13, reflect, 0;2;-1;0;0;1;0;-2, -, -", "13, edge, 0;0;-2;1;0;0;1;-1, -, -",
            "18, constant, 2;-1;3;1, 2;3, -", "18, reflect, 1;2;2;3, -1;-2, -", "18, edge, 2;2, 1, -",
            "19, wrap, 0;0;2;3;0;0;4;1, -, -", "19, wrap, 4;2;-2;3, 3;2, -", "19, wrap, -1;3, 3, -", "19, edge, -2;3, 3, -", "19, constant, 0;0;0;0;0;0;0;0, -, -",
    })
    void inputGradientMatchesFiniteDifferences(long opset, String mode, String pads, String axes, String value) {
        long[] p = Arrays.stream(pads.split(";")).mapToLong(Long::parseLong).toArray();
        TinyModel m = TinyModel.opset(opset).input("x", 1, 3, 5, 6);
        if (opset >= 11) {
            m.longInitializer("pads", p, p.length);
            if (!value.equals("-")) m.initializer("value", new float[] {Float.parseFloat(value)});
            if (!axes.equals("-")) {
                long[] a = Arrays.stream(axes.split(";")).mapToLong(Long::parseLong).toArray();
                m.longInitializer("axes", a, a.length);
            }
            var n = m.nodes().op("Pad").in("x", "pads");
            if (!value.equals("-") || !axes.equals("-")) n.in(value.equals("-") ? "" : "value");
            if (!axes.equals("-")) n.in("axes");
            n.attr("mode", mode).into("p");
        } else {
            var n = m.nodes().op("Pad").in("x").attr("pads", p).attr("mode", mode);
            if (!value.equals("-")) n.attr("value", Float.parseFloat(value));
            n.into("p");
        }
        m.nodes().op("Tanh").in("p").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** ONNX Runtime wraps at most once (longer pads read zeros or garbage), so such pads are refused. */
    @Test
    void wrapLongerThanTheAxisIsRefused() {
        TinyModel m = TinyModel.opset(19).input("x", 1, 3, 5, 6).longInitializer("pads", new long[] {7, 1}, 2)
                .longInitializer("axes", new long[] {3}, 1);
        m.nodes().op("Pad").in("x", "pads", "", "axes").attr("mode", "wrap").into("y");
        GradLensException e = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("x"));
        assertTrue(e.getMessage().contains("wrap pads longer"), e.getMessage());
    }

    /** Pads computed from constants in the graph (Swin's window padding): static, measured by the probe. */
    @Test
    void padComputedFromConstantsIsStatic() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 5, 6);
        String pads = m.nodes().op("Cast").in(m.nodes().constFloats("p", new float[] {0, 0, 1, 1, 0, 0, 1, 1}, 8)).attr("to", 7L).out();
        m.nodes().op("Pad").in("x", pads).into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** Pads that depend on the input's values are refused. */
    @Test
    void padComputedFromDataIsRefused() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 5, 6);
        String sum = m.nodes().op("ReduceSum").in("x").attr("keepdims", 1L).out(); // [1,1,1,1]
        String flag = m.nodes().op("Cast").in(m.nodes().op("Greater").in(sum, m.nodes().scalar(-1e9f)).out()).attr("to", 7L).out();
        String pads = m.nodes().op("Concat").in(m.nodes().constLongs("first", new long[] {0, 0}, 2), m.nodes().reshape(flag, new long[] {1}),
                m.nodes().constLongs("rest", new long[] {1, 0, 0, 1, 1}, 5)).attr("axis", 0L).out();
        m.nodes().op("Pad").in("x", pads).into("y");
        GradLensException e = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("x"));
        assertTrue(e.getMessage().contains("pads input must be a constant"), e.getMessage());
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        for (String mode : new String[] {"constant", "reflect", "edge"}) {
            TinyModel m = TinyModel.opset(13).input("x", 1, 3, 5, 6).longInitializer("pads", new long[] {0, 0, 2, -1, 0, 1, 1, 3}, 8);
            m.nodes().op("Pad").in("x", "pads").attr("mode", mode).into("p");
            m.nodes().op("Tanh").in("p").into("y");
            BatchRun.check(m, "y", "x");
        }
    }
}
