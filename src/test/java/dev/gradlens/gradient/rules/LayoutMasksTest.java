package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.gradlens.gradient.rules.RuleTestSupport.gaussian;
import static dev.gradlens.gradient.rules.RuleTestSupport.mixedSigns;
import static dev.gradlens.gradient.rules.RuleTestSupport.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-row graphs' ReLU6-style masks ({@link LayoutMasks}) are the comparisons' 0/1 values exactly, at the values
 * where a scaled-and-clipped step could go wrong: ±0, subnormals, the smallest normal and its neighbour, the bounds and the
 * floats next to them, ±MAX_VALUE, +∞. The expected gradients are worked out here in float (seed · c · 1[...],
 * guided: max(seed · c, 0) · 1[...]) and must match bit for bit; and the graphs must really use the Conv masks.
 */
class LayoutMasksTest {
    private static final long[] SHAPE = {1, 3, 4, 4};

    private static final float[] RELU_EDGES = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 2 * Float.MIN_VALUE, Float.MIN_NORMAL,
            Math.nextDown(Float.MIN_NORMAL), Math.nextUp(Float.MIN_NORMAL), 1e-30f, 1f, -1f, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0x1p-127f};

    @ParameterizedTest
    @EnumSource(value = RectifierPolicy.class, names = {"STANDARD", "GUIDED"})
    void reluKeepsItsComparisonInOneRowGraphs(RectifierPolicy policy) {
        int n = size(SHAPE);
        float[] c = mixedSigns(n, 5);
        TinyModel m = TinyModel.opset(13).input("x", SHAPE).initializer("c", c, SHAPE);
        String r = m.nodes().op("Relu").in("x").out();
        m.nodes().op("Mul").in(r, "c").into("y");
        GradientCheck check = GradientCheck.of(m, "y").oneRow(true).values("x", cycle(RELU_EDGES, n));
        ModelProto graph = check.augmentedGraph(policy, "x");
        assertEquals(0, count(graph, "Conv"));
        assertEquals(1, count(graph, "Greater"));
    }

    @Test
    void otherClipBoundsKeepTheirComparisons() {
        int n = size(SHAPE);
        for (float max : new float[] {4f, 5.98f, 20f}) {
            TinyModel m = ClipRuleTest.model(13, ClipRuleTest.Bounds.CONSTANT_INPUTS, 0f, max, mixedSigns(n, 9));
            ModelProto g = GradientCheck.of(m, "y").oneRow(true).augmentedGraph(RectifierPolicy.GUIDED, "x");
            assertEquals(0, count(g, "Conv"), "Clip(0, " + max + ")");
            assertEquals(1, count(g, "Equal"), "Clip(0, " + max + ")");
        }
    }

    @ParameterizedTest(name = "Clip(0, {0})")
    @CsvSource({"6"})
    void boundedReluMaskIsTheComparison(float max) {
        int n = size(SHAPE);
        float[] c = mixedSigns(n, 9);
        TinyModel m = ClipRuleTest.model(13, ClipRuleTest.Bounds.CONSTANT_INPUTS, 0f, max, c);
        float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 2 * Float.MIN_VALUE, 0x1p-127f, Float.MIN_NORMAL,
                Math.nextDown(Float.MIN_NORMAL), Math.nextUp(Float.MIN_NORMAL), 1e-30f, max, Math.nextDown(max), Math.nextUp(max),
                Math.nextDown(Math.nextDown(max)), max / 2, max * 2, Float.MAX_VALUE, -Float.MAX_VALUE, -1f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 3e-39f};
        float[] x = cycle(edges, n);
        for (RectifierPolicy policy : new RectifierPolicy[] {RectifierPolicy.STANDARD, RectifierPolicy.GUIDED}) {
            assertExact(m, x, c, policy, v -> v > 0 && v < max, "Clip(0, " + max + ")");
        }
    }

    @Test
    void otherGraphsKeepTheComparisons() {
        // the general graph (any number of seed rows), a rank-3 activation and an opset-10 model: no Conv masks
        int n = size(SHAPE);
        TinyModel m = ClipRuleTest.model(13, ClipRuleTest.Bounds.CONSTANT_INPUTS, 0f, 6f, mixedSigns(n, 9));
        assertEquals(0, count(GradientCheck.of(m, "y").augmentedGraph(RectifierPolicy.GUIDED, "x"), "Conv"));
        long[] flat = {1, 3, 16};
        TinyModel m3 = TinyModel.opset(13).input("x", flat).initializer("c", mixedSigns(n, 5), flat).initializer("lo", new float[] {0f})
                .initializer("hi", new float[] {6f});
        m3.nodes().op("Mul").in(m3.nodes().op("Clip").in("x", "lo", "hi").out(), "c").into("y");
        ModelProto g3 = GradientCheck.of(m3, "y").oneRow(true).augmentedGraph(RectifierPolicy.GUIDED, "x");
        assertEquals(0, count(g3, "Conv"));
        assertEquals(1, count(g3, "Equal"));
        TinyModel m10 = ClipRuleTest.model(10, ClipRuleTest.Bounds.ATTRIBUTES, 0f, 6f, mixedSigns(n, 9));
        assertEquals(0, count(GradientCheck.of(m10, "y").oneRow(true).augmentedGraph(RectifierPolicy.GUIDED, "x"), "Conv"));
    }

    private static void assertExact(TinyModel m, float[] x, float[] c, RectifierPolicy policy, java.util.function.DoublePredicate passes,
                                    String what) {
        int n = x.length;
        GradientCheck check = GradientCheck.of(m, "y").oneRow(true).values("x", x);
        ModelProto graph = check.augmentedGraph(policy, "x");
        assertTrue(count(graph, "Conv") >= 2, what + ": the one-row graph makes its mask with Convs");
        assertEquals(0, count(graph, "Greater") + count(graph, "Equal") + count(graph, "Less"), what + ": and no comparison");
        float[] seeds = gaussian(n, 17);
        float[] g = check.gradients(policy, seeds, 1, "x").get("x");
        for (int i = 0; i < n; i++) {
            float up = seeds[i] * c[i];
            if (policy == RectifierPolicy.GUIDED) up = Math.max(up, 0f);
            float expected = passes.test(x[i]) ? up : 0f;
            assertEquals(expected == 0f ? 0f : expected, g[i] == 0f ? 0f : g[i], what + " " + policy + " at x = " + x[i]);
        }
    }

    private static float[] cycle(float[] edges, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = edges[i % edges.length];
        return x;
    }

    private static int count(ModelProto g, String op) {
        int k = 0;
        for (NodeProto node : g.getGraph().getNodeList()) if (node.getOpType().equals(op)) k++;
        return k;
    }
}
