package dev.gradlens.spark;

import dev.gradlens.cli.GradLensCli;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.run.RunEngine;
import dev.gradlens.run.RunRequest;
import dev.gradlens.scenes.ClipArtLibrary;
import dev.gradlens.scenes.GenerateScenesMain;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Spark job on local[2] over 200 generated test-split scenes with the embedded teaching model:
 * its output equals the local run's {@code gradlens export --parquet} (same rows and Parquet schema,
 * top-1 equal, scores and maps within 1e-5), read back through RunDatabase as the desktop reads it;
 * a job cancelled after a few partitions and re-submitted ends with every image exactly once.
 * Needs openclipart-png; skipped without it.
 */
class SparkRunTest {
    static final String MODEL = Path.of("models/scenes-clean.onnx").toAbsolutePath().toString();
    static final int N = 200;
    static final double TOL = 1e-5;
    @TempDir
    static Path dir;
    static Path scenes, export;
    static SparkSession spark;

    @BeforeAll
    static void generateRunAndExport() throws Exception {
        assumeTrue(ClipArtLibrary.isInstalled(), "openclipart-png not installed (apt-get install openclipart-png)");
        scenes = dir.resolve("scenes");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        // badges at 0.5: groups and badge regions (with masks) occur, as the audit needs them
        assertEquals(0, GenerateScenesMain.run(new String[] {"--out", scenes.toString(), "--count", String.valueOf(N), "--split", "test",
                "--seed", "14", "--threads", "2", "--bias-class", "cat", "--bias-rate", "0.5", "--other-badge-rate", "0.5"}, quiet, quiet));
        Path run = dir.resolve("local.duckdb");
        try (RunEngine e = RunEngine.prepare(new RunRequest(Path.of(MODEL), scenes, run, null, null, 0, null, 16, 0, 1, null))) {
            assertEquals(N, e.execute(null, Cancellation.NONE).done());
        }
        export = dir.resolve("export");
        assertEquals(0, GradLensCli.execute("export", run.toString(), "--parquet", export.toString()));
        spark = SparkSession.builder().master("local[2]").appName("SparkRunTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    static SparkRunRequest request(Path out, int partitionSize) {
        return new SparkRunRequest(MODEL, scenes.toString(), out.toString(), null, null, 0, null, 16, 0, partitionSize);
    }

    @Test
    void cancelledJobResubmittedEqualsTheLocalRunsExportWithEveryImageOnce() throws Exception {
        Path out = dir.resolve("spark");
        // cancel the job once two of its 10 partitions have ended (the running ones stop at their next batch)
        AtomicInteger ended = new AtomicInteger();
        SparkListener canceller = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                if (ended.incrementAndGet() == 2) spark.sparkContext().cancelAllJobs();
            }
        };
        spark.sparkContext().addSparkListener(canceller);
        try {
            assertThrows(Exception.class, () -> SparkRun.run(spark, request(out, 20)));
        } finally {
            spark.sparkContext().removeSparkListener(canceller);
        }
        // a cancelled stage is gone at once, its killed tasks end a little later: wait for them
        while (spark.sparkContext().statusTracker().getActiveStageIds().length > 0
                || java.util.Arrays.stream(spark.sparkContext().statusTracker().getExecutorInfos()).anyMatch(x -> x.numRunningTasks() > 0)) {
            Thread.sleep(50);
        }
        HadoopFiles fs = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        int committed = PartitionOutput.committed(fs, out.toString()).size();
        assertTrue(committed >= 2 && committed < 10, "committed partitions after the cancel: " + committed);
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        // a kill between the renames of a partition: its other tables are in place, its images file is not
        int half = PartitionOutput.committed(fs, out.toString()).first();
        Files.delete(out.resolve("images").resolve(PartitionOutput.fileName(half)));

        SparkRunResult again = SparkRun.run(spark, request(out, 20));
        assertEquals(new SparkRunResult(N, 10, committed - 1, (10 - committed + 1) * 20L, 0), again);
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        // every image exactly once, and nothing of the killed attempts twice
        assertEquals(N, ParquetRuns.count(out, "SELECT count(DISTINCT image_id) FROM images"));
        assertEquals(0, ParquetRuns.count(out, "SELECT count(*) FROM (SELECT image_id, rank FROM predictions GROUP BY ALL HAVING count(*) > 1)"));
        assertEquals(0, ParquetRuns.count(out, "SELECT count(*) FROM (SELECT image_id, method, class, counterfactual FROM maps GROUP BY ALL HAVING count(*) > 1)"));
        assertSameRun(out);
        // Parquet schema: column names and types as the export writes them
        for (String t : PartitionOutput.TABLES) {
            assertEquals(ParquetRuns.schema(export.resolve(t).resolve("data.parquet")), ParquetRuns.schema(out.resolve(t).resolve("part-00001.parquet")), t);
        }
        assertEquals(ParquetRuns.schema(export.resolve("run/data.parquet")), ParquetRuns.schema(out.resolve("run/part-00000.parquet")));
        assertEquals(ParquetRuns.schema(export.resolve("metrics/data.parquet")), ParquetRuns.schema(out.resolve("metrics/empty.parquet")));
        // the model was opened once in this executor JVM, not once per task
        assertEquals(1, ExecutorModels.opened());
        // a third submission finds every partition done and computes nothing; without --partition-size
        // it takes the first submission's partitions (20 images), not a newly derived size
        assertEquals(new SparkRunResult(N, 10, 10, 0, 0), SparkRun.run(spark, request(out, 0)));
    }

    @Test
    void withoutAPartitionSizeTheJobMeasuresTheModelAndGivesEachOfItsTwoSlotsAPartition() throws Exception {
        // 40 images on local[2]: whatever the measured cost (the cost floor is above 20 images unless an
        // image costs more than 83 ms of CPU), the rule caps a partition at 40 / 2 slots = 20 images
        Path out = dir.resolve("spark-derived");
        SparkRunRequest r = new SparkRunRequest(MODEL, scenes.toString(), out.toString(), List.of("gradcam"), null, 3, null, 8, 40, 0);
        assertEquals(new SparkRunResult(40, 2, 0, 40, 0), SparkRun.run(spark, r));
        var job = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve(PartitionOutput.JOB_FILE).toFile());
        assertEquals(20, job.get("partition_size").asInt());
        assertEquals(40, ParquetRuns.count(out, "SELECT count(DISTINCT image_id) FROM images"));
    }

    @Test
    void anotherModelOrSettingInTheSameOutputIsRefused() throws Exception {
        Path out = dir.resolve("spark-limited");
        SparkRunRequest first = new SparkRunRequest(MODEL, scenes.toString(), out.toString(), List.of("gradcam"), null, 3, null, 8, 20, 10);
        assertEquals(new SparkRunResult(20, 2, 0, 20, 0), SparkRun.run(spark, first));
        SparkRunRequest other = new SparkRunRequest(MODEL, scenes.toString(), out.toString(), List.of("gradcampp"), null, 3, null, 8, 20, 10);
        var e = assertThrows(dev.gradlens.GradLensException.class, () -> SparkRun.run(spark, other));
        assertTrue(e.getMessage().contains("holds another run"), e.getMessage());
        SparkRunRequest withMetrics = new SparkRunRequest(MODEL, scenes.toString(), out.toString(), List.of("gradcam"), null, 3, null, 8, 20, 10,
                List.of("faithfulness"));
        e = assertThrows(dev.gradlens.GradLensException.class, () -> SparkRun.run(spark, withMetrics));
        assertTrue(e.getMessage().contains("holds another run"), e.getMessage());
        assertEquals(20, ParquetRuns.count(out, "SELECT count(*) FROM images"));
    }

    @Test
    void aManifestOnANonSharedFileSystemHasItsImagesAndMasksCopiedToTheExecutors() throws Exception {
        // 20 scenes as a manifest with an object mask and a named region mask per image (PNG files beside it)
        Path data = dir.resolve("remote-data");
        Files.createDirectories(data.resolve("masks"));
        StringBuilder csv = new StringBuilder("path,label,mask,region:corner\n");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int i = 0; i < 20; i++) {
            var scene = json.readTree(scenes.resolve(String.format("scene-%06d.json", i)).toFile());
            String[] f = {"images/" + scene.get("image").asText(), scene.get("label").asText()};
            Path image = scenes.resolve(scene.get("image").asText());
            Files.createDirectories(data.resolve(f[0]).getParent());
            Files.copy(image, data.resolve(f[0]));
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(image.toFile());
            int w = img.getWidth(), h = img.getHeight();
            writeMask(data.resolve("masks/object-" + i + ".png"), w, h, 10 + i, 20, 60 + i, 90);
            writeMask(data.resolve("masks/corner-" + i + ".png"), w, h, 0, 0, 16 + i, 16);
            csv.append(f[0]).append(',').append(f[1]).append(",masks/object-").append(i).append(".png,masks/corner-").append(i).append(".png\n");
        }
        Files.writeString(data.resolve("manifest.csv"), csv);
        Path local = dir.resolve("remote-local.duckdb");
        try (RunEngine e = RunEngine.prepare(new RunRequest(Path.of(MODEL), data.resolve("manifest.csv"), local, null, null, 0, null, 8, 0, 1, null))) {
            assertEquals(20, e.execute(null, Cancellation.NONE).done());
        }
        Path localExport = dir.resolve("remote-local-export");
        assertEquals(0, GradLensCli.execute("export", local.toString(), "--parquet", localExport.toString()));

        spark.sparkContext().hadoopConfiguration().set("fs." + RemoteLikeFileSystem.SCHEME + ".impl", RemoteLikeFileSystem.class.getName());
        Path out = dir.resolve("spark-remote");
        String manifest = RemoteLikeFileSystem.SCHEME + "://" + data.resolve("manifest.csv").toAbsolutePath();
        assertEquals(new SparkRunResult(20, 2, 0, 20, 0), SparkRun.run(spark,
                new SparkRunRequest(MODEL, manifest, out.toString(), null, null, 0, null, 8, 0, 10)));
        // both masks of every image arrived: 40 regions with masks, equal to the local run's
        assertEquals(40, ParquetRuns.count(out, "SELECT count(*) FROM regions WHERE mask IS NOT NULL"));
        assertEquals(20, ParquetRuns.count(out, "SELECT count(*) FROM images WHERE status = 'ok'"));
        ParquetRuns.assertSame(localExport, out, "regions", "image_id, name, class, x0, y0, x1, y1, mask", "", "image_id, name, class, x0, y0, x1, y1", 0);
        ParquetRuns.assertSame(localExport, out, "maps", "image_id, method, class, counterfactual, channels, height, width", "data",
                "image_id, method, class, counterfactual", TOL);
    }

    private static void writeMask(Path file, int w, int h, int x0, int y0, int x1, int y1) throws java.io.IOException {
        java.awt.image.BufferedImage m = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) m.getRaster().setSample(x, y, 0, 255);
        javax.imageio.ImageIO.write(m, "png", file.toFile());
    }

    /**
     * --metrics all on 2 scenes in 2 partitions, Grad-CAM only: each image costs 84 model runs and 18 ROAD
     * imputations per map, so the test stays small; the Spark path's rows are the local run's rows.
     */
    @Test
    void metricsEqualTheLocalRunsExport() throws Exception {
        List<String> metrics = List.of("faithfulness", "deletion-insertion", "road");
        Path local = dir.resolve("metrics-local.duckdb");
        try (RunEngine e = RunEngine.prepare(new RunRequest(Path.of(MODEL), scenes, local, List.of("gradcam"), null, 0, null, 2, 2, 1, null, metrics))) {
            assertEquals(2, e.execute(null, Cancellation.NONE).done());
        }
        Path exported = dir.resolve("metrics-export");
        assertEquals(0, GradLensCli.execute("export", local.toString(), "--parquet", exported.toString()));
        Path out = dir.resolve("spark-metrics");
        SparkRunRequest job = new SparkRunRequest(MODEL, scenes.toString(), out.toString(), List.of("gradcam"), null, 0, null, 2, 2, 1, metrics);
        assertEquals(new SparkRunResult(2, 2, 0, 2, 0), SparkRun.run(spark, job));
        // 7 metrics of the Grad-CAM map of each image's predicted class
        assertEquals(2L * 7, ParquetRuns.count(exported, "SELECT count(*) FROM metrics"));
        ParquetRuns.assertSame(exported, out, "metrics", "image_id, method, class, counterfactual, metric", "value, curve",
                "image_id, method, class, counterfactual, metric", TOL);
        assertEquals(ParquetRuns.schema(exported.resolve("metrics/data.parquet")), ParquetRuns.schema(out.resolve("metrics/part-00001.parquet")));
        String stored = "SELECT json_extract_string(options_json, '$.metrics') FROM run";
        assertEquals(ParquetRuns.rows(exported, stored), ParquetRuns.rows(out, stored));
        // the desktop's summary reads the job's output as it reads the local run
        try (var a = dev.gradlens.run.browse.RunQueries.open(local); var b = dev.gradlens.run.browse.RunQueries.open(out)) {
            var ma = a.metrics().means();
            var mb = b.metrics().means();
            assertEquals(ma.size(), mb.size());
            for (int i = 0; i < ma.size(); i++) {
                assertEquals(ma.get(i).method() + ma.get(i).metric(), mb.get(i).method() + mb.get(i).metric());
                assertEquals(ma.get(i).mean(), mb.get(i).mean(), TOL);
            }
        }
    }

    /** Every table equal to the local run's export, read through RunDatabase as the desktop does. */
    static void assertSameRun(Path out) throws Exception {
        assertEquals(N, ParquetRuns.count(out, "SELECT count(*) FROM images"));
        ParquetRuns.assertSame(export, out, "run", "schema_version, model_sha256, descriptor_json, labels_json, layer, layer_height, layer_width,"
                + " input_width, input_height, methods, targets, top_k, dataset_kind, dataset_path, dataset_fingerprint", "", "model_sha256", 0);
        ParquetRuns.assertSame(export, out, "images", "image_id, path, true_class, true_label, width, height, status, error, predicted_class, correct",
                "confidence, margin", "image_id", TOL);
        ParquetRuns.assertSame(export, out, "image_labels", "image_id, class", "", "image_id, class", 0);
        ParquetRuns.assertSame(export, out, "groups", "image_id, name, value", "", "image_id, name", 0);
        ParquetRuns.assertSame(export, out, "regions", "image_id, name, class, x0, y0, x1, y1, mask", "", "image_id, name, class, x0, y0, x1, y1", 0);
        ParquetRuns.assertSame(export, out, "predictions", "image_id, rank, class", "score, probability", "image_id, rank", TOL);
        ParquetRuns.assertSame(export, out, "maps", "image_id, method, class, counterfactual, channels, height, width", "data",
                "image_id, method, class, counterfactual", TOL);
        assertEquals(0, ParquetRuns.count(out, "SELECT count(*) FROM metrics"));
        // the numbers the failure browser and the report start from
        String accuracy = "SELECT count(*) FILTER (WHERE correct) FROM images";
        assertEquals(ParquetRuns.count(export, accuracy), ParquetRuns.count(out, accuracy));
        assertTrue(ParquetRuns.count(out, "SELECT count(*) FROM groups WHERE name = 'badge'") > 0);
        assertTrue(ParquetRuns.count(out, "SELECT count(*) FROM regions WHERE mask IS NOT NULL") > 0);
    }
}
