package dev.gradlens.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gradlens.inference.PreparedInput;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every faithfulness metric against the independent NumPy/PyTorch computation of
 * src/test/python/metrics_reference.py (same tiny CNN, image and maps), within 1e-4, and the
 * hand-worked cases: a map of ones keeps the image (drop 0, O = Y), a map of zeros scores the
 * black image and leaves drop and curves undefined.
 */
class FaithfulnessScorerTest {
    private static final double TOL = 1e-4;
    private static ModelSession session;
    private static JsonNode ref;
    private static float[] input;
    private static int cls;

    @BeforeAll
    static void open() {
        session = MetricsReference.open();
        ref = MetricsReference.json();
        input = MetricsReference.floats(ref.get("input"));
        cls = ref.get("class").asInt();
    }

    @AfterAll
    static void close() {
        session.close();
    }

    private static FaithfulnessScorer scorer() {
        return new FaithfulnessScorer(session.explainable(), session.preprocessing(), ref.get("steps").asInt(), 0.0, 0, 128);
    }

    @Test
    void everyMetricMatchesTheNumPyReferenceForACamAndAFullResolutionMap() {
        FaithfulnessScorer.Scores s = scorer().score(input, cls, List.of(
                new SaliencyMap(MetricsReference.floats(ref.get("cam8")), 8, 8),
                new SaliencyMap(MetricsReference.floats(ref.get("map32")), 32, 32)), EnumSet.allOf(Metric.class));
        assertEquals(ScoreReadout.SOFTMAX, s.readout());
        assertEquals(ref.get("cam8_scores").get("Y").asDouble(), s.score(), TOL);
        check(ref.get("cam8_scores"), s.perMap().get(0));
        check(ref.get("map32_scores"), s.perMap().get(1));
        // 1 original + per map: 1 masked, 2×8 curve steps, 18 ROAD images; batched in 128s
        assertEquals(1 + 2 * (1 + 16 + 18), s.forwardImages());
        assertEquals(2, s.runs());
    }

    private static void check(JsonNode r, Map<String, MetricValue> v) {
        assertEquals(r.get("masked_score").asDouble(), v.get("masked-score").value(), TOL, "O");
        assertEquals(r.get("average_drop").asDouble(), v.get("average-drop").value(), TOL, "drop");
        assertEquals(r.get("increase").asDouble(), v.get("increase").value(), 0, "increase");
        assertEquals(r.get("deletion_auc").asDouble(), v.get("deletion-auc").value(), TOL, "deletion AUC");
        assertEquals(r.get("insertion_auc").asDouble(), v.get("insertion-auc").value(), TOL, "insertion AUC");
        assertEquals(r.get("road_morf").asDouble(), v.get("road-morf").value(), TOL, "ROAD MoRF");
        assertEquals(r.get("road_lerf").asDouble(), v.get("road-lerf").value(), TOL, "ROAD LeRF");
        assertCurve(r.get("deletion_curve"), v.get("deletion-auc").curve());
        assertCurve(r.get("insertion_curve"), v.get("insertion-auc").curve());
        assertCurve(r.get("road_morf_curve"), v.get("road-morf").curve());
        assertCurve(r.get("road_lerf_curve"), v.get("road-lerf").curve());
    }

    private static void assertCurve(JsonNode expected, float[] actual) {
        double[] e = MetricsReference.doubles(expected);
        assertEquals(e.length, actual.length);
        for (int i = 0; i < e.length; i++) assertEquals(e[i], actual[i], TOL, "point " + i);
    }

    @Test
    void aMapOfOnesKeepsTheImageSoTheDropIsZero() {
        float[] ones = new float[8 * 8];
        java.util.Arrays.fill(ones, 1f);
        FaithfulnessScorer.Scores s = scorer().score(input, cls, List.of(new SaliencyMap(ones, 8, 8)), EnumSet.allOf(Metric.class));
        Map<String, MetricValue> v = s.perMap().get(0);
        assertEquals(s.score(), v.get("masked-score").value(), 1e-6);
        assertEquals(0.0, v.get("average-drop").value(), 1e-6);
        assertEquals(0.0, v.get("increase").value());
        // a constant map ranks no pixel: the order-based metrics are undefined, not made up
        assertNull(v.get("deletion-auc").value());
        assertNull(v.get("road-morf").value());
    }

    @Test
    void aMapOfZerosScoresTheBlackImageAndLeavesTheDropUndefined() {
        FaithfulnessScorer.Scores s = scorer().score(input, cls, List.of(new SaliencyMap(new float[64], 8, 8)), EnumSet.allOf(Metric.class));
        Map<String, MetricValue> v = s.perMap().get(0);
        assertEquals(ref.get("black_score").asDouble(), v.get("masked-score").value(), TOL);
        assertFalse(v.get("average-drop").defined());
        assertTrue(v.get("average-drop").note().contains("zero"));
        assertFalse(v.get("increase").defined());
        assertFalse(v.get("deletion-auc").defined());
        assertFalse(v.get("insertion-auc").defined());
        assertFalse(v.get("road-lerf").defined());
        assertEquals(2, s.forwardImages(), "no curve images are built for a map without order");
    }

    @Test
    void theSingleMapEntryPointScoresOnlyWhatIsAsked() {
        PreparedInput in = new PreparedInput(new Tensor(input, new int[] {1, 3, 32, 32}), null, null, session.preprocessing());
        Map<String, MetricValue> v = FaithfulnessScorer.score(session, in, cls, MetricsReference.floats(ref.get("cam8")), 8, 8,
                EnumSet.of(Metric.AVERAGE_DROP, Metric.INCREASE));
        assertEquals(List.of("average-drop", "increase"), List.copyOf(v.keySet()));
        assertEquals(ref.get("cam8_scores").get("average_drop").asDouble(), v.get("average-drop").value(), TOL);
    }

    @Test
    void withThirtyTwoStepsTheCurvesHaveThirtyThreePointsFromYToTheEnd() {
        FaithfulnessScorer sc = new FaithfulnessScorer(session.explainable(), session.preprocessing());
        FaithfulnessScorer.Scores s = sc.score(input, cls, List.of(new SaliencyMap(MetricsReference.floats(ref.get("map32")), 32, 32)),
                EnumSet.of(Metric.DELETION_AUC, Metric.INSERTION_AUC));
        float[] del = s.perMap().get(0).get("deletion-auc").curve();
        float[] ins = s.perMap().get(0).get("insertion-auc").curve();
        assertEquals(33, del.length);
        assertEquals(s.score(), del[0], 1e-6);
        assertEquals(s.score(), ins[32], 1e-6);
        assertEquals(1 + 64, s.forwardImages());
        assertEquals(2, s.runs(), "the original, then all 64 steps in one run");
        // the last deletion step is the all-zero (mean) image; the first insertion step the blurred image
        float[] zero = new float[input.length];
        double pZero = dev.gradlens.explain.Softmax.of(session.explainable().forward(zero, 1).data(), 0, 5)[cls];
        assertEquals(pZero, del[32], 1e-5);
        double pBlur = dev.gradlens.explain.Softmax.of(session.explainable().forward(GaussianBlur.blur(input,
                new InputSpace(session.analysis().input(), session.preprocessing())), 1).data(), 0, 5)[cls];
        assertEquals(pBlur, ins[0], 1e-5);
    }
}
