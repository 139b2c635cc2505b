package dev.gradlens.cli;

import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.RunSchema;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gradlens run} and {@code gradlens export} end to end on the tiny classifier: the bad
 * inputs each become a recorded status (the run goes on) or a one-line error before anything runs.
 */
class RunCommandTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path manifest;

    @BeforeAll
    static void setUp() throws IOException {
        model = TinyClassifier.write(dir.resolve("model"));
        Path data = Files.createDirectories(dir.resolve("data"));
        for (int k = 0; k < 5; k++) {
            int[] px = new int[40 * 30];
            for (int i = 0; i < px.length; i++) px[i] = 0xFF000000 | ((i * (k + 3)) & 0xFF) << 16 | ((i * 5 + k * 40) & 0xFF) << 8 | (i * k & 0xFF);
            PngIO.write(new RgbImage(40, 30, px), data.resolve("img" + k + ".png"));
        }
        BufferedImage jpeg = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) jpeg.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 90);
        Path full = data.resolve("full.jpg");
        ImageIO.write(jpeg, "jpg", full.toFile());
        byte[] b = Files.readAllBytes(full);
        Files.write(data.resolve("corrupt.jpg"), java.util.Arrays.copyOf(b, 20)); // header cut short
        Files.createFile(data.resolve("empty.png"));
        Files.writeString(data.resolve("notes.png"), "not an image");
        manifest = data.resolve("set.csv");
        Files.writeString(manifest, String.join("\n",
                "path,label,x0,y0,x1,y1,background",
                "img0.png,tabby cat,1,2,11,12,indoor",
                "img1.png,golden retriever,,,,,outdoor",
                "img2.png,2,,,,,outdoor",
                "corrupt.jpg,teapot,,,,,indoor",
                "empty.png,teapot,,,,,indoor",
                "notes.png,teapot,,,,,indoor",
                "gone.png,teapot,,,,,indoor",
                "img0.png,tabby cat,,,,,indoor",
                "img3.png,Teapot,,,,,indoor",
                "full.jpg,bicycle,,,,,outdoor") + "\n");
    }

    @Test
    void progressLineShowsSecondsPerImageWhenSlowerThanOneImageASecond() {
        // metrics on a large model: 80 s per image; "0.0 images/s" would hide it
        assertEquals("run: 3/10 images (30.0%), 0 failed, 80.0 s/image, ETA 9m20s",
                RunCommand.line(new dev.gradlens.run.RunProgress(3, 10, 0, 1 / 80.0, 560)));
        assertEquals("run: 5/10 images (50.0%), 1 failed, 12.5 images/s, ETA 0m00s",
                RunCommand.line(new dev.gradlens.run.RunProgress(5, 10, 1, 12.5, 0)));
        assertEquals("run: 0/10 images (0.0%), 0 failed, 0.0 images/s, ETA ?", RunCommand.line(new dev.gradlens.run.RunProgress(0, 10, 0, 0, -1)));
    }

    @Test
    void badImagesAreRecordedAndTheRunGoesOn() throws Exception {
        Path run = dir.resolve("bad.duckdb");
        GradLensCliTest.Run r = GradLensCliTest.run("run", "--model", model.toString(), "--data", manifest.toString(), "--out", run.toString(),
                "--batch", "3", "--top-k", "2", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("10 of 10 images done (5 not computed"), r.out());
        assertTrue(r.err().contains("run: 10/10 images"), r.err());
        List<String> statuses = strings(run, "SELECT status || ':' || coalesce(predicted_class::VARCHAR, '-') FROM images ORDER BY image_id");
        assertEquals("ok", statuses.get(0).split(":")[0]);
        assertEquals(List.of("unreadable:-", "unreadable:-", "unreadable:-", "missing:-", "duplicate:-"), statuses.subList(3, 8));
        assertEquals("ok", statuses.get(9).split(":")[0]);
        List<String> errors = strings(run, "SELECT error FROM images WHERE image_id BETWEEN 3 AND 7 ORDER BY image_id");
        assertTrue(errors.get(0).contains("corrupt.jpg"), errors.get(0));
        assertTrue(errors.get(1).contains("empty"), errors.get(1));
        assertTrue(errors.get(2).contains("not a supported image"), errors.get(2));
        assertTrue(errors.get(3).contains("not found"), errors.get(3));
        for (String e : errors) assertFalse(e.contains("\n"), "one-line error: " + e);
        // labels by exact label, index and case-insensitive match; groups and the box region kept
        assertEquals(List.of("0", "1", "2", "3", "3", "3", "3", "0", "3", "2"), strings(run, "SELECT true_class FROM images ORDER BY image_id"));
        assertEquals(List.of("indoor"), strings(run, "SELECT value FROM groups WHERE image_id = 0 AND name = 'background'"));
        assertEquals(List.of("object 0 1 2 11 12"), strings(run, "SELECT name || ' ' || class || ' ' || x0 || ' ' || y0 || ' ' || x1 || ' ' || y1 FROM regions"));
        assertEquals(List.of("5"), strings(run, "SELECT count(*) FROM images WHERE status = 'ok'"));
        assertEquals(List.of("10"), strings(run, "SELECT count(*) FROM predictions"));

        // re-running the finished run resumes: nothing recomputed, nothing doubled
        GradLensCliTest.Run again = GradLensCliTest.run("run", "--model", model.toString(), "--data", manifest.toString(), "--out", run.toString(),
                "--batch", "3", "--top-k", "2");
        assertEquals(0, again.code(), again.err());
        assertEquals(List.of("10"), strings(run, "SELECT count(*) FROM images"));

        Path pq = dir.resolve("export-pq"), csv = dir.resolve("export-csv");
        assertEquals(0, GradLensCliTest.run("export", run.toString(), "--parquet", pq.toString()).code());
        assertEquals(0, GradLensCliTest.run("export", run.toString(), "--csv", csv.toString()).code());
        for (String t : RunSchema.TABLES) {
            assertTrue(Files.exists(pq.resolve(t).resolve("data.parquet")), t);
            assertTrue(Files.exists(csv.resolve(t + ".csv")), t);
        }
        assertEquals(strings(run, "SELECT image_id || status || coalesce(confidence::VARCHAR, '') FROM images ORDER BY image_id"),
                strings(pq, "SELECT image_id || status || coalesce(confidence::VARCHAR, '') FROM images ORDER BY image_id"));
        assertEquals(strings(run, "SELECT md5(data) FROM maps ORDER BY image_id, method, class"),
                strings(pq, "SELECT md5(data) FROM maps ORDER BY image_id, method, class"));
        assertEquals(11, Files.readAllLines(csv.resolve("images.csv")).size());
    }

    @Test
    void labelsOutsideTheModelStopTheRunWithTheClosestLabels() throws IOException {
        Path m = dir.resolve("typo.csv");
        Files.writeString(m, "path,label\ndata/img0.png,tabby kat\ndata/img1.png,retriever gold\ndata/img2.png,teapot\n");
        Path run = dir.resolve("typo.duckdb");
        GradLensCliTest.Run r = GradLensCliTest.run("run", "--model", model.toString(), "--data", m.toString(), "--out", run.toString());
        oneLine(r, "2 data-set labels match no model class: 'tabby kat' (closest: 'tabby cat'");
        assertTrue(r.err().contains("'retriever gold' (closest: 'golden retriever'"), r.err());
        assertFalse(Files.exists(run), "nothing written before the labels match");
    }

    @Test
    void badRequestsAreOneLineErrors() throws IOException {
        Path blocker = Files.writeString(dir.resolve("a-file"), "x");
        oneLine(GradLensCliTest.run("run", "--model", model.toString(), "--data", manifest.toString(), "--out", blocker.resolve("r.duckdb").toString()),
                "a-file");
        oneLine(GradLensCliTest.run("run", "--model", model.toString(), "--data", dir.resolve("nowhere").toString(), "--out", dir.resolve("x.duckdb").toString()),
                "does not exist");
        oneLine(GradLensCliTest.run("run", "--model", model.toString(), "--data", manifest.toString(), "--out", dir.resolve("x.duckdb").toString(),
                "--methods", "guided-backprop"), "not available in data-set runs");
        oneLine(GradLensCliTest.run("run", "--model", model.toString(), "--data", manifest.toString(), "--out", dir.resolve("x.duckdb").toString(),
                "--batch", "0"), "--batch must be at least 1");
        oneLine(GradLensCliTest.run("export", dir.resolve("none.duckdb").toString(), "--csv", dir.resolve("e").toString()), "No run at");
    }

    @Test
    void aRunFileOfAnotherModelOrDataSetIsRefused() throws IOException {
        Path m = dir.resolve("idx.csv");
        Files.writeString(m, "path,label\ndata/img0.png,0\ndata/img1.png,1\n");
        Path run = dir.resolve("other.duckdb");
        assertEquals(0, GradLensCliTest.run("run", "--model", model.toString(), "--data", m.toString(), "--out", run.toString()).code());
        Path scenes = Path.of("models/scenes-clean.onnx");
        oneLine(GradLensCliTest.run("run", "--model", scenes.toString(), "--data", m.toString(), "--out", run.toString()),
                "was made with another model");
        Files.writeString(m, "path,label\ndata/img0.png,0\ndata/img1.png,2\n");
        oneLine(GradLensCliTest.run("run", "--model", model.toString(), "--data", m.toString(), "--out", run.toString()),
                "was made over another data set");
    }

    private static void oneLine(GradLensCliTest.Run r, String contains) {
        assertEquals(2, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.startsWith("gradlens: error: ") || err.startsWith("gradlens: "), err);
        assertTrue(err.contains(contains), err);
    }

    private static List<String> strings(Path run, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (RunDatabase db = RunDatabase.openForReading(run); Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }
}
