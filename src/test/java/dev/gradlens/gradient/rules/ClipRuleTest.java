package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.onnx.GraphEditor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.gradlens.gradient.rules.RuleTestSupport.assertPolicyGradient;
import static dev.gradlens.gradient.rules.RuleTestSupport.mixedSigns;
import static dev.gradlens.gradient.rules.RuleTestSupport.size;

/**
 * Clip in the attribute form (opset 7-10; ONNX Runtime has no Mul before opset 7) and the input form (opset 11+): constant bounds, absent
 * bounds and bounds computed in the graph; the true derivative against finite differences, and the
 * policies: Clip(0, 6) (ReLU6) is a rectifier, a general clip keeps its true derivative.
 */
class ClipRuleTest {
    private static final long[] SHAPE = {1, 3, 4, 4};
    private static final float NONE = Float.NaN;

    /** How the bounds are written. */
    enum Bounds {
        /** min/max attributes (opset < 11). */
        ATTRIBUTES,
        /** constant initializer inputs (opset 11+). */
        CONSTANT_INPUTS,
        /** inputs computed by nodes in the graph, so the rule cannot read them as constants (opset 11+). */
        COMPUTED_INPUTS
    }

    static Stream<Arguments> clips() {
        List<Arguments> out = new ArrayList<>();
        float[][] bounds = {{0, 6}, {-1, 2}, {0, NONE}, {NONE, 2}, {-1, NONE}, {NONE, NONE}};
        for (float[] b : bounds) {
            for (long opset : new long[] {7, 9, 10}) out.add(Arguments.of(opset, Bounds.ATTRIBUTES, b[0], b[1]));
            for (long opset : new long[] {11, 12, 13}) {
                out.add(Arguments.of(opset, Bounds.CONSTANT_INPUTS, b[0], b[1]));
                out.add(Arguments.of(opset, Bounds.COMPUTED_INPUTS, b[0], b[1]));
            }
        }
        return out.stream();
    }

    /** x → Clip → r → Mul(r, c) → y. */
    static TinyModel model(long opset, Bounds form, float min, float max, float[] c) {
        TinyModel m = TinyModel.opset(opset).input("x", SHAPE).initializer("c", c, SHAPE);
        if (form != Bounds.ATTRIBUTES) {
            if (!Float.isNaN(min)) m.initializer("min", new float[] {min});
            if (!Float.isNaN(max)) m.initializer("max", new float[] {max});
        }
        GraphEditor ed = m.nodes();
        GraphEditor.NodeBuilder clip = ed.op("Clip");
        switch (form) {
            case ATTRIBUTES -> {
                clip.in("x");
                if (!Float.isNaN(min)) clip.attr("min", min);
                if (!Float.isNaN(max)) clip.attr("max", max);
            }
            case CONSTANT_INPUTS -> clip.in("x", Float.isNaN(min) ? "" : "min", Float.isNaN(max) ? "" : "max");
            case COMPUTED_INPUTS -> {
                // Identity of a constant is not itself a constant to the rule: the bound is a graph tensor
                String lo = Float.isNaN(min) ? "" : ed.op("Identity").in("min").out();
                String hi = Float.isNaN(max) ? "" : ed.op("Identity").in("max").out();
                clip.in("x", lo, hi);
            }
        }
        String r = clip.out();
        ed.op("Mul").in(r, "c").into("y");
        return m;
    }

    @ParameterizedTest(name = "opset {0} {1} min={2} max={3}")
    @MethodSource("clips")
    void matchesFiniteDifferences(long opset, Bounds form, float min, float max) {
        int n = size(SHAPE);
        TinyModel m = model(opset, form, min, max, mixedSigns(n, 5));
        // values k·0.25 + 0.125 in [-6.1, 6.1]: all at least 0.125 from the bounds -1, 0, 2 and 6, and on both sides of each
        GradientCheck.of(m, "y").values("x", GradientCheck.spaced(n, 0.25)).check("x");
    }

    static Stream<Arguments> policyCases() {
        List<Arguments> out = new ArrayList<>();
        for (RectifierPolicy p : RectifierPolicy.values()) {
            for (float[] b : new float[][] {{0, 6}, {-1, 2}}) {
                out.add(Arguments.of(p, 9L, Bounds.ATTRIBUTES, b[0], b[1]));
                out.add(Arguments.of(p, 10L, Bounds.ATTRIBUTES, b[0], b[1]));
                out.add(Arguments.of(p, 11L, Bounds.CONSTANT_INPUTS, b[0], b[1]));
                out.add(Arguments.of(p, 13L, Bounds.CONSTANT_INPUTS, b[0], b[1]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} opset {1} {2} min={3} max={4}")
    @MethodSource("policyCases")
    void policies(RectifierPolicy policy, long opset, Bounds form, float min, float max) {
        int n = size(SHAPE);
        float[] c = mixedSigns(n, 17);
        TinyModel m = model(opset, form, min, max, c);
        // gap 0.5 over 48 values: [-11.75, 11.75], both sides of every bound, none closer than 0.25
        GradientCheck check = GradientCheck.of(m, "y").values("x", GradientCheck.spaced(n, 0.5));
        boolean rectifier = min == 0f;
        assertPolicyGradient(check, policy, c, x -> x > min && x < max ? 1 : 0, rectifier);
    }

    /**
     * Inputs exactly at and next to the bounds, where finite differences cannot look: the derivative is 1 strictly inside
     * (min, max) and 0 at min, at max and outside (PyTorch's hardtanh backward), under the standard policy, for every
     * way of writing the bounds (the constant-bound form reads the mask as "clipping to [nextUp(min), nextDown(max)]
     * leaves y unchanged").
     */
    @ParameterizedTest(name = "opset {0} {1} min={2} max={3}")
    @MethodSource("edgeCases")
    void derivativeAtTheBounds(long opset, Bounds form, float min, float max) {
        int n = size(SHAPE);
        float[] c = mixedSigns(n, 23);
        float[] x = new float[n];
        float[] edges = {min, Math.nextUp(min), Math.nextDown(min), max, Math.nextDown(max), Math.nextUp(max), Float.MIN_VALUE,
                -Float.MIN_VALUE, 0f, -0f, (min + max) / 2, max + 1, min - 1, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f};
        for (int i = 0; i < n; i++) x[i] = edges[i % edges.length];
        GradientCheck check = GradientCheck.of(model(opset, form, min, max, c), "y").values("x", x);
        float[] seeds = RuleTestSupport.gaussian(n, 99);
        float[] g = check.gradients(RectifierPolicy.STANDARD, seeds, 1, "x").get("x");
        for (int i = 0; i < n; i++) {
            double expected = x[i] > min && x[i] < max ? (double) seeds[i] * c[i] : 0;
            org.junit.jupiter.api.Assertions.assertEquals(expected, g[i], 1e-6 * Math.abs(expected),
                    "x = " + x[i] + " (min " + min + ", max " + max + ")");
        }
    }

    static Stream<Arguments> edgeCases() {
        List<Arguments> out = new ArrayList<>();
        for (float[] b : new float[][] {{0, 6}, {-1, 2}, {0.5f, 0.5000001f}}) {
            out.add(Arguments.of(10L, Bounds.ATTRIBUTES, b[0], b[1]));
            out.add(Arguments.of(11L, Bounds.CONSTANT_INPUTS, b[0], b[1]));
            out.add(Arguments.of(13L, Bounds.CONSTANT_INPUTS, b[0], b[1]));
            out.add(Arguments.of(13L, Bounds.COMPUTED_INPUTS, b[0], b[1]));
        }
        return out.stream();
    }
}
