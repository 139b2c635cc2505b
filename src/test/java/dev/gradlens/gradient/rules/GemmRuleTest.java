package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.onnx.GraphEditor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.gradlens.gradient.rules.RuleTestSupport.gaussian;

/**
 * Gemm Y = alpha·op(A)·op(B) + beta·C: gradients to A, B and C against finite differences, for
 * transA/transB, alpha/beta, C broadcast from [N], [1, N], [M, N], [1, 1], a scalar or absent (opset 11+),
 * with M = 1 the batch axis (two seeds over it), and with constant B and C as in a classifier head.
 */
class GemmRuleTest {
    private static final int M = 1, K = 5, N = 4;

    /** C's shape, or null when absent. */
    static long[] cShape(String c) {
        return switch (c) {
            case "none" -> null;
            case "N" -> new long[] {N};
            case "1xN" -> new long[] {1, N};
            case "MxN" -> new long[] {M, N};
            case "1x1" -> new long[] {1, 1};
            case "scalar" -> new long[] {};
            default -> throw new IllegalArgumentException(c);
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int transA = 0; transA < 2; transA++) {
            for (int transB = 0; transB < 2; transB++) {
                for (float[] ab : new float[][] {{1, 1}, {0.5f, -2f}}) {
                    for (String c : new String[] {"none", "N", "1xN", "MxN", "1x1", "scalar"}) {
                        out.add(Arguments.of(13L, transA, transB, ab[0], ab[1], c));
                    }
                    // Gemm before opset 11 needs C
                    out.add(Arguments.of(9L, transA, transB, ab[0], ab[1], "N"));
                    out.add(Arguments.of(11L, transA, transB, ab[0], ab[1], "none"));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "opset {0} transA={1} transB={2} alpha={3} beta={4} C={5}")
    @MethodSource("cases")
    void allInputsMatchFiniteDifferences(long opset, int transA, int transB, float alpha, float beta, String c) {
        long[] cs = cShape(c);
        TinyModel m = TinyModel.opset(opset).input("A", transA == 1 ? new long[] {K, M} : new long[] {M, K})
                .input("B", transB == 1 ? new long[] {N, K} : new long[] {K, N});
        if (cs != null) m.input("C", cs);
        gemm(m.nodes(), transA, transB, alpha, beta, cs != null ? "C" : null);
        // Gemm is linear in each input, so central differences are exact at any step up to rounding: a large step only
        // lowers the float32 noise of f, which matters for C = [1, 1] or a scalar whose gradient is a cancelling sum.
        GradientCheck check = GradientCheck.of(m, "y", opset * 1000 + transA * 100 + transB * 10 + c.hashCode()).step(0.1);
        if (cs != null) check.check("A", "B", "C");
        else check.check("A", "B");
    }

    /** The classifier head: constant weights and bias, the gradient to the features only. */
    @ParameterizedTest(name = "opset {0} transB={1}")
    @MethodSource("heads")
    void constantWeightsAndBias(long opset, int transB) {
        float[] w = gaussian(K * N, 21), b = gaussian(N, 22);
        TinyModel m = TinyModel.opset(opset).input("A", M, K)
                .initializer("W", w, transB == 1 ? new long[] {N, K} : new long[] {K, N}).initializer("bias", b, N);
        m.nodes().op("Gemm").in("A", "W", "bias").attr("transB", transB).attr("alpha", 1.5f).attr("beta", 0.5f).into("y");
        GradientCheck.of(m, "y").check("A");
    }

    static Stream<Arguments> heads() {
        return Stream.of(Arguments.of(7L, 1), Arguments.of(9L, 1), Arguments.of(9L, 0), Arguments.of(11L, 1), Arguments.of(13L, 0),
                Arguments.of(13L, 1));
    }

    private static void gemm(GraphEditor ed, int transA, int transB, float alpha, float beta, String c) {
        GraphEditor.NodeBuilder n = ed.op("Gemm");
        if (c != null) n.in("A", "B", c);
        else n.in("A", "B");
        n.attr("transA", transA).attr("transB", transB).attr("alpha", alpha).attr("beta", beta).into("y");
    }
}
