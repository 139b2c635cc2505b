package dev.gradlens.scenes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled sample scenes (resources, no clip-art needed). */
class SamplesTest {
    static final String DIR = "/dev/gradlens/samples/";
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode read(String name) throws Exception {
        try (InputStream in = SamplesTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, "missing resource " + DIR + name);
            return json.readTree(in);
        }
    }

    @Test
    void indexListsAbout20ScenesWithImageAndTruth() throws Exception {
        JsonNode index = read("index.json");
        assertEquals("gradlens-samples/1", index.get("format").asText());
        JsonNode samples = index.get("samples");
        assertTrue(samples.size() >= 18 && samples.size() <= 24, "sample count " + samples.size());
        Set<String> ids = new HashSet<>();
        int catDog = 0, badgeNoHorse = 0;
        for (JsonNode s : samples) {
            assertTrue(ids.add(s.get("id").asText()));
            assertFalse(s.get("title").asText().isBlank());
            assertTrue(index.get("groups").has(s.get("group").asText()));
            JsonNode t = read(s.get("truth").asText());
            assertEquals("gradlens-scene/1", t.get("format").asText());
            assertEquals(s.get("image").asText(), t.get("image").asText());
            assertEquals(s.get("drawings").asText().equals("held-out") ? "test" : "train", t.get("split").asText());
            BufferedImage img;
            try (InputStream in = SamplesTest.class.getResourceAsStream(DIR + s.get("image").asText())) {
                img = ImageIO.read(in);
            }
            assertEquals(t.get("width").asInt(), img.getWidth());
            assertEquals(t.get("height").asInt(), img.getHeight());
            int pixels = img.getWidth() * img.getHeight();
            Set<String> classes = new HashSet<>();
            for (JsonNode o : t.get("objects")) {
                classes.add(o.get("class").asText());
                int[] counts = new int[o.get("mask").size()];
                for (int i = 0; i < counts.length; i++) counts[i] = o.get("mask").get(i).asInt();
                boolean[] mask = MaskRle.decode(counts, pixels);
                assertEquals(o.get("area").asInt(), MaskRle.count(mask));
                int[] box = MaskRle.box(mask, img.getWidth(), img.getHeight());
                for (int k = 0; k < 4; k++) assertEquals(box[k], o.get("box").get(k).asInt());
            }
            if (classes.equals(Set.of("cat", "dog"))) catDog++;
            if (!t.get("badge").isNull() && !classes.contains("horse")) badgeNoHorse++;
        }
        assertTrue(catDog >= 3, "cat-and-dog scenes: " + catDog);
        assertTrue(badgeNoHorse >= 3, "badge scenes without a horse: " + badgeNoHorse);
    }

    /** Each sample is generator output, unchanged: its group's arguments and its index reproduce it byte for byte. */
    @Test
    void samplesRegenerateByteForByte(@TempDir Path tmp) throws Exception {
        dev.gradlens.testsupport.RequiredTestData.requireClipArt(ClipArtLibrary.isInstalled());
        JsonNode index = read("index.json");
        Map<String, Integer> count = new TreeMap<>();
        for (JsonNode s : index.get("samples")) {
            count.merge(s.get("group").asText(), read(s.get("truth").asText()).get("index").asInt() + 1, Math::max);
        }
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (var g : count.entrySet()) {
            List<String> args = new ArrayList<>();
            index.get("groups").get(g.getKey()).get("args").forEach(a -> args.add(a.asText()));
            args.addAll(List.of("--out", tmp.resolve(g.getKey()).toString(), "--count", g.getValue().toString()));
            assertEquals(0, GenerateScenesMain.run(args.toArray(String[]::new), quiet, quiet), String.join(" ", args));
        }
        for (JsonNode s : index.get("samples")) {
            for (String f : List.of(s.get("image").asText(), s.get("truth").asText())) {
                try (InputStream in = SamplesTest.class.getResourceAsStream(DIR + f)) {
                    assertArrayEquals(in.readAllBytes(), Files.readAllBytes(tmp.resolve(s.get("group").asText()).resolve(f)), f);
                }
            }
        }
    }
}
