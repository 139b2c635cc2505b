package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Split against finite differences: the 'split' attribute (before 13) and input (13+), equal parts,
 * num_outputs (18, uneven last part), negative axes, and outputs left without a gradient.
 */
class SplitRuleTest {

    /**
     * @param split "2;3;2" sizes, "equal" for none given, or "n3" for num_outputs = 3 (opset 18)
     * @param used  indices of the outputs the score depends on, in Concat order
     */
    @ParameterizedTest(name = "opset={0} axis={1} split={2} used={3}")
    @CsvSource({
            "7, 1, 2;3;2, 0;1;2", "7, 1, 2;3;2, 2;0", "11, 2, equal, 1", "11, -1, 1;5, 1;0",
            "13, 1, 2;3;2, 0;2", "13, 1, 2;3;2, 1", "13, 2, equal, 0;1", "13, 3, 4;2, 0",
            "18, 1, n3, 2;1;0", "18, 1, n3, 0;2", "18, 1, n3, 2", "18, 2, n2, 1", "18, 1, 2;3;2, 1;2",
    })
    void inputGradientMatchesFiniteDifferences(long opset, long axis, String split, String used) {
        long[] shape = {1, 7, 4, 6};
        int parts;
        long[] sizes = null;
        if (split.startsWith("n")) {
            parts = Integer.parseInt(split.substring(1));
        } else if (split.equals("equal")) {
            parts = 2;
        } else {
            sizes = Arrays.stream(split.split(";")).mapToLong(Long::parseLong).toArray();
            parts = sizes.length;
        }
        TinyModel m = TinyModel.opset(opset).input("x", shape);
        if (sizes != null && opset >= 13) m.longInitializer("split", sizes, sizes.length);
        var n = m.nodes().op("Split").in("x").attr("axis", axis);
        if (sizes != null && opset >= 13) n.in("split");
        if (sizes != null && opset < 13) n.attr("split", sizes);
        if (split.startsWith("n")) n.attr("num_outputs", (long) parts);
        List<String> outs = n.outs(parts);
        List<String> pieces = new ArrayList<>();
        for (String u : used.split(";")) pieces.add(m.nodes().op("Tanh").in(outs.get(Integer.parseInt(u))).out());
        if (pieces.size() == 1) m.nodes().op("Identity").in(pieces.get(0)).into("y");
        else m.nodes().op("Concat").in(pieces.toArray(new String[0])).attr("axis", axis).into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 7, 4, 6).longInitializer("split", new long[] {2, 3, 2}, 3);
        var parts = m.nodes().op("Split").in("x", "split").attr("axis", 1L).outs(3);
        m.nodes().op("Tanh").in(parts.get(1)).into("y");
        BatchRun.check(m, "y", "x");
    }
}
