package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

/** Transpose against finite differences: explicit permutations and the default (reversed) one. */
class TransposeRuleTest {

    @ParameterizedTest(name = "opset={0} perm={1}")
    @CsvSource({"7, 0;2;3;1", "13, 0;3;1;2", "13, 0;1;2;3", "13, 0;3;2;1", "21, 0;2;1;3"})
    void inputGradientMatchesFiniteDifferences(long opset, String perm) {
        long[] p = Arrays.stream(perm.split(";")).mapToLong(Long::parseLong).toArray();
        TinyModel m = TinyModel.opset(opset).input("x", 1, 2, 3, 4);
        m.nodes().op("Transpose").in("x").attr("perm", p).into("t");
        m.nodes().op("Sigmoid").in("t").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** The default perm reverses the axes; a second Transpose brings the batch axis back to the front for the score. */
    @ParameterizedTest(name = "opset={0}")
    @CsvSource({"7", "13"})
    void defaultPermutationIsReversed(long opset) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 2, 3, 4);
        m.nodes().op("Transpose").in("x").into("t");          // [4, 3, 2, 1]
        m.nodes().op("Tanh").in("t").into("u");
        m.nodes().op("Transpose").in("u").attr("perm", new long[] {3, 0, 2, 1}).into("y"); // [1, 4, 2, 3]
        GradientCheck.of(m, "y").check("x");
    }

    @Test
    void rankThree() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 5, 3);
        m.nodes().op("Transpose").in("x").attr("perm", new long[] {0, 2, 1}).into("t");
        m.nodes().op("Tanh").in("t").into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /**
     * Attention's layout in PyTorch 1.13 exports: [1, N, C] → [N, 1, C] → Reshape [N, heads, d] → back. The
     * first Transpose moves axis 0, so the graph is single-seed and checked one seed row per run.
     */
    @Test
    void movingAxisZeroAsAttentionDoes() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 5, 6).longInitializer("heads", new long[] {5, 2, 3}, 3)
                .longInitializer("back", new long[] {5, 1, 6}, 3);
        m.nodes().op("Transpose").in("x").attr("perm", new long[] {1, 0, 2}).into("t");
        m.nodes().op("Reshape").in("t", "heads").into("r");
        m.nodes().op("Softmax").in("r").attr("axis", -1L).into("s");
        m.nodes().op("Reshape").in("s", "back").into("b");
        m.nodes().op("Transpose").in("b").attr("perm", new long[] {1, 0, 2}).into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 2, 3, 4);
        m.nodes().op("Transpose").in("x").attr("perm", new long[] {0, 2, 3, 1}).into("t");
        m.nodes().op("Tanh").in("t").into("y");
        BatchRun.check(m, "y", "x");
    }
}
