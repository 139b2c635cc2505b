package dev.gradlens.cli;

import dev.gradlens.gradient.TinyModel;
import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gradlens score} and {@code gradlens sanity} end to end on the tiny classifier, and their one-line errors. */
class ScoreAndSanityCommandsTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path photo;

    @BeforeAll
    static void setUp() throws IOException {
        model = TinyClassifier.write(dir.resolve("model"));
        int[] px = new int[40 * 30];
        for (int i = 0; i < px.length; i++) px[i] = 0xFF000000 | ((i * 7) & 0xFF) << 16 | ((i * 3) & 0xFF) << 8 | (i & 0xFF);
        photo = dir.resolve("photos/photo.png");
        Files.createDirectories(photo.getParent());
        PngIO.write(new RgbImage(40, 30, px), photo);
    }

    @Test
    void scorePrintsEveryMetricPerMethodAndTheCost() {
        GradLensCliTest.Run r = GradLensCliTest.run("score", "--model", model.toString(), "--image", photo.toString(),
                "--methods", "gradcam,guided-backprop", "--metrics", "all", "--steps", "8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("softmax probability of the class"), r.out());
        assertTrue(r.out().contains("average-drop %"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("gradcam ") && l.matches(".*\\d\\.\\d{4}.*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("guided-backprop ")), r.out());
        // 1 original + per method 1 masked + 16 curve steps + 18 ROAD images
        assertTrue(r.out().contains("cost: 71 model images"), r.out());
    }

    @Test
    void scoreRefusesAnUnknownMetricInOneLine() {
        GradLensCliTest.Run r = GradLensCliTest.run("score", "--model", model.toString(), "--image", photo.toString(), "--metrics", "accuracy");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("gradlens: error: Unknown metric 'accuracy'"), r.err());
        assertEquals(1, r.err().strip().lines().count());
    }

    @Test
    void aOneClassModelIsRefusedClearly() throws IOException {
        Random rnd = new Random(1);
        float[] w = new float[3 * 9 * 2];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        TinyModel m = TinyModel.opset(13).input("input", 1, 3, 8, 8).initializer("w", w, 2, 3, 3, 3).initializer("W", new float[] {1, -1}, 1, 2);
        m.nodes().op("Conv").in("input", "w").attr("kernel_shape", new long[] {3, 3}).attr("pads", new long[] {1, 1, 1, 1}).into("c");
        m.nodes().op("Relu").in("c").into("r");
        m.nodes().op("GlobalAveragePool").in("r").into("g");
        m.nodes().op("Flatten").in("g").attr("axis", 1L).into("f");
        m.nodes().op("Gemm").in("f", "W").attr("transB", 1L).into("score");
        Path one = dir.resolve("one-class.onnx");
        Files.write(one, m.build("score").toByteArray());
        GradLensCliTest.Run r = GradLensCliTest.run("score", "--model", one.toString(), "--image", photo.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("gradlens: error: ") && r.err().contains("no output has the shape [1, classes]"), r.err());
    }

    @Test
    void sanityWritesCurvesMapsAndCsvForBothVariants() throws IOException {
        Path out = dir.resolve("sanity");
        GradLensCliTest.Run r = GradLensCliTest.run("sanity", "--model", model.toString(), "--data", photo.getParent().toString(),
                "--limit", "3", "--steps", "3", "--independent", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 learnable layers in 3 steps"), r.out());
        assertTrue(r.out().matches("(?s).*photo\\.png: class .*gradcam (passes|FAILS).*forward-equivalents.*"), r.out());
        for (String f : List.of("curves.png", "maps.png", "curves-independent.png", "maps-independent.png"))
            assertTrue(Files.size(out.resolve("photo").resolve(f)) > 500, f);
        List<String> csv = Files.readAllLines(out.resolve("sanity.csv"));
        assertEquals("image,variant,step,randomised_layers,method,spearman,spearman_abs,ssim", csv.get(0));
        assertEquals(1 + 2 * 3 * 3, csv.size()); // 2 variants × 3 steps × 3 methods
        assertTrue(csv.get(1).matches(".*,cascading,1,\"[^\"]*Gemm[^\"]*\",gradcam,.*"), csv.get(1)); // the head first
    }

    @Test
    void sanityOnAnEmptyFolderSaysSo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        GradLensCliTest.Run r = GradLensCliTest.run("sanity", "--model", model.toString(), "--data", empty.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds no PNG, JPEG, BMP or GIF file"), r.err());
        assertFalse(r.err().contains("Exception"));
    }
}
