package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.onnx.GraphEditor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static dev.gradlens.gradient.rules.RuleTestSupport.mixedSigns;
import static dev.gradlens.gradient.rules.RuleTestSupport.size;

/**
 * Flatten (every axis, negative too), Reshape (0 = copy, -1 = infer), Squeeze and Unsqueeze (axes as an
 * attribute up to opset 12, as an input from 13). Where an op takes the batch axis away (Flatten at
 * axis ≥ 2, Squeeze of axis 0, Reshape to [-1]), a second op puts it back so the score has it first:
 * the gradient then goes through a tensor without a batch axis with two seeds.
 */
class ReshapeLikeRuleTest {

    record Case(String name, long opset, long[] in, BiFunction<GraphEditor, String, String> op) {
        @Override
        public String toString() {
            return name + " opset " + opset;
        }
    }

    static String flatten(GraphEditor ed, String x, long axis) {
        return ed.op("Flatten").in(x).attr("axis", axis).out();
    }

    /** Reshape with a constant shape input; shape entries may use 0 and -1. */
    static String reshape(GraphEditor ed, String x, long... shape) {
        return ed.op("Reshape").in(x, ed.constLongs("shape", shape, shape.length)).out();
    }

    static String squeeze(GraphEditor ed, long opset, String x, long... axes) {
        if (axes == null) return ed.op("Squeeze").in(x).out();
        if (opset >= 13) return ed.op("Squeeze").in(x, ed.constLongs("axes", axes, axes.length)).out();
        return ed.op("Squeeze").in(x).attr("axes", axes).out();
    }

    static String unsqueeze(GraphEditor ed, long opset, String x, long... axes) {
        if (opset >= 13) return ed.op("Unsqueeze").in(x, ed.constLongs("axes", axes, axes.length)).out();
        return ed.op("Unsqueeze").in(x).attr("axes", axes).out();
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        long[] x4 = {1, 3, 4, 2};
        for (long opset : new long[] {9, 11, 13}) {
            for (long axis : new long[] {0, 1, 2, 3, 4}) {
                // axis ≥ 2 merges the batch axis into the rows: put it back
                out.add(new Case("Flatten axis " + axis, opset, x4,
                        (ed, x) -> axis >= 2 ? reshape(ed, flatten(ed, x, axis), 1, -1) : flatten(ed, x, axis)));
            }
        }
        for (long opset : new long[] {11, 13}) {
            for (long axis : new long[] {-1, -3, -4}) {
                out.add(new Case("Flatten axis " + axis, opset, x4,
                        (ed, x) -> axis > -3 ? reshape(ed, flatten(ed, x, axis), 1, -1) : flatten(ed, x, axis)));
            }
        }
        for (long opset : new long[] {7, 13, 14}) {
            out.add(new Case("Reshape [0, -1]", opset, x4, (ed, x) -> reshape(ed, x, 0, -1)));
            out.add(new Case("Reshape [1, -1, 4]", opset, x4, (ed, x) -> reshape(ed, x, 1, -1, 4)));
            out.add(new Case("Reshape [0, 0, -1]", opset, x4, (ed, x) -> reshape(ed, x, 0, 0, -1)));
            out.add(new Case("Reshape [1, 2, 2, 3, 2]", opset, x4, (ed, x) -> reshape(ed, x, 1, 2, 2, 3, 2)));
            out.add(new Case("Reshape [-1] then [1, 24]", opset, x4, (ed, x) -> reshape(ed, reshape(ed, x, -1), 1, 24)));
            out.add(new Case("Reshape [6, 4] then [1, 0, -1]", opset, x4, (ed, x) -> reshape(ed, reshape(ed, x, 6, 4), 1, 0, -1)));
        }
        for (long opset : new long[] {11, 13}) {
            long[] s = {1, 3, 1, 4, 1};
            out.add(new Case("Squeeze [2]", opset, s, (ed, x) -> squeeze(ed, opset, x, 2)));
            out.add(new Case("Squeeze [2, 4]", opset, s, (ed, x) -> squeeze(ed, opset, x, 2, 4)));
            out.add(new Case("Squeeze [-1, -3]", opset, s, (ed, x) -> squeeze(ed, opset, x, -1, -3)));
            // no axes: every size-1 axis goes, the batch axis too
            out.add(new Case("Squeeze all then Unsqueeze [0]", opset, s,
                    (ed, x) -> unsqueeze(ed, opset, squeeze(ed, opset, x, (long[]) null), 0)));
            out.add(new Case("Squeeze [0] then Unsqueeze [0]", opset, s,
                    (ed, x) -> unsqueeze(ed, opset, squeeze(ed, opset, x, 0), 0)));
            long[] u = {1, 3, 4};
            out.add(new Case("Unsqueeze [2]", opset, u, (ed, x) -> unsqueeze(ed, opset, x, 2)));
            out.add(new Case("Unsqueeze [1, 4]", opset, u, (ed, x) -> unsqueeze(ed, opset, x, 1, 4)));
            out.add(new Case("Unsqueeze [-1]", opset, u, (ed, x) -> unsqueeze(ed, opset, x, -1)));
            out.add(new Case("Unsqueeze [0]", opset, u, (ed, x) -> unsqueeze(ed, opset, x, 0)));
            out.add(new Case("Unsqueeze [3, 2] (pooled features to [1, C, 1, 1] and back)", opset, u,
                    (ed, x) -> squeeze(ed, opset, unsqueeze(ed, opset, x, 3, 4), 3, 4)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientIsReshapedBack(Case c) {
        int n = size(c.in());
        TinyModel m = TinyModel.opset(c.opset()).input("x", c.in()).initializer("c", mixedSigns(n, 7), c.in());
        GraphEditor ed = m.nodes();
        String r = c.op().apply(ed, ed.mul("x", "c"));
        ed.op("Identity").in(r).into("y");
        GradientCheck.of(m, "y").step(1e-2).check("x");
    }
}
