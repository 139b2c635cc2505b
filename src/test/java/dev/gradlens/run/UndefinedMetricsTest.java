package dev.gradlens.run;

import dev.gradlens.dataset.DatasetItem;
import dev.gradlens.inference.Device;
import dev.gradlens.metrics.FaithfulnessScorer;
import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.MetricValue;
import dev.gradlens.metrics.MetricsSummary;
import dev.gradlens.metrics.SaliencyMap;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Undefined values through the run's metric step and writer: an all-zero map (Average Drop and the
 * curves undefined) is stored as NULL, the data-set mean leaves it out and counts it, and no NaN
 * reaches the table; a NaN (a model that returns NaN) is stored as NULL too. Expected values come from
 * direct {@link FaithfulnessScorer} calls, whose numbers FaithfulnessScorerTest checks against NumPy.
 */
class UndefinedMetricsTest {
    static final Path MODEL = Path.of("models/scenes-clean.onnx");
    static final EnumSet<Metric> ASKED = EnumSet.of(Metric.MASKED_SCORE, Metric.AVERAGE_DROP, Metric.INCREASE, Metric.DELETION_AUC,
            Metric.INSERTION_AUC);

    @TempDir
    Path dir;

    @Test
    void anAllZeroMapIsStoredAsNullAndLeftOutOfTheMean() throws Exception {
        try (ModelSession session = ModelSession.open(MODEL, null, null, Device.CPU)) {
            ItemRunner runner = ItemRunner.of(session, List.of(), "gradcam,gradcampp", null, null, 0, 0, "faithfulness,deletion-insertion");
            int per = session.analysis().input().valuesPerImage(), k = session.analysis().classes(), cls = 1;
            Random rnd = new Random(5);
            float[][] inputs = new float[2][per];
            for (float[] in : inputs) for (int i = 0; i < per; i++) in[i] = (float) rnd.nextGaussian();
            float[] zero = new float[16], ramp = new float[16], bump = new float[16];
            for (int i = 0; i < 16; i++) {
                ramp[i] = i;
                bump[i] = i == 5 ? 3f : 0.5f;
            }
            // image 0: Grad-CAM all zero, Grad-CAM++ a ramp; image 1: a bump and the ramp
            float[][][] maps = {{zero, ramp}, {bump, ramp}};
            FaithfulnessScorer direct = new FaithfulnessScorer(session.explainable(), session.preprocessing());
            List<ImageResult> results = new java.util.ArrayList<>();
            Map<String, MetricValue>[][] expected = new Map[2][];
            for (int img = 0; img < 2; img++) {
                List<ImageResult.StoredMap> stored = List.of(
                        new ImageResult.StoredMap("gradcam", cls, false, new Tensor(maps[img][0], new int[] {4, 4})),
                        new ImageResult.StoredMap("gradcampp", cls, false, new Tensor(maps[img][1], new int[] {4, 4})));
                List<ImageResult.StoredMetric> rows = runner.score(inputs[img], null, cls, stored);
                assertEquals(2 * ASKED.size(), rows.size());
                var s = direct.score(inputs[img], cls, List.of(new SaliencyMap(maps[img][0], 4, 4), new SaliencyMap(maps[img][1], 4, 4)), ASKED);
                expected[img] = new Map[] {s.perMap().get(0), s.perMap().get(1)};
                DatasetItem item = new DatasetItem(img, "img" + img + ".png", dir.resolve("img" + img + ".png"), List.of("x"), Map.of(),
                        (w, h) -> List.of(), false);
                float[] scores = new float[k], probs = new float[k];
                probs[cls] = 1f;
                results.add(new ImageResult(new DecodedImage(item, null, 10, 10, DecodedImage.OK, null, List.of()), cls, List.of(cls), List.of(),
                        new int[] {cls, 0}, scores, probs, List.of(), rows));
            }
            assertNull(expected[0][0].get("average-drop").value(), "the scorer calls the zero map's drop undefined");
            Path file = dir.resolve("run.duckdb");
            try (RunDatabase db = RunDatabase.openForWriting(file)) {
                try (RunWriter w = new RunWriter(db.connection())) {
                    w.write(results);
                }
                db.connection().setAutoCommit(true);
                // every row of the zero map except O (the black image's score) is NULL
                assertEquals(List.of(List.of("average-drop"), List.of("deletion-auc"), List.of("increase"), List.of("insertion-auc")),
                        rows(db, "SELECT metric FROM metrics WHERE image_id = 0 AND method = 'gradcam' AND value IS NULL ORDER BY metric"));
                assertEquals(0L, rows(db, "SELECT count(*) FROM metrics WHERE isnan(value)").get(0).get(0));
                assertEquals(2L * 2 * ASKED.size(), rows(db, "SELECT count(*) FROM metrics").get(0).get(0));
                for (int img = 0; img < 2; img++) {
                    List<List<Object>> stored = rows(db, "SELECT method, metric, value, curve FROM metrics WHERE image_id = " + img);
                    for (List<Object> row : stored) {
                        MetricValue e = expected[img]["gradcam".equals(row.get(0)) ? 0 : 1].get((String) row.get(1));
                        if (e.value() == null) {
                            assertNull(row.get(2), row.toString());
                        } else {
                            assertEquals(e.value(), (Double) row.get(2), 0, row.toString());
                        }
                        if (e.curve() == null) assertNull(row.get(3));
                        else assertArrayEquals(e.curve(), RunTables.floats((byte[]) row.get(3)), row.toString());
                    }
                }
                MetricsSummary.Row gc = MetricsSummary.means(db.connection(), String.valueOf(db.location()), MetricsSummary.ClassRole.PREDICTED, 100, 1).stream()
                        .filter(r -> r.method().equals("gradcam") && r.metric().equals("average-drop")).findFirst().orElseThrow();
                assertEquals(2, gc.images());
                assertEquals(1, gc.undefined());
                assertNotNull(gc.mean());
                assertEquals(expected[1][0].get("average-drop").value(), gc.mean(), 0, "the mean is image 1's drop alone");
            }
        }
    }

    @Test
    void aNaNValueIsStoredAsNull() {
        ImageResult.StoredMap map = new ImageResult.StoredMap("gradcam", 3, false, new Tensor(new float[4], new int[] {2, 2}));
        assertNull(ImageResult.StoredMetric.of(map, new MetricValue(Metric.AVERAGE_DROP, Double.NaN, null, null)).value());
        assertNull(ImageResult.StoredMetric.of(map, new MetricValue(Metric.DELETION_AUC, Double.POSITIVE_INFINITY, new float[2], null)).value());
        ImageResult.StoredMetric ok = ImageResult.StoredMetric.of(map, new MetricValue(Metric.INSERTION_AUC, 0.25, new float[] {1f, 2f}, null));
        assertEquals(0.25, ok.value(), 0);
        assertEquals("insertion-auc", ok.metric());
        assertArrayEquals(new float[] {1f, 2f}, ok.curve());
    }

    private static List<List<Object>> rows(RunDatabase db, String sql) throws Exception {
        List<List<Object>> out = new java.util.ArrayList<>();
        try (var s = db.connection().createStatement(); var r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> row = new java.util.ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object o = r.getObject(i);
                    if (o instanceof java.sql.Blob b) o = b.getBytes(1, (int) b.length());
                    row.add(o);
                }
                out.add(row);
            }
        }
        return out;
    }
}
