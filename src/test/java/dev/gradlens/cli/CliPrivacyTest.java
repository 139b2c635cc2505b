package dev.gradlens.cli;

import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 1: a CLI run in its own JVM, with HOME and TMPDIR pointed at empty folders and
 * ONNX Runtime's telemetry variable NOT set by the launcher (so GradLens's own switch is what is
 * tested), leaves nothing behind except what it was asked to write (--out) and its cache.
 */
class CliPrivacyTest {

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void explainWritesOnlyIntoOutAndTheCache(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path out = dir.resolve("out");
        Path model = dir.resolve("inputs").resolve("tiny");
        Files.createDirectories(model);
        Path onnx = dev.gradlens.testsupport.TinyClassifier.write(model);
        int[] px = new int[48 * 40];
        for (int i = 0; i < px.length; i++) px[i] = 0xFF000000 | ((i * 5) & 0xFF) << 16 | ((i * 11) & 0xFF) << 8 | (i & 0xFF);
        Path photo = dir.resolve("inputs").resolve("photo.png");
        PngIO.write(new RgbImage(48, 40, px), photo);
        List<String> before = listing(dir.resolve("inputs"));

        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Xmx512m", "-XX:-UsePerfData",
                "-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"),
                "dev.gradlens.cli.GradLensCli", "explain", "--model", onnx.toString(), "--image", photo.toString(),
                "--top-k", "2", "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("TMPDIR", tmp.toString());
        pb.environment().remove("ORT_DISABLE_TELEMETRY"); // GradLens must switch it off by itself
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().remove("XDG_CONFIG_HOME");
        Process p = pb.start();
        assertTrue(p.waitFor(170, TimeUnit.SECONDS), "the CLI finished");
        String log = Files.readString(dir.resolve("log.txt"));
        assertEquals(0, p.exitValue(), log);

        assertTrue(Files.exists(out.resolve("result.json")), "the run wrote its results");
        assertEquals(List.of(), listing(tmp), "nothing left in TMPDIR (ONNX Runtime's folder, JNA's stub, ImageIO's cache)");
        for (String f : listing(home)) {
            assertTrue(f.startsWith(".cache/gradlens") || f.equals(".cache") || f.startsWith(".config/gradlens") || f.equals(".config"),
                    "only GradLens's cache and settings in HOME, found " + f);
        }
        assertEquals(before, listing(dir.resolve("inputs")), "the model's and the image's folders are untouched");
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
