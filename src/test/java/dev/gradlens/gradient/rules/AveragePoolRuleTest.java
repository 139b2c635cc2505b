package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * AveragePool: count_include_pad 0 and 1 with pads, strides, ceil_mode (windows that run past the
 * padded input), asymmetric pads, auto_pad, 1-D and 2-D, and dilations (opset 19).
 */
class AveragePoolRuleTest {
    static final long[] X2 = {1, 2, 9, 8}, X1 = {1, 3, 11};

    static Stream<PoolCase> cases() {
        List<PoolCase> base = List.of(
                PoolCase.of(7, X2, 3, 3).strides(2, 2),
                PoolCase.of(13, X2, 3, 3).strides(2, 2),
                PoolCase.of(7, X2, 2, 2).strides(2, 2),
                PoolCase.of(7, X2, 3, 3).pads(1, 1, 1, 1),
                PoolCase.of(11, X2, 3, 3).strides(2, 2).pads(1, 1, 1, 1),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).pads(0, 1, 2, 0),
                PoolCase.of(13, X2, 5, 3).strides(1, 2).pads(2, 1, 2, 1),
                PoolCase.of(10, X2, 3, 3).strides(2, 2).ceil(),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).ceil(),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).pads(1, 1, 1, 1).ceil(),
                // the ceil window would start past the input: ONNX Runtime drops it at run time but its load-time
                // shape inference keeps it (see MaxPoolRuleTest); this graph only loads because the rule's constants
                // meet the gradient (the seed input), never the pool's output
                PoolCase.of(13, X2, 2, 2).strides(3, 3).ceil(),
                PoolCase.of(13, new long[] {1, 2, 10, 8}, 2, 2).strides(3, 3).ceil(),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).autoPad("SAME_UPPER"),
                PoolCase.of(13, X2, 2, 2).strides(2, 2).autoPad("SAME_LOWER"),
                PoolCase.of(13, X2, 3, 3).strides(2, 2).autoPad("VALID"),
                PoolCase.of(7, X1, 3).strides(2),
                PoolCase.of(13, X1, 3).strides(2).pads(1, 1),
                PoolCase.of(13, X1, 3).strides(2).pads(1, 1).ceil(),
                PoolCase.of(13, X1, 4).strides(3).pads(2, 1).ceil(),
                PoolCase.of(19, X2, 3, 3).dilations(2, 2).pads(2, 2, 2, 2),
                PoolCase.of(19, X2, 3, 3).strides(2, 2).dilations(2, 1).pads(1, 0, 1, 1),
                PoolCase.of(19, X1, 3).strides(2).dilations(2).pads(1, 1).ceil());
        List<PoolCase> out = new ArrayList<>();
        for (PoolCase c : base) {
            out.add(c);  // count_include_pad left out: 0
            out.add(c.countIncludePad(true));
        }
        out.add(PoolCase.of(13, X2, 3, 3).strides(2, 2).pads(1, 1, 1, 1).countIncludePad(false));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesFiniteDifferences(PoolCase c) {
        // linear in x: central differences are exact up to rounding at any step
        GradientCheck.of(c.model("AveragePool"), "y").step(1e-2).check("x");
    }
}
