package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Softmax and LogSoftmax against finite differences: the 2-D coercion before opset 13 (default axis
 * 1, axis 0 covering the batch axis), and per-axis normalization from 13 (default −1).
 */
class SoftmaxRuleTest {

    @ParameterizedTest(name = "{0} opset={1} axis={2} shape={3}")
    @CsvSource({
            "Softmax, 7, default, 1x3x4", "Softmax, 11, 2, 1x3x4x5", "Softmax, 11, -1, 1x3x4x5", "Softmax, 11, 0, 1x3x4",
            "Softmax, 13, default, 1x3x4x5", "Softmax, 13, 1, 1x3x4x5", "Softmax, 13, 0, 1x3x4", "Softmax, 13, -2, 1x3x4x5",
            "Softmax, 13, default, 1x10",
            "LogSoftmax, 7, default, 1x3x4", "LogSoftmax, 11, 2, 1x3x4x5", "LogSoftmax, 11, 0, 1x3x4",
            "LogSoftmax, 13, default, 1x3x4x5", "LogSoftmax, 13, 1, 1x3x4x5", "LogSoftmax, 13, 0, 1x3x4", "LogSoftmax, 13, default, 1x10",
    })
    void inputGradientMatchesFiniteDifferences(String op, long opset, String axis, String shape) {
        long[] x = java.util.Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).toArray();
        TinyModel m = TinyModel.opset(opset).input("x", x);
        var n = m.nodes().op(op).in("x");
        if (!axis.equals("default")) n.attr("axis", Long.parseLong(axis));
        n.into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** An exported model ending in Softmax (the probabilities differentiated w.r.t. the logits). */
    @org.junit.jupiter.api.Test
    void sharedModelSoftmax() {
        SharedModelCheck.check("softmax_output.onnx", "Softmax");
    }

    /** An exported model ending in LogSoftmax. */
    @org.junit.jupiter.api.Test
    void sharedModelLogSoftmax() {
        SharedModelCheck.check("logsoftmax_output.onnx", "LogSoftmax");
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        for (long opset : new long[] {11, 13}) {
            TinyModel m = TinyModel.opset(opset).input("x", 1, 3, 4, 5);
            m.nodes().op("Softmax").in("x").attr("axis", 1L).into("s");
            m.nodes().op("LogSoftmax").in("s").into("y");
            BatchRun.check(m, "y", "x");
        }
    }
}
