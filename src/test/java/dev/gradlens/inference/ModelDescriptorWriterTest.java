package dev.gradlens.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ModelDescriptorWriterTest {
    @Test
    void savedChoicesReadBackToTheSamePreprocessing(@TempDir Path dir) {
        Preprocessing chosen = new Preprocessing(299, 224, Layout.NHWC, 3, true, ResizeMode.SHORTER_SIDE_CENTER_CROP, 320,
                1f / 255, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
        Path onnx = dir.resolve("net.onnx");
        Path target = ModelDescriptorWriter.defaultPathFor(onnx);
        assertEquals(dir.resolve("net.gradlens.json"), target);
        ModelDescriptorWriter.write(ModelDescriptor.of(chosen), target);
        ModelDescriptor back = ModelDescriptorReader.readFor(onnx).orElseThrow();
        assertEquals(chosen, back.toPreprocessing(224, 224, Layout.NCHW, 3));
        String text = ModelDescriptorWriter.toJson(ModelDescriptor.of(chosen));
        assertTrue(text.contains("\"resize\" : \"shorter-side-center-crop\""), text);
        assertTrue(text.contains("0.485"), "floats written as their short decimal: " + text);
        assertFalse(text.contains("0.48500001"), text);
        assertTrue(text.contains("0.00392156862745098"), "1/255 in full: " + text);
    }

    @Test
    void greyAndStretchRoundTrip(@TempDir Path dir) {
        Preprocessing grey = new Preprocessing(64, 48, Layout.NCHW, 1, false, ResizeMode.STRETCH_ALIGN_CORNERS, 73, 1f,
                new float[] {127.5f}, new float[] {127.5f});
        Path f = dir.resolve("g.gradlens.json");
        ModelDescriptorWriter.write(ModelDescriptor.of(grey), f);
        Preprocessing back = ModelDescriptorReader.read(f).toPreprocessing(224, 224, Layout.NCHW, 3);
        assertEquals(grey.withSize(64, 48).resize(), back.resize());
        assertEquals(1, back.channels());
        assertArrayEquals(grey.mean(), back.mean());
        assertEquals(64, back.width());
        assertEquals(48, back.height());
    }

    @Test
    void updatingAnExistingFileKeepsWhatWeDoNotManage(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("model.json"), """
                {"name": "m", "source": {"repo": "someone/models", "license": "MIT"},
                 "notes": "hand-written provenance",
                 "input": {"name": "image", "resize": "shorter side to 256 then centre crop 224", "shape": [1, 3, 224, 224]},
                 "output": {"name": "logits", "kind": "logits"},
                 "labels": "labels.txt"}""");
        Files.writeString(dir.resolve("labels.txt"), "a\nb\n");
        ModelDescriptor d = ModelDescriptorReader.read(f);
        Preprocessing p = d.toPreprocessing(224, 224, Layout.NCHW, 3).withSize(256, 256);
        ModelDescriptorWriter.write(d.withPreprocessing(p), f);

        JsonNode root = new ObjectMapper().readTree(f.toFile());
        assertEquals("hand-written provenance", root.path("notes").asText());
        assertEquals("someone/models", root.path("source").path("repo").asText(), "structured source kept");
        assertEquals("labels.txt", root.path("labels").asText());
        assertEquals("image", root.path("input").path("name").asText());
        assertEquals("shorter-side-center-crop", root.path("input").path("resize").asText());
        assertEquals("shorter side to 256 then centre crop 224", root.path("input").path("resize_note").asText(), "prose kept as a note");
        assertEquals(List.of(1, 3, 256, 256), List.of(root.path("input").path("shape").get(0).asInt(), root.path("input").path("shape").get(1).asInt(),
                root.path("input").path("shape").get(2).asInt(), root.path("input").path("shape").get(3).asInt()));
        ModelDescriptor again = ModelDescriptorReader.read(f);
        assertEquals(p, again.toPreprocessing(224, 224, Layout.NCHW, 3));
        assertEquals(List.of("a", "b"), again.labels());
        assertEquals("MIT", again.license());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(x -> x.getFileName().toString().endsWith(".tmp")).count(), "no temp files left");
        }
    }

    @Test
    void inlineLabelsAndOutputAreWritten() {
        ModelDescriptor d = new ModelDescriptor("n", null, new ModelDescriptor.Output("probs", ModelDescriptor.OutputKind.PROBABILITIES),
                "layer4", "https://example.org/model", "Apache-2.0", List.of("cat", "dog"), null, null);
        ModelDescriptor back = ModelDescriptorReader.parse(ModelDescriptorWriter.toJson(d), null);
        assertEquals(List.of("cat", "dog"), back.labels());
        assertEquals(ModelDescriptor.OutputKind.PROBABILITIES, back.output().kind());
        assertEquals("probs", back.output().name());
        assertEquals("layer4", back.defaultLayer());
        assertEquals("https://example.org/model", back.source());
        assertEquals("Apache-2.0", back.license());
    }
}
