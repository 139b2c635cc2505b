package dev.gradlens.metrics;

import dev.gradlens.run.RunDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Means, undefined counts, bootstrap intervals and the Win % matrix from a hand-filled metrics
 * table: 4 images, two methods; image 3's Grad-CAM map was all zero (drop NULL).
 */
class MetricsSummaryTest {
    @TempDir
    Path dir;

    private RunDatabase filled() throws Exception {
        RunDatabase db = RunDatabase.openForWriting(dir.resolve("run.duckdb"));
        try (Statement s = db.connection().createStatement()) {
            for (int i = 0; i < 4; i++) {
                s.execute("INSERT INTO images (image_id, path, status, predicted_class, true_class) VALUES (" + i + ", 'img" + i + ".png', 'ok', 7, 3)");
            }
            // gradcam drops 0.2, 0.4, 0.0, NULL ; gradcampp drops 0.1, 0.5, 0.0, 0.3
            s.execute("""
                    INSERT INTO metrics VALUES
                      (0, 'gradcam', 7, false, 'average-drop', 0.2, NULL), (1, 'gradcam', 7, false, 'average-drop', 0.4, NULL),
                      (2, 'gradcam', 7, false, 'average-drop', 0.0, NULL), (3, 'gradcam', 7, false, 'average-drop', NULL, NULL),
                      (0, 'gradcampp', 7, false, 'average-drop', 0.1, NULL), (1, 'gradcampp', 7, false, 'average-drop', 0.5, NULL),
                      (2, 'gradcampp', 7, false, 'average-drop', 0.0, NULL), (3, 'gradcampp', 7, false, 'average-drop', 0.3, NULL),
                      (0, 'gradcam', 7, false, 'increase', 1, NULL), (1, 'gradcam', 7, false, 'increase', 1, NULL),
                      (0, 'gradcam', 3, false, 'average-drop', 0.9, NULL), (0, 'gradcam', 7, true, 'average-drop', 0.9, NULL)
                    """);
        }
        return db;
    }

    @Test
    void meansSkipUndefinedValuesAndCountThem() throws Exception {
        try (RunDatabase db = filled()) {
            List<MetricsSummary.Row> rows = MetricsSummary.means(db.connection(), String.valueOf(db.location()), MetricsSummary.ClassRole.PREDICTED, 2000, 1);
            assertEquals(3, rows.size());
            MetricsSummary.Row gc = rows.get(0);
            assertEquals("gradcam", gc.method());
            assertEquals("average-drop", gc.metric());
            assertEquals(4, gc.images());
            assertEquals(1, gc.undefined());
            assertEquals(0.2, gc.mean(), 1e-12);
            // three values 0.2, 0.4, 0.0: a resample of three 0.0s (or three 0.4s) has probability 1/27 > 2.5 %,
            // so the 95 % percentile interval is exactly [0, 0.4]
            assertEquals(0.0, gc.ciLow(), 1e-12);
            assertEquals(0.4, gc.ciHigh(), 1e-12);
            MetricsSummary.Row inc = rows.get(1);
            assertEquals("increase", inc.metric());
            assertEquals(1.0, inc.ciLow(), 0); // every resample of (1, 1) has mean 1
            assertEquals(1.0, inc.ciHigh(), 0);
            assertEquals(0.225, rows.get(2).mean(), 1e-12);
            // the true-class rows are another selection: image 0's class 3 only
            List<MetricsSummary.Row> truth = MetricsSummary.means(db.connection(), String.valueOf(db.location()), MetricsSummary.ClassRole.TRUE, 100, 1);
            assertEquals(1, truth.size());
            assertEquals(0.9, truth.get(0).mean(), 1e-12);
        }
    }

    @Test
    void winMatrixComparesImagesWhereBothDropsAreDefinedAndReportsTies() throws Exception {
        try (RunDatabase db = filled()) {
            List<MetricsSummary.Win> w = MetricsSummary.winMatrix(db.connection(), String.valueOf(db.location()), MetricsSummary.ClassRole.PREDICTED);
            assertEquals(2, w.size());
            assertEquals("gradcam", w.get(0).methodA());
            assertEquals(new WinPercent(1, 1, 1), w.get(0).counts()); // image 1 win, 2 tie, 0 loss; image 3 left out
            assertEquals(new WinPercent(1, 1, 1), w.get(1).counts());
        }
    }

    @Test
    void aMetricWithNoDefinedValueHasNoMean() throws Exception {
        try (RunDatabase db = filled()) {
            try (Statement s = db.connection().createStatement()) {
                s.execute("INSERT INTO metrics VALUES (0, 'scorecam', 7, false, 'deletion-auc', NULL, NULL)");
            }
            MetricsSummary.Row r = MetricsSummary.means(db.connection(), String.valueOf(db.location()), MetricsSummary.ClassRole.PREDICTED, 100, 1).get(3);
            assertEquals("scorecam", r.method());
            assertNull(r.mean());
            assertEquals(1, r.undefined());
        }
    }

    @Test
    void bootstrapPercentilesInterpolateLikeNumPy() {
        // numpy.percentile([1, 2, 3, 4], 2.5) = 1.075, (…, 97.5) = 3.925
        assertEquals(1.075, BootstrapCi.percentile(new double[] {1, 2, 3, 4}, 2.5), 1e-12);
        assertEquals(3.925, BootstrapCi.percentile(new double[] {1, 2, 3, 4}, 97.5), 1e-12);
    }
}
