package dev.gradlens.cli;

import dev.gradlens.imaging.Colormap;
import dev.gradlens.run.browse.RunFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gradlens report}: the page, its pictures, and one card per confident mistake with both CAMs. */
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesPageChartsAndMistakeCards() throws Exception {
        Path file = RunFixture.example(dir).camsForAll(4, 4).write();
        Path out = dir.resolve("report");
        FailuresCommandTest.Run r = FailuresCommandTest.run("report", file.toString(), "--out", out.toString(), "--mistakes", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 mistakes with gradcam"), r.out());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("37.5 % (3 of 8 labelled images)"), html);
        assertEquals(3, html.split("class=\"card\"", -1).length - 1, "one card per mistake asked for");
        // the three most confident mistakes: 4 (dog→cat), 1 and 2 (cat→dog); each with photo, true and predicted CAM
        for (int id : new int[] {4, 1, 2}) {
            for (String part : new String[] {"_image.png", "_true.png", "_predicted.png"}) {
                Path png = out.resolve("mistakes/" + id + part);
                assertTrue(Files.isRegularFile(png), png + " written");
                assertTrue(html.contains("mistakes/" + id + part), "page links " + png.getFileName());
            }
        }
        BufferedImage photo = ImageIO.read(out.resolve("mistakes/4_image.png").toFile());
        assertEquals(64, photo.getWidth(), "the fixture's 64 × 48 photo, whole (no descriptor: stretch)");
        assertTrue(html.contains("cat/broken.jpg") && html.contains("is not an image"), "failed images listed");
        // confusion.png exists and its first cell is cat→cat, 1 of 3 → viridis(1/3) somewhere in the picture
        BufferedImage confusion = ImageIO.read(out.resolve("confusion.png").toFile());
        assertTrue(contains(confusion, Colormap.VIRIDIS.argb(1f / 3)), "a cell coloured by a share of 1/3");
        assertTrue(Files.size(out.resolve("accuracy.png")) > 0);
    }

    @Test
    void missingMapsAndMissingImagesAreSaidNotFatal() throws Exception {
        RunFixture f = RunFixture.example(dir);
        Path file = f.write();
        Files.delete(f.dataDir().resolve("cat/img1.png"));
        Path out = dir.resolve("report");
        FailuresCommandTest.Run r = FailuresCommandTest.run("report", file.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("note: 1 mistake image(s) not found"), r.out());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("no stored gradcam for the true class"), "the run stored no maps: said on the card");
    }

    @Test
    void aRunWithMetricsGetsMeansWithIntervalsAndTheWinMatrix() throws Exception {
        // MetricQueriesTest's rows: Grad-CAM drops 0.11, 0.50, NULL, 0.30, 0.20, 0.90, 0.05, 0.40, 0.70 (images 0–6, 8, 9);
        // Grad-CAM++ 0.10, 0.40, 0.20, 0.30, 0.25, 0.10, 0.10, 0.50, 0.70
        Path file = dev.gradlens.run.browse.MetricQueriesTest.exampleWithMetrics(dir);
        Path out = dir.resolve("report");
        FailuresCommandTest.Run r = FailuresCommandTest.run("report", file.toString(), "--out", out.toString(), "--mistakes", "1");
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<h2>Faithfulness</h2>"), html);
        // mean of the 8 defined drops = 3.16 / 8 = 39.50 %, the NULL counted apart
        assertTrue(html.contains("39.50 ["), html);
        assertTrue(html.contains("(n = 8, 1 undefined)"), html);
        // both defined on 0, 1, 3, 4, 5, 6, 8, 9: Grad-CAM smaller on 4, 6, 8; equal on 3, 9; larger on 0, 1, 5
        assertTrue(html.contains("37.5 % (ties 25.0 %, n = 8)"), html);
        assertTrue(r.out().contains("gradcam: Average Drop % 39.50 ["), r.out());
        Path plainRun = RunFixture.example(dir.resolve("plain")).write();
        Path plainOut = dir.resolve("plain-report");
        assertEquals(0, FailuresCommandTest.run("report", plainRun.toString(), "--out", plainOut.toString()).code());
        assertFalse(Files.readString(plainOut.resolve("index.html")).contains("Faithfulness"), "no section without metrics");
    }

    @Test
    void badInput() throws Exception {
        Path empty = new RunFixture(dir.resolve("e")).write();
        FailuresCommandTest.assertOneLineError(FailuresCommandTest.run("report", empty.toString(), "--out", dir.resolve("r1").toString()),
                "has no images yet");
        Path file = RunFixture.example(dir).write();
        FailuresCommandTest.assertOneLineError(FailuresCommandTest.run("report", file.toString(), "--out", dir.resolve("r2").toString(),
                "--method", "scorecam"), "has no scorecam maps");
    }

    private static boolean contains(BufferedImage img, int argb) {
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if (img.getRGB(x, y) == argb) return true;
        return false;
    }
}
