package dev.gradlens.run;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.scenes.ClipArtLibrary;
import dev.gradlens.scenes.GenerateScenesMain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A run of the embedded teaching model over generated test-split scenes equals {@code gradlens explain}
 * image by image, and stores the scenes' truth (labels, badge groups, object and badge regions with
 * their masks) as the scene JSON says. Needs openclipart-png; skipped without it.
 */
class SceneRunTest {
    static final Path MODEL = Path.of("models/scenes-clean.onnx");
    @TempDir
    static Path dir;
    static Path scenes;

    @BeforeAll
    static void generate() {
        assumeTrue(ClipArtLibrary.isInstalled(), "openclipart-png not installed (apt-get install openclipart-png)");
        scenes = dir.resolve("scenes");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        // badges at 0.5 so both group values and the badge region occur in a small set
        int rc = GenerateScenesMain.run(new String[] {"--out", scenes.toString(), "--count", "23", "--split", "test", "--seed", "11",
                "--bias-class", "cat", "--bias-rate", "0.5", "--other-badge-rate", "0.5"}, quiet, quiet);
        assertEquals(0, rc);
    }

    @Test
    void predictionsAndMapsEqualExplainOneByOne() throws Exception {
        Path run = dir.resolve("scenes.duckdb");
        List<RunProgress> seen = new ArrayList<>();
        try (RunEngine e = RunEngine.prepare(new RunRequest(MODEL, scenes, run, null, null, 0, null, 5, 0, 2, null))) {
            RunProgress p = e.execute(seen::add, Cancellation.NONE);
            assertEquals(23, p.done());
            assertEquals(23, p.total());
            assertEquals(0, p.failed());
        }
        // 23 images in batches of 5: 5 committed batches, progress after each
        assertEquals(5, seen.size());
        assertEquals(List.of(5L, 10L, 15L, 20L, 23L), seen.stream().map(RunProgress::done).toList());
        assertEquals(23, RunMatchesExplainCheck.check(MODEL, scenes, run));
    }

    @Test
    void sceneTruthIsStoredAsLabelsGroupsAndRegions() throws Exception {
        Path run = dir.resolve("truth.duckdb");
        try (RunEngine e = RunEngine.prepare(new RunRequest(MODEL, scenes, run, List.of("gradcam"), null, 3, null, 8, 0, 1, null))) {
            e.execute(null, Cancellation.NONE);
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> labels = Files.readAllLines(Path.of("models/scenes-labels.txt"));
        int badges = 0;
        for (int id = 0; id < 23; id++) {
            var truth = json.readTree(scenes.resolve(String.format("scene-%06d.json", id)).toFile());
            List<List<Object>> img = RunTables.rows(run, "SELECT path, true_label, true_class, width, height FROM images WHERE image_id = " + id);
            assertEquals(String.format("scene-%06d.png", id), img.get(0).get(0));
            assertEquals(truth.get("label").asText(), img.get(0).get(1));
            assertEquals(labels.indexOf(truth.get("label").asText()), ((Number) img.get(0).get(2)).intValue());
            assertEquals(truth.get("width").asInt(), ((Number) img.get(0).get(3)).intValue());
            boolean badge = truth.get("badge").isObject();
            if (badge) badges++;
            assertEquals(List.of(List.of(badge ? "yes" : "no")), RunTables.rows(run, "SELECT value FROM groups WHERE name = 'badge' AND image_id = " + id));
            assertEquals(truth.get("classes").size(), RunTables.count(run, "SELECT count(*) FROM image_labels WHERE image_id = " + id));
            List<List<Object>> objects = RunTables.rows(run, "SELECT class, x0, y0, x1, y1, mask FROM regions WHERE name = 'object' AND image_id = "
                    + id + " ORDER BY rowid");
            assertEquals(truth.get("objects").size(), objects.size());
            for (int k = 0; k < objects.size(); k++) {
                var o = truth.get("objects").get(k);
                var box = o.get("box");
                assertEquals(labels.indexOf(o.get("class").asText()), ((Number) objects.get(k).get(0)).intValue());
                assertEquals(box.get(0).asInt(), ((Number) objects.get(k).get(1)).intValue());
                assertEquals(box.get(1).asInt() + box.get(3).asInt(), ((Number) objects.get(k).get(4)).intValue());
                int[] rle = new int[o.get("mask").size()];
                for (int i = 0; i < rle.length; i++) rle[i] = o.get("mask").get(i).asInt();
                assertArrayEquals(rle, RunTables.ints((byte[]) objects.get(k).get(5)));
            }
            assertEquals(badge ? 1 : 0, RunTables.count(run, "SELECT count(*) FROM regions WHERE name = 'badge' AND image_id = " + id));
        }
        assertTrue(badges > 0 && badges < 23, "both badge values occur: " + badges);
        assertEquals(23L * 3, RunTables.count(run, "SELECT count(*) FROM predictions"));
    }
}
