package dev.gradlens.run;

import dev.gradlens.GradLensException;
import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancel stops after the batch in hand is committed; a new engine on the same file finishes the rest. */
class RunEngineCancelTest {
    @TempDir
    Path dir;

    @Test
    void cancelledRunResumesWhereItStopped() throws Exception {
        Path model = TinyClassifier.write(dir.resolve("model"));
        StringBuilder csv = new StringBuilder("path,label\n");
        for (int k = 0; k < 14; k++) {
            int[] px = new int[20 * 20];
            for (int i = 0; i < px.length; i++) px[i] = 0xFF000000 | (i * k & 0xFF) << 16 | (i * 3 & 0xFF);
            PngIO.write(new RgbImage(20, 20, px), dir.resolve("i" + k + ".png"));
            csv.append("i").append(k).append(".png,").append(k % 4).append('\n');
        }
        Files.writeString(dir.resolve("set.csv"), csv);
        Path run = dir.resolve("run.duckdb");
        RunRequest req = new RunRequest(model, dir.resolve("set.csv"), run, null, List.of("teapot"), 2, null, 4, 0, 1, null);
        AtomicBoolean stop = new AtomicBoolean();
        List<RunProgress> seen = new ArrayList<>();
        try (RunEngine e = RunEngine.prepare(req)) {
            RunProgress p = e.execute(progress -> {
                seen.add(progress);
                stop.set(true);
            }, stop::get);
            // the batch computed while the first was being written is committed too
            assertTrue(p.done() == 4 || p.done() == 8, "stopped after one or two batches: " + p.done());
            // a reader in the same process, while the engine holds the file, sees the committed batches
            try (var c = e.readConnection(); var st = c.createStatement(); var r = st.executeQuery("SELECT count(*) FROM images")) {
                r.next();
                assertEquals(p.done(), r.getLong(1));
            }
        }
        try (RunEngine e = RunEngine.prepare(req)) {
            RunProgress p = e.execute(seen::add, () -> false);
            assertEquals(14, p.done());
            assertEquals(14, p.total());
        }
        assertEquals(14, RunTables.count(run, "SELECT count(DISTINCT image_id) FROM images"));
        // the --target class (teapot = 3) has maps for every image, besides the true and predicted class
        assertEquals(14, RunTables.count(run, "SELECT count(DISTINCT image_id) FROM maps WHERE class = 3 AND method = 'gradcam'"));
        assertEquals(List.of(List.of("3")), RunTables.rows(run, "SELECT targets FROM run"));

        GradLensException other = assertThrows(GradLensException.class, () -> RunEngine.prepare(
                new RunRequest(model, dir.resolve("set.csv"), run, List.of("gradcam"), List.of("teapot"), 2, null, 4, 0, 1, null)));
        assertTrue(other.getMessage().contains("was made with --methods gradcam,gradcampp --top-k 2"), other.getMessage());
    }
}
