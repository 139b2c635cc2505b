package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.onnx.ElementType;
import dev.gradlens.onnx.GraphEditor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.gradlens.gradient.rules.RuleTestSupport.mixedSigns;
import static dev.gradlens.gradient.rules.RuleTestSupport.size;

/** Identity, Dropout (inference, with and without its mask output, ratio as attribute or input) and float Cast. */
class PassThroughRuleTest {

    @ParameterizedTest(name = "{0} opset {1}")
    @CsvSource({
            "Identity, 7", "Identity, 13", "Identity, 16",
            "Dropout, 7", "Dropout-mask, 10", "Dropout, 12", "Dropout-ratio-input, 12", "Dropout-mask, 13",
            "Cast, 7", "Cast, 13", "Cast-twice, 13",
    })
    void gradientPassesUnchanged(String kind, long opset) {
        long[] shape = {1, 3, 4, 4};
        int n = size(shape);
        TinyModel m = TinyModel.opset(opset).input("x", shape).initializer("c", mixedSigns(n, 1), shape)
                .initializer("d", mixedSigns(n, 2), shape).initializer("ratio", new float[] {0.3f});
        GraphEditor ed = m.nodes();
        String a = ed.mul("x", "c");
        String b = switch (kind) {
            case "Identity" -> ed.op("Identity").in(a).out();
            // ratio attribute up to opset 11; in inference mode Dropout is the identity
            case "Dropout" -> opset < 12 ? ed.op("Dropout").in(a).attr("ratio", 0.3f).out() : ed.op("Dropout").in(a).out();
            case "Dropout-ratio-input" -> ed.op("Dropout").in(a, "ratio").out();
            // with its (boolean) mask output, which carries no gradient
            case "Dropout-mask" -> ed.op("Dropout").in(a).outs(2).get(0);
            case "Cast" -> ed.op("Cast").in(a).attr("to", ElementType.FLOAT).out();
            case "Cast-twice" -> ed.op("Cast").in(ed.op("Cast").in(a).attr("to", ElementType.FLOAT).out())
                    .attr("to", ElementType.FLOAT).out();
            default -> throw new IllegalArgumentException(kind);
        };
        ed.op("Mul").in(b, "d").into("y");
        GradientCheck.of(m, "y").step(1e-2).check("x");
    }
}
