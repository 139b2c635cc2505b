package dev.gradlens.run.browse;

import dev.gradlens.GradLensException;
import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.MetricsSummary;
import dev.gradlens.run.RunDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics read side on the worked example (RunFixture.example; mistakes 1, 2, 4, 5, 9) with
 * hand-written metrics rows: Grad-CAM's Average Drop of the predicted class's map is 0.11, 0.50,
 * NULL (an all-zero map), 0.30, 0.20, 0.90, 0.05, —, 0.40, 0.70 for images 0–9; rows of another
 * class and a counterfactual row are there to be ignored.
 */
public class MetricQueriesTest {
    @TempDir
    Path dir;

    /** The example run with the metrics rows above; also used by the CLI tests. */
    public static Path exampleWithMetrics(Path dir) throws Exception {
        Path file = RunFixture.example(dir).camsForAll(4, 4).write();
        try (RunDatabase db = RunDatabase.openForWriting(file);
             PreparedStatement p = db.connection().prepareStatement("INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int[] predicted = {0, 1, 1, 1, 0, 1, 2, -1, 0, 3};
            Double[] drop = {0.11, 0.50, null, 0.30, 0.20, 0.90, 0.05, null, 0.40, 0.70};
            Double[] dropPp = {0.10, 0.40, 0.20, 0.30, 0.25, 0.10, 0.10, null, 0.50, 0.70};
            for (int i = 0; i < 10; i++) {
                if (predicted[i] < 0) continue;
                add(p, i, "gradcam", predicted[i], false, "average-drop", drop[i], null);
                add(p, i, "gradcampp", predicted[i], false, "average-drop", dropPp[i], null);
                add(p, i, "gradcam", predicted[i], false, "insertion-auc", 0.1 * i, new float[] {0f, 0.5f, (float) (0.1 * i)});
            }
            add(p, 1, "gradcam", 0, false, "average-drop", 0.99, null); // image 1's true class: not the predicted one
            add(p, 4, "gradcam", 0, true, "average-drop", 0.01, null); // counterfactual
        }
        return file;
    }

    private static void add(PreparedStatement p, int image, String method, int cls, boolean cf, String metric, Double v, float[] curve) throws Exception {
        p.setInt(1, image);
        p.setString(2, method);
        p.setInt(3, cls);
        p.setBoolean(4, cf);
        p.setString(5, metric);
        p.setObject(6, v);
        p.setObject(7, curve == null ? null : RunFixture.floats(curve));
        p.execute();
    }

    private static List<Integer> ids(List<ImageRow> rows) {
        return rows.stream().map(ImageRow::imageId).toList();
    }

    @Test
    void sortsTheFailureListByAMetricOfThePredictedClassUndefinedLast() throws Exception {
        Path file = exampleWithMetrics(dir);
        for (Path run : List.of(file, RunFixture.toParquet(file, dir.resolve("pq")))) {
            try (RunQueries q = RunQueries.open(run)) {
                MetricQueries m = q.metrics();
                assertTrue(m.any());
                assertEquals(List.of("gradcam", "gradcampp"), m.methods());
                assertEquals(List.of(Metric.AVERAGE_DROP, Metric.INSERTION_AUC), m.metrics());
                FailureFilter mistakes = FailureFilter.mistakes();
                // drops of the mistakes 1, 2, 4, 5, 9: 0.50, NULL, 0.20, 0.90, 0.70 → highest drop (least faithful) first, NULL last
                assertEquals(List.of(5, 9, 1, 4, 2), ids(m.rows(q, mistakes, "gradcam", Metric.AVERAGE_DROP, MetricQueries.Order.LEAST_FAITHFUL_FIRST)));
                assertEquals(List.of(4, 1, 9, 5, 2), ids(m.rows(q, mistakes, "gradcam", Metric.AVERAGE_DROP, MetricQueries.Order.ASCENDING)));
                assertEquals(List.of(4, 1, 9, 5, 2), ids(m.rows(q, mistakes, "gradcam", Metric.AVERAGE_DROP, MetricQueries.Order.MOST_FAITHFUL_FIRST)));
                // insertion AUC: low is unfaithful, so least faithful first is ascending (values 0.1 × id)
                assertEquals(List.of(1, 2, 4, 5, 9), ids(m.rows(q, mistakes, "gradcam", Metric.INSERTION_AUC, MetricQueries.Order.LEAST_FAITHFUL_FIRST)));
                // the filter and its limit still apply: gradcampp's drops of the mistakes are 0.40, 0.20, 0.25, 0.10, 0.70
                assertEquals(List.of(9, 1), ids(m.rows(q, mistakes.withLimit(2), "gradcampp", Metric.AVERAGE_DROP,
                        MetricQueries.Order.LEAST_FAITHFUL_FIRST)));
                // every image with p ≥ 0.8 (0, 1, 4, 6: drops 0.11, 0.50, 0.20, 0.05), first three
                assertEquals(List.of(1, 4, 0), ids(m.rows(q, FailureFilter.all().withMinConfidence(0.8).withLimit(3), "gradcam",
                        Metric.AVERAGE_DROP, MetricQueries.Order.LEAST_FAITHFUL_FIRST)));
            }
        }
    }

    @Test
    void valuesAreThePredictedClassesNotCounterfactualAndUndefinedIsNull() throws Exception {
        try (RunQueries q = RunQueries.open(exampleWithMetrics(dir))) {
            Map<Integer, Double> v = q.metrics().values("gradcam", Metric.AVERAGE_DROP);
            assertEquals(9, v.size(), "every readable image's predicted class; the failed image 7 has none");
            assertEquals(0.50, v.get(1), 0); // not its true class's 0.99
            assertEquals(0.20, v.get(4), 0); // not the counterfactual 0.01
            assertTrue(v.containsKey(2));
            assertNull(v.get(2));
            List<MetricQueries.ImageMetric> one = q.metrics().ofImage(9);
            assertEquals(3, one.size());
            MetricQueries.ImageMetric ins = one.stream().filter(x -> x.metric().equals("insertion-auc")).findFirst().orElseThrow();
            assertArrayEquals(new float[] {0f, 0.5f, 0.9f}, ins.curve());
            assertNull(one.stream().filter(x -> x.metric().equals("average-drop")).findFirst().orElseThrow().curve());
            // the summary the report shows: Grad-CAM's mean drop over the 8 defined images, one undefined
            MetricsSummary.Row gc = q.metrics().means().stream().filter(r -> r.method().equals("gradcam") && r.metric().equals("average-drop"))
                    .findFirst().orElseThrow();
            assertEquals((0.11 + 0.50 + 0.30 + 0.20 + 0.90 + 0.05 + 0.40 + 0.70) / 8, gc.mean(), 1e-12);
            assertEquals(1, gc.undefined());
        }
    }

    @Test
    void aMetricOrMethodTheRunLacksIsAClearError() throws Exception {
        try (RunQueries q = RunQueries.open(exampleWithMetrics(dir))) {
            var e = assertThrows(GradLensException.class, () -> q.metrics().rows(q, FailureFilter.mistakes(), "layercam", Metric.AVERAGE_DROP,
                    MetricQueries.Order.LEAST_FAITHFUL_FIRST));
            assertEquals("The run has no metrics of layercam; it has them for gradcam, gradcampp", e.getMessage());
            e = assertThrows(GradLensException.class, () -> q.metrics().rows(q, FailureFilter.mistakes(), "gradcam", Metric.ROAD_MORF,
                    MetricQueries.Order.LEAST_FAITHFUL_FIRST));
            assertEquals("The run has no road-morf values; it has average-drop, insertion-auc", e.getMessage());
        }
        Path plain = RunFixture.example(dir.resolve("plain")).write();
        try (RunQueries q = RunQueries.open(plain)) {
            assertFalse(q.metrics().any());
            var e = assertThrows(GradLensException.class, () -> q.metrics().defaultMethod());
            assertTrue(e.getMessage().startsWith("The run has no metrics"), e.getMessage());
        }
    }
}
