package dev.gradlens.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gradlens.GradLensException;
import dev.gradlens.service.ModelSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * With the image's scores handed in (the caller's forward pass), the scorer runs only the images the
 * metrics build (Average Drop + Increase of two maps: two images in one run) and gives the NumPy
 * reference values of src/test/python/metrics_reference.py, as the path that runs the image itself.
 */
class FaithfulnessScorerKnownScoreTest {
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

    @Test
    void knownScoresCostOnlyTheMetricsImagesAndGiveTheReferenceValues() {
        FaithfulnessScorer scorer = new FaithfulnessScorer(session.explainable(), session.preprocessing(), ref.get("steps").asInt(), 0.0, 0, 128);
        float[] logits = session.explainable().forward(input, 1).data();
        List<SaliencyMap> two = List.of(new SaliencyMap(MetricsReference.floats(ref.get("cam8")), 8, 8),
                new SaliencyMap(MetricsReference.floats(ref.get("map32")), 32, 32));
        FaithfulnessScorer.Scores s = scorer.score(input, logits, cls, two, EnumSet.of(Metric.AVERAGE_DROP, Metric.INCREASE));
        assertEquals(2, s.forwardImages(), "the two masked images, not the image itself");
        assertEquals(1, s.runs());
        assertEquals(ref.get("cam8_scores").get("Y").asDouble(), s.score(), 1e-4);
        assertEquals(ref.get("cam8_scores").get("average_drop").asDouble(), s.perMap().get(0).get("average-drop").value(), 1e-4);
        assertEquals(ref.get("map32_scores").get("average_drop").asDouble(), s.perMap().get(1).get("average-drop").value(), 1e-4);
        assertEquals(ref.get("map32_scores").get("increase").asDouble(), s.perMap().get(1).get("increase").value(), 0);

        FaithfulnessScorer.Scores all = scorer.score(input, logits, cls, two, EnumSet.allOf(Metric.class));
        FaithfulnessScorer.Scores ran = scorer.score(input, cls, two, EnumSet.allOf(Metric.class));
        assertEquals(ran.forwardImages() - 1, all.forwardImages());
        for (int i = 0; i < 2; i++)
            for (Map.Entry<String, MetricValue> e : ran.perMap().get(i).entrySet())
                assertEquals(e.getValue().value(), all.perMap().get(i).get(e.getKey()).value(), 1e-6, e.getKey());
    }

    @Test
    void scoresOfTheWrongLengthAreRefused() {
        FaithfulnessScorer scorer = new FaithfulnessScorer(session.explainable(), session.preprocessing());
        GradLensException e = assertThrows(GradLensException.class, () -> scorer.score(input, new float[3], cls,
                List.of(new SaliencyMap(new float[64], 8, 8)), EnumSet.of(Metric.AVERAGE_DROP)));
        assertEquals("the known scores have 3 values; the model has 5 classes", e.getMessage());
    }
}
