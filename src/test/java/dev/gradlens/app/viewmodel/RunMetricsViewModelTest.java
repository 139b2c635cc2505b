package dev.gradlens.app.viewmodel;

import dev.gradlens.GradLensException;
import dev.gradlens.app.task.ImmediateTaskExecutor;
import dev.gradlens.metrics.ImageMetrics;
import dev.gradlens.metrics.MetricsSummary;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.browse.ImageRow;
import dev.gradlens.run.browse.RunFixture;
import dev.gradlens.service.DatasetRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run view's faithfulness part on RunFixture's worked example with a hand-filled metrics table
 * (rows of each image's predicted class): Grad-CAM drops 0.10, 0.50, 0.30, NULL, 0.90, 0.20, 0.00, 0.70,
 * 0.40 and Grad-CAM++ drops 0.20, 0.40, 0.30, 0.10, 0.80, 0.25, 0.00, 0.60, 0.45 for images 0–6, 8, 9;
 * Grad-CAM insertion AUCs 0.6, 0.2, 0.5, 0.3 for images 0–3. A true-class row and a counterfactual row
 * (drop 0.99) must be left out.
 */
class RunMetricsViewModelTest {
    @TempDir
    Path dir;

    private static final int[] IDS = {0, 1, 2, 3, 4, 5, 6, 8, 9};
    private static final int[] PREDICTED = {0, 1, 1, 1, 0, 1, 2, 0, 3};
    private static final Double[] GRADCAM = {0.10, 0.50, 0.30, null, 0.90, 0.20, 0.00, 0.70, 0.40};
    private static final Double[] GRADCAMPP = {0.20, 0.40, 0.30, 0.10, 0.80, 0.25, 0.00, 0.60, 0.45};

    private Path run() throws Exception {
        Path file = RunFixture.example(dir).methods("gradcam,gradcampp").write();
        try (RunDatabase db = RunDatabase.openForWriting(file); Statement s = db.connection().createStatement()) {
            for (int i = 0; i < IDS.length; i++) {
                s.execute("INSERT INTO metrics VALUES (" + IDS[i] + ", 'gradcam', " + PREDICTED[i] + ", false, 'average-drop', " + GRADCAM[i] + ", NULL)");
                s.execute("INSERT INTO metrics VALUES (" + IDS[i] + ", 'gradcampp', " + PREDICTED[i] + ", false, 'average-drop', " + GRADCAMPP[i] + ", NULL)");
            }
            s.execute("INSERT INTO metrics VALUES (0, 'gradcam', 0, false, 'insertion-auc', 0.6, NULL), (1, 'gradcam', 1, false, 'insertion-auc', 0.2, NULL),"
                    + " (2, 'gradcam', 1, false, 'insertion-auc', 0.5, NULL), (3, 'gradcam', 1, false, 'insertion-auc', 0.3, NULL)");
            // image 1's true class is 0 (not its predicted 1), and a counterfactual map: neither is summarised
            s.execute("INSERT INTO metrics VALUES (1, 'gradcam', 0, false, 'average-drop', 0.99, NULL), (2, 'gradcam', 1, true, 'average-drop', 0.99, NULL)");
            s.execute("CHECKPOINT");
        }
        return file;
    }

    private DatasetViewModel vm() {
        return new DatasetViewModel(request -> {
            throw new GradLensException("no engine in this test");
        }, new ImmediateTaskExecutor(), new ImmediateTaskExecutor(), Runnable::run, new StatusViewModel(), new DatasetViewModelTest.FakeHost());
    }

    private static List<Integer> ids(List<ImageRow> rows) {
        return rows.stream().map(ImageRow::imageId).toList();
    }

    @Test
    void meansAreMetricsSummarysAndTheWinMatrixCountsByHand() throws Exception {
        Path file = run();
        DatasetViewModel vm = vm();
        vm.openRun(file);
        RunMetricsViewModel m = vm.metrics();
        assertTrue(m.hasMetricsProperty().get());
        List<MetricsSummary.Row> expected;
        try (RunDatabase db = RunDatabase.openForReading(file)) {
            expected = MetricsSummary.means(db.connection(), String.valueOf(db.location()), MetricsSummary.ClassRole.PREDICTED, MetricsSummary.DEFAULT_RESAMPLES, RunMetricsViewModel.SEED);
        }
        assertEquals(expected, m.means().stream().map(RunMetricsViewModel.MeanRow::row).toList());
        assertEquals(3, m.means().size());
        RunMetricsViewModel.MeanRow gc = m.means().get(0);
        assertEquals("Grad-CAM", gc.method());
        assertEquals("average drop", gc.metric());
        assertEquals("38.75 %", gc.mean()); // (0.1 + 0.5 + 0.3 + 0.9 + 0.2 + 0 + 0.7 + 0.4) / 8; image 3 undefined
        assertEquals(9, gc.images());
        assertEquals(1, gc.undefined());
        assertEquals("0.400", m.means().get(1).mean()); // insertion AUC (0.6 + 0.2 + 0.5 + 0.3) / 4
        assertEquals(List.of("gradcam", "gradcampp"), m.methods());
        // 8 images with both drops: Grad-CAM smaller on 0, 5, 9; equal on 2, 6; larger on 1, 4, 8
        assertEquals(new dev.gradlens.metrics.WinPercent(3, 2, 3), m.win("gradcam", "gradcampp"));
        assertEquals("37.5 % (ties 25.0 %)", m.winText("gradcam", "gradcampp"));
        assertEquals("37.5 % (ties 25.0 %)", m.winText("gradcampp", "gradcam"));
        assertEquals("–", m.winText("gradcam", "gradcam"));
    }

    @Test
    void sortingByAMetricListsTheLeastFaithfulFirst() throws Exception {
        DatasetViewModel vm = vm();
        vm.openRun(run());
        RunMetricsViewModel m = vm.metrics();
        ImageMetrics.Column drop = new ImageMetrics.Column("gradcam", "average-drop");
        ImageMetrics.Column insertion = new ImageMetrics.Column("gradcam", "insertion-auc");
        assertEquals(List.of(drop, insertion, new ImageMetrics.Column("gradcampp", "average-drop")), m.columns());
        assertEquals(4, m.sortChoices().size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 8, 9), ids(vm.rows()), "the filter's order before a metric is chosen");

        m.sortProperty().set(new RunMetricsViewModel.SortChoice(drop));
        // the largest Grad-CAM drop first; image 3's undefined drop last
        assertEquals(List.of(4, 8, 1, 9, 2, 5, 0, 6, 3), ids(vm.rows()));
        assertNull(m.value(vm.rows().get(8), drop));
        assertEquals(0.9, m.value(vm.rows().get(0), drop), 0);
        vm.mistakesOnlyProperty().set(true); // mistakes 1, 2, 4, 5, 9 keep the metric's order
        assertEquals(List.of(4, 1, 9, 2, 5), ids(vm.rows()));
        vm.mistakesOnlyProperty().set(false);

        m.sortProperty().set(new RunMetricsViewModel.SortChoice(insertion));
        // the smallest insertion AUC first; images without one last, by id
        assertEquals(List.of(1, 3, 2, 0, 4, 5, 6, 8, 9), ids(vm.rows()));
        m.sortProperty().set(RunMetricsViewModel.NO_SORT);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 8, 9), ids(vm.rows()));
    }

    @Test
    void aParquetRunReadsAlikeAndARunWithoutMetricsShowsNone() throws Exception {
        Path file = run();
        DatasetViewModel fromFile = vm();
        fromFile.openRun(file);
        DatasetViewModel fromParquet = vm();
        fromParquet.openRun(RunFixture.toParquet(file, dir.resolve("pq")));
        assertEquals(fromFile.metrics().means(), fromParquet.metrics().means());
        assertEquals(fromFile.metrics().columns(), fromParquet.metrics().columns());

        Path plain = RunFixture.example(dir.resolve("plain")).write();
        DatasetViewModel none = vm();
        none.openRun(plain);
        assertFalse(none.metrics().hasMetricsProperty().get());
        assertTrue(none.metrics().means().isEmpty());
        assertTrue(none.metrics().columns().isEmpty());
        assertEquals(List.of(RunMetricsViewModel.NO_SORT), none.metrics().sortChoices());
        fromFile.closeRun();
        assertFalse(fromFile.metrics().hasMetricsProperty().get());
    }
}
