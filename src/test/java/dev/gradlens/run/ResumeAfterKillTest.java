package dev.gradlens.run;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.scenes.ClipArtLibrary;
import dev.gradlens.scenes.GenerateScenesMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * kill -9 during a run with {@code --metrics faithfulness}, several times at random moments, then
 * resume: the run ends with exactly N image rows, none twice, every image whole (its predictions,
 * maps and metrics rows committed with it, each metrics row exactly once), and the same numbers as an
 * uninterrupted run. The run is a child JVM running the CLI (SIGKILL through
 * Process.destroyForcibly). Size: -Dgradlens.resumeTest.images (default 100; the 2,000 was
 * run by hand, see docs/cli.md) and -Dgradlens.resumeTest.kills (default 3). Needs openclipart-png.
 */
class ResumeAfterKillTest {
    static final int N = Integer.getInteger("gradlens.resumeTest.images", 100);
    static final int KILLS = Integer.getInteger("gradlens.resumeTest.kills", 3);
    static final Path MODEL = Path.of("models/scenes-clean.onnx").toAbsolutePath();
    static final String METRICS = "faithfulness";

    @TempDir
    Path dir;

    @Test
    void killedRunsResumeToTheUninterruptedResult() throws Exception {
        assumeTrue(ClipArtLibrary.isInstalled(), "openclipart-png not installed (apt-get install openclipart-png)");
        Path scenes = dir.resolve("scenes");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, GenerateScenesMain.run(new String[] {"--out", scenes.toString(), "--count", String.valueOf(N), "--split", "test",
                "--seed", "3", "--threads", "2"}, quiet, quiet));
        Path run = dir.resolve("killed.duckdb");
        Random random = new Random(20261204L);
        int killed = 0;
        for (int k = 0; k < KILLS; k++) {
            Process p = child(scenes, run);
            // wait until the child has committed at least one batch, then kill it a random moment later
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String line;
            boolean started = false;
            StringBuilder said = new StringBuilder();
            while ((line = err.readLine()) != null) {
                said.append(line).append('\n');
                if (line.startsWith("run: ")) {
                    started = true;
                    break;
                }
            }
            if (!started && p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0
                    && RunTables.count(run, "SELECT count(*) FROM images") == N) break; // an earlier child finished the run
            assertTrue(started, "the child run printed no progress: " + said);
            // A kill within the next ~0.25 s: the head-gradient path runs ~70 scenes/s on 2 cores, so a longer
            // wait would let most children finish before the kill lands.
            Thread.sleep(random.nextInt(Math.min(15 * N, 250)));
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                killed++;
            }
            p.waitFor(30, TimeUnit.SECONDS);
            assertWhole(run);
        }
        assertTrue(killed > 0, "no kill landed during a run");
        Process last = child(scenes, run);
        last.getErrorStream().transferTo(new ByteArrayOutputStream());
        assertEquals(0, last.waitFor(300, TimeUnit.SECONDS) ? last.exitValue() : -1, "the resumed run finished");

        assertEquals(N, RunTables.count(run, "SELECT count(*) FROM images"));
        assertEquals(N, RunTables.count(run, "SELECT count(DISTINCT image_id) FROM images"));
        assertEquals(N - 1, RunTables.count(run, "SELECT max(image_id) FROM images"));
        assertWhole(run);

        Path straight = dir.resolve("straight.duckdb");
        try (RunEngine e = RunEngine.prepare(new RunRequest(MODEL, scenes, straight, null, null, 0, null, 8, 0, 1, null, List.of(METRICS)))) {
            e.execute(null, Cancellation.NONE);
        }
        String imagesSql = "SELECT image_id, path, true_class, status, predicted_class, correct FROM images ORDER BY image_id";
        assertEquals(RunTables.rows(straight, imagesSql), RunTables.rows(run, imagesSql));
        String predsSql = "SELECT image_id, rank, class FROM predictions ORDER BY image_id, rank";
        assertEquals(RunTables.rows(straight, predsSql), RunTables.rows(run, predsSql));
        List<List<Object>> a = RunTables.rows(straight, "SELECT score, probability FROM predictions ORDER BY image_id, rank");
        List<List<Object>> b = RunTables.rows(run, "SELECT score, probability FROM predictions ORDER BY image_id, rank");
        for (int i = 0; i < a.size(); i++) {
            for (int c = 0; c < 2; c++) assertEquals(((Number) a.get(i).get(c)).doubleValue(), ((Number) b.get(i).get(c)).doubleValue(), 1e-4);
        }
        String mapsSql = "SELECT image_id, method, class, counterfactual, data FROM maps ORDER BY image_id, method, class";
        List<List<Object>> ma = RunTables.rows(straight, mapsSql), mb = RunTables.rows(run, mapsSql);
        assertEquals(ma.size(), mb.size());
        for (int i = 0; i < ma.size(); i++) {
            assertEquals(ma.get(i).subList(0, 4), mb.get(i).subList(0, 4));
            float[] x = RunTables.floats((byte[]) ma.get(i).get(4)), y = RunTables.floats((byte[]) mb.get(i).get(4));
            assertEquals(x.length, y.length);
            for (int j = 0; j < x.length; j++) assertEquals(x[j], y[j], 1e-5, "map row " + i);
        }
        String metricsSql = "SELECT image_id, method, class, counterfactual, metric, value FROM metrics ORDER BY image_id, method, class, metric";
        List<List<Object>> sa = RunTables.rows(straight, metricsSql), sb = RunTables.rows(run, metricsSql);
        assertEquals(sa.size(), sb.size());
        assertEquals(N * 2L * 3, sb.size(), "3 metrics × 2 methods of the predicted class, per image");
        for (int i = 0; i < sa.size(); i++) {
            assertEquals(sa.get(i).subList(0, 5), sb.get(i).subList(0, 5));
            Object x = sa.get(i).get(5), y = sb.get(i).get(5);
            if (x == null || y == null) assertEquals(x, y, "metrics row " + i);
            else assertEquals(((Number) x).doubleValue(), ((Number) y).doubleValue(), 1e-5, "metrics row " + i);
        }
    }

    /** Every committed image is whole: 5 predictions and 2 maps per distinct (true, predicted) class, nothing orphaned. */
    private static void assertWhole(Path run) throws Exception {
        assertEquals(0, RunTables.count(run, "SELECT count(*) FROM images i WHERE status = 'ok' AND"
                + " (SELECT count(*) FROM predictions p WHERE p.image_id = i.image_id) <> 5"));
        assertEquals(0, RunTables.count(run, "SELECT count(*) FROM images i WHERE status = 'ok' AND"
                + " (SELECT count(*) FROM maps m WHERE m.image_id = i.image_id) <> CASE WHEN true_class = predicted_class THEN 2 ELSE 4 END"));
        assertEquals(0, RunTables.count(run, "SELECT count(*) FROM predictions WHERE image_id NOT IN (SELECT image_id FROM images)"));
        assertEquals(0, RunTables.count(run, "SELECT count(*) FROM maps WHERE image_id NOT IN (SELECT image_id FROM images)"));
        assertEquals(0, RunTables.count(run, "SELECT count(*) FROM groups WHERE image_id NOT IN (SELECT image_id FROM images)"));
        // metrics: 3 faithfulness rows for each of the 2 methods' maps of the predicted class, committed with the image, none twice
        assertEquals(0, RunTables.count(run, "SELECT count(*) FROM images i WHERE status = 'ok' AND"
                + " (SELECT count(*) FROM metrics m WHERE m.image_id = i.image_id AND m.class = i.predicted_class) <> 6"));
        assertEquals(0, RunTables.count(run, "SELECT count(*) FROM metrics WHERE image_id NOT IN (SELECT image_id FROM images)"));
        assertEquals(0, RunTables.count(run, "SELECT count(*) FROM (SELECT image_id, method, class, counterfactual, metric FROM metrics"
                + " GROUP BY ALL HAVING count(*) > 1)"));
    }

    private static Process child(Path scenes, Path run) throws Exception {
        // a killed JVM cannot delete the native libraries it unpacked (DuckDB's is 58 MB): unpack them into the test's folder
        Path tmp = java.nio.file.Files.createDirectories(run.getParent().resolve("tmp-" + System.nanoTime()));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-Xss4m", "-Xmx1g", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "dev.gradlens.cli.GradLensCli",
                "run", "--model", MODEL.toString(), "--data", scenes.toString(), "--out", run.toString(), "--batch", "8", "--threads", "1",
                "--metrics", METRICS));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }
}
