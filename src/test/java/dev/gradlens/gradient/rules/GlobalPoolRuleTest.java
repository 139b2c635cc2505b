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

import static dev.gradlens.gradient.rules.RuleTestSupport.size;

/** GlobalAveragePool and GlobalMaxPool (inputs without ties) over 1, 2 and 3 spatial axes. */
class GlobalPoolRuleTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String op : new String[] {"GlobalAveragePool", "GlobalMaxPool"}) {
            for (long opset : new long[] {7, 13}) {
                out.add(Arguments.of(op, opset, new long[] {1, 3, 5, 4}));
                out.add(Arguments.of(op, opset, new long[] {1, 2, 7}));
                out.add(Arguments.of(op, opset, new long[] {1, 2, 3, 4, 2}));
                out.add(Arguments.of(op, opset, new long[] {1, 4, 1, 1}));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} opset {1} x{2}")
    @MethodSource("cases")
    void matchesFiniteDifferences(String op, long opset, long[] x) {
        TinyModel m = TinyModel.opset(opset).input("x", x);
        GraphEditor ed = m.nodes();
        String pooled = ed.op(op).in("x").out();
        // as in a classifier head: pooled [1, C, 1...] flattened to [1, C]
        ed.op("Flatten").in(pooled).attr("axis", 1L).into("y");
        GradientCheck check = GradientCheck.of(m, "y");
        // distinct values 0.05 apart: one maximum per channel, not moved by a small step
        if (op.equals("GlobalMaxPool")) check.values("x", GradientCheck.spaced(size(x), 0.05));
        else check.step(1e-2);
        check.check("x");
    }
}
