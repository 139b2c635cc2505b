package dev.gradlens.scenes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateScenesMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GenerateScenesMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void missingClipArtFailsWithOneActionableLine(@TempDir Path dir) {
        int rc = run("--out", dir.resolve("o").toString(), "--count", "2", "--clipart-root", dir.resolve("nowhere").toString());
        assertEquals(1, rc);
        String msg = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(msg.contains("apt-get install openclipart-png"), msg);
        assertEquals(1, msg.lines().count(), msg);
    }

    @Test
    void usageErrors(@TempDir Path dir) {
        assertEquals(2, run("--count", "3"));
        assertEquals(2, run("--out", dir.toString(), "--split", "validation"));
        assertEquals(2, run("--out", dir.toString(), "--frobnicate"));
        assertEquals(0, run("--help"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesScenesAndSummaryIndependentOfThreads(@TempDir Path dir) throws Exception {
        dev.gradlens.testsupport.RequiredTestData.requireClipArt(ClipArtLibrary.isInstalled());
        assertEquals(0, run("--out", dir.resolve("a").toString(), "--count", "6", "--seed", "9", "--split", "test",
                "--bias-class", "horse", "--threads", "1"), err.toString());
        assertEquals(0, run("--out", dir.resolve("b").toString(), "--count", "6", "--seed", "9", "--split", "test",
                "--bias-class", "horse", "--threads", "3"), err.toString());
        for (int i = 0; i < 6; i++) {
            String n = String.format("scene-%06d", i);
            assertArrayEquals(Files.readAllBytes(dir.resolve("a/" + n + ".png")), Files.readAllBytes(dir.resolve("b/" + n + ".png")));
            assertArrayEquals(Files.readAllBytes(dir.resolve("a/" + n + ".json")), Files.readAllBytes(dir.resolve("b/" + n + ".json")));
            Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(Files.readString(dir.resolve("a/" + n + ".json")));
            assertEquals(n + ".png", doc.get("image"));
            assertEquals("test", doc.get("split"));
            assertTrue(!((List<Object>) doc.get("objects")).isEmpty());
        }
        Map<String, Object> summary = (Map<String, Object>) MiniJson.parse(Files.readString(dir.resolve("a/dataset.json")));
        assertEquals("horse", summary.get("bias_class"));
        assertEquals(0.05, (Double) summary.get("other_badge_rate"), 1e-12);
        assertEquals(6.0, (Double) summary.get("count"), 0);
    }
}
