package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

/** Variadic Sum and Mean against finite differences, every input on the path, with broadcasting (opset 8+). */
class SumMeanRuleTest {

    /** shapes: input shapes separated by ';', dims by 'x'. */
    @ParameterizedTest(name = "{0} opset={1} shapes={2}")
    @CsvSource({
            "Sum, 7, 1x3x4;1x3x4;1x3x4", "Mean, 7, 1x3x4;1x3x4", "Sum, 8, 1x3x4x5;1x3x1x1;1x1x1x5", "Mean, 13, 1x3x4x5;1x1x4x1;1x3x1x5",
            "Sum, 13, 1x3x4", "Mean, 13, 1x6", "Sum, 13, 1x1x4;1x3x1", "Mean, 8, 1x2x3;1x2x3;1x2x3;1x1x3",
    })
    void everyInputGradientMatchesFiniteDifferences(String op, long opset, String shapes) {
        String[] s = shapes.split(";");
        TinyModel m = TinyModel.opset(opset);
        String[] names = new String[s.length];
        for (int i = 0; i < s.length; i++) {
            names[i] = "x" + i;
            m.input(names[i], Arrays.stream(s[i].split("x")).mapToLong(Long::parseLong).toArray());
        }
        m.nodes().op(op).in(names).into("s");
        m.nodes().op("Tanh").in("s").into("y");
        GradientCheck.of(m, "y").check(names);
    }

    /**
     * Inputs of lower rank (biases, constants) broadcast over the batch axis; they carry no seed axis,
     * so only the batch-carrying input is differentiated, its gradient unaffected by them.
     */
    @ParameterizedTest(name = "{0} opset={1}")
    @CsvSource({"Sum, 8", "Mean, 13"})
    void lowerRankOperandsBroadcast(String op, long opset) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 3, 4, 5).input("c", 3, 1, 1).initializer("d", new float[] {1, 2, 3, 4, 5}, 5);
        m.nodes().op(op).in("c", "x", "d").into("s");
        m.nodes().op("Tanh").in("s").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 4, 5).input("z", 1, 3, 4, 5).initializer("c", new float[] {1, 2, 3}, 3, 1, 1);
        m.nodes().op("Mean").in("x", "c", "z").into("s");
        m.nodes().op("Tanh").in("s").into("y");
        BatchRun.check(m, "y", "x", "z");
    }
}
