package dev.gradlens.run;

import dev.gradlens.GradLensException;
import dev.gradlens.cli.GradLensCli;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.inference.Device;
import dev.gradlens.metrics.FaithfulnessScorer;
import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.MetricValue;
import dev.gradlens.metrics.SaliencyMap;
import dev.gradlens.scenes.ClipArtLibrary;
import dev.gradlens.scenes.GenerateScenesMain;
import dev.gradlens.service.ModelSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code gradlens run --metrics} with the embedded teaching model over generated test-split scenes:
 * every stored metric equals a direct {@link FaithfulnessScorer} call on the same image (decoded and
 * preprocessed as {@code explain} does), class and stored maps, for the predicted class and a
 * --target class; counterfactual maps get no rows. ROAD (whose noisy imputation is the slow part) runs
 * on two images and is checked by its definition: the value is the mean of the 9-level curve. Bad input: an unknown metric name (one line listing
 * the valid ones, nothing written) and a resume with other metrics. Needs openclipart-png.
 */
class SceneRunMetricsTest {
    static final Path MODEL = Path.of("models/scenes-clean.onnx");
    /** Small on purpose: every image costs 2 × 65 model runs per scored class here, and the test repeats them directly. */
    static final int N = 5;
    @TempDir
    static Path dir;
    static Path scenes;

    @BeforeAll
    static void generate() {
        assumeTrue(ClipArtLibrary.isInstalled(), "openclipart-png not installed (apt-get install openclipart-png)");
        scenes = dir.resolve("scenes");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, GenerateScenesMain.run(new String[] {"--out", scenes.toString(), "--count", String.valueOf(N), "--split", "test",
                "--seed", "21"}, quiet, quiet));
    }

    @Test
    void storedMetricsEqualDirectScorerCallsImageByImage() throws Exception {
        Path run = dir.resolve("metrics.duckdb");
        try (RunEngine e = RunEngine.prepare(new RunRequest(MODEL, scenes, run, List.of("gradcam", "gradcampp", "gradcam-counterfactual"),
                List.of("1"), 0, null, 3, 0, 1, null, List.of("faithfulness", "deletion-insertion")))) {
            assertEquals(RunMetrics.ofIds("masked-score,average-drop,increase,deletion-auc,insertion-auc"), e.metrics());
            assertEquals(N, e.execute(null, Cancellation.NONE).done());
        }
        List<List<Object>> size = RunTables.rows(run, "SELECT layer_height, layer_width, options_json FROM run");
        int h = ((Number) size.get(0).get(0)).intValue(), w = ((Number) size.get(0).get(1)).intValue();
        assertEquals("masked-score,average-drop,increase,deletion-auc,insertion-auc", RunHeader.storedMetrics((String) size.get(0).get(2)));
        EnumSet<Metric> asked = EnumSet.range(Metric.MASKED_SCORE, Metric.INSERTION_AUC);
        int classesScored = 0;
        try (ModelSession session = ModelSession.open(MODEL, null, null, Device.CPU)) {
            FaithfulnessScorer scorer = new FaithfulnessScorer(session.explainable(), session.preprocessing());
            for (int id = 0; id < N; id++) {
                List<Object> img = RunTables.rows(run, "SELECT path, predicted_class FROM images WHERE image_id = " + id).get(0);
                float[] input = session.prepare(new ImageLoader().load(scenes.resolve((String) img.get(0))).image()).tensor().data();
                LinkedHashSet<Integer> classes = new LinkedHashSet<>(List.of(((Number) img.get(1)).intValue(), 1));
                for (int c : classes) {
                    classesScored++;
                    float[] gc = RunTables.map(run, id, "gradcam", c), gpp = RunTables.map(run, id, "gradcampp", c);
                    var s = scorer.score(input, c, List.of(new SaliencyMap(gc, h, w), new SaliencyMap(gpp, h, w)), asked);
                    assertSame(s.perMap().get(0), run, id, "gradcam", c);
                    assertSame(s.perMap().get(1), run, id, "gradcampp", c);
                }
            }
        }
        assertTrue(classesScored > N, "the --target class is another class than the predicted one on some images: " + classesScored);
        assertEquals(classesScored * 2L * asked.size(), RunTables.count(run, "SELECT count(*) FROM metrics"), "no other rows");
        assertEquals(0, RunTables.count(run, "SELECT count(*) FROM metrics WHERE counterfactual"));
        assertEquals(0, RunTables.count(run, "SELECT count(*) FROM metrics WHERE isnan(value)"));
    }

    /** The stored rows of one image, method and class equal the scorer's values (1e-6) and curves (exactly, float32). */
    private static void assertSame(Map<String, MetricValue> expected, Path run, int id, String method, int cls) throws Exception {
        List<List<Object>> rows = RunTables.rows(run, "SELECT metric, value, curve FROM metrics WHERE image_id = " + id + " AND method = '" + method
                + "' AND class = " + cls + " AND NOT counterfactual ORDER BY metric");
        assertEquals(expected.size(), rows.size(), "rows of image " + id + " " + method + " class " + cls);
        for (List<Object> r : rows) {
            MetricValue e = expected.get((String) r.get(0));
            String where = "image " + id + " " + method + " class " + cls + " " + r.get(0);
            if (e.value() == null) assertNull(r.get(1), where);
            else assertEquals(e.value(), ((Number) r.get(1)).doubleValue(), 1e-6, where);
            if (e.curve() == null) assertNull(r.get(2), where);
            else assertArrayEquals(e.curve(), RunTables.floats((byte[]) r.get(2)), 1e-6f, where);
        }
    }

    @Test
    void roadValuesAreTheMeansOfTheirNineLevelCurves() throws Exception {
        Path run = dir.resolve("road.duckdb");
        try (RunEngine e = RunEngine.prepare(new RunRequest(MODEL, scenes, run, List.of("gradcam"), null, 0, null, 2, 2, 1, null, List.of("road")))) {
            assertEquals(2, e.execute(null, Cancellation.NONE).done());
        }
        List<List<Object>> rows = RunTables.rows(run, "SELECT m.metric, m.value, m.curve FROM metrics m JOIN images i ON i.image_id = m.image_id"
                + " AND m.class = i.predicted_class ORDER BY m.image_id, m.metric");
        assertEquals(List.of("road-lerf", "road-morf", "road-lerf", "road-morf"), rows.stream().map(r -> r.get(0)).toList());
        assertEquals(4, RunTables.count(run, "SELECT count(*) FROM metrics"));
        for (List<Object> r : rows) {
            float[] curve = RunTables.floats((byte[]) r.get(2));
            assertEquals(9, curve.length, "10 %, 20 %, …, 90 % removed");
            double mean = 0;
            for (float c : curve) mean += c / 9.0;
            assertEquals(mean, ((Number) r.get(1)).doubleValue(), 1e-6);
        }
    }

    @Test
    void anUnknownMetricIsOneLineListingTheValidNamesAndWritesNothing() {
        Path out = dir.resolve("bad.duckdb");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.err;
        int code;
        System.setErr(new PrintStream(err, true));
        try {
            code = GradLensCli.execute("run", "--model", MODEL.toString(), "--data", scenes.toString(), "--out", out.toString(),
                    "--metrics", "faithfulness,drop");
        } finally {
            System.setErr(was);
        }
        assertEquals(2, code, err.toString());
        assertEquals("gradlens: error: Unknown metric 'drop'. Metrics: faithfulness, deletion-insertion, road, all, masked-score, average-drop, "
                + "increase, deletion-auc, insertion-auc, road-morf, road-lerf", err.toString().strip());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aResumeComputesTheRestOnceAndRefusesOtherMetrics() throws Exception {
        Path run = dir.resolve("resume.duckdb");
        RunRequest first = new RunRequest(MODEL, scenes, run, List.of("gradcam"), null, 0, null, 2, 2, 1, null, List.of("faithfulness"));
        try (RunEngine e = RunEngine.prepare(first)) {
            e.execute(null, Cancellation.NONE);
        }
        // the same metrics, the rest of the images: each image's three rows exactly once
        try (RunEngine e = RunEngine.prepare(new RunRequest(MODEL, scenes, run, List.of("gradcam"), null, 0, null, 2, 5, 1, null,
                List.of("masked-score", "average-drop", "increase")))) {
            assertEquals(5, e.execute(null, Cancellation.NONE).done());
        }
        assertEquals(5 * 3, RunTables.count(run, "SELECT count(*) FROM metrics"));
        assertEquals(5, RunTables.count(run, "SELECT count(DISTINCT image_id) FROM metrics"));
        for (List<String> other : List.of(List.of("road"), List.<String>of())) {
            var e = assertThrows(GradLensException.class, () -> RunEngine.prepare(new RunRequest(MODEL, scenes, run, List.of("gradcam"), null, 0, null,
                    2, 5, 1, null, other)));
            assertTrue(e.getMessage().startsWith("The run file resume.duckdb was made with --metrics masked-score,average-drop,increase:"), e.getMessage());
        }
        // a run made without metrics is not continued with them either
        Path plain = dir.resolve("plain.duckdb");
        try (RunEngine e = RunEngine.prepare(new RunRequest(MODEL, scenes, plain, List.of("gradcam"), null, 0, null, 2, 2, 1, null))) {
            e.execute(null, Cancellation.NONE);
        }
        var e = assertThrows(GradLensException.class, () -> RunEngine.prepare(new RunRequest(MODEL, scenes, plain, List.of("gradcam"), null, 0, null,
                2, 2, 1, null, List.of("road"))));
        assertTrue(e.getMessage().contains("was made with no --metrics"), e.getMessage());
        assertEquals(0, RunTables.count(plain, "SELECT count(*) FROM metrics"));
    }
}
