package dev.gradlens.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.GradLensException;
import dev.gradlens.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCatalogTest {

    @Test
    void bundledCatalogListsTheModelZooClassifiers() {
        ModelCatalog c = ModelCatalog.load();
        assertEquals(20, c.models().size());
        Set<String> ids = new HashSet<>(c.ids());
        assertEquals(20, ids.size());
        for (CatalogEntry e : c.models()) {
            String id = e.id();
            assertFalse(e.urls().isEmpty(), id);
            for (String u : e.urls()) assertTrue(u.startsWith("https://"), id + " " + u);
            assertTrue(e.urls().get(0).startsWith("https://github.com/onnx/models/raw/main/validated/vision/classification/"), id);
            assertTrue(e.sha256().matches("[0-9a-f]{64}"), id);
            assertTrue(e.size() > 1_000_000, id);
            CatalogEntry.Input in = e.input();
            assertTrue(Set.of("NCHW", "NHWC").contains(in.layout()), id);
            assertTrue(Set.of("stretch", "stretch-align-corners", "shorter-side-center-crop").contains(in.resize()), id + " " + in.resize());
            assertEquals(in.resize().equals("shorter-side-center-crop"), in.resizeShorter() != null, id);
            assertTrue(Set.of("RGB", "BGR").contains(in.color()), id);
            assertEquals(3, in.mean().size(), id);
            assertEquals(3, in.std().size(), id);
            assertEquals(2, in.size().size(), id);
            assertTrue(in.scale() == 1.0 || Math.abs(in.scale() - 1 / 255.0) < 1e-12, id);
            assertTrue(Set.of("logits", "probabilities", "log_probabilities").contains(e.output().kind()), id);
            assertTrue(c.labels(e.labels()).isPresent(), id);
            assertTrue(e.license() != null && !e.license().isBlank(), id);
        }
        LabelSource l = c.labels("imagenet-standard").orElseThrow();
        assertEquals(1000, l.classes());
        assertEquals(31675, l.size());
    }

    @Test
    void findsByIdAndListsTheIdsWhenUnknown() {
        ModelCatalog c = ModelCatalog.load();
        assertEquals("ResNet-18 v1 (MXNet Gluon)", c.find("resnet18-v1-7").name());
        assertEquals("resnet18-v1-7", c.find("ResNet18-V1-7").id());
        GradLensException ex = assertThrows(GradLensException.class, () -> c.find("resnet19"));
        String m = ex.getMessage();
        assertTrue(m.startsWith("Unknown model 'resnet19': the catalog has resnet50-v1-7, resnet18-v1-7,"), m);
        assertTrue(m.contains("zfnet512-12") && !m.contains("\n"), m);
    }

    @Test
    void rejectsBrokenCatalogsWithOneLine() {
        String noSha = "{\"format\":1,\"labels\":{},\"models\":[{\"id\":\"x\",\"urls\":[\"https://e/x.onnx\"],\"size\":5,"
                + "\"input\":{},\"output\":{}}]}";
        GradLensException ex = assertThrows(GradLensException.class,
                () -> ModelCatalog.read(new ByteArrayInputStream(noSha.getBytes(StandardCharsets.UTF_8))));
        assertEquals("Model catalog entry 'x' has no valid sha256", ex.getMessage());
        String future = "{\"format\":2,\"models\":[]}";
        ex = assertThrows(GradLensException.class, () -> ModelCatalog.read(new ByteArrayInputStream(future.getBytes(StandardCharsets.UTF_8))));
        assertTrue(ex.getMessage().contains("format 2"));
    }

    /** The bundled facts equal the research catalog they were made from (tools/make_catalog.py). */
    @Test
    void agreesWithTheSharedResearchCatalog() throws Exception {
        JsonNode src = new ObjectMapper().readTree(SharedData.require("catalog/onnx-model-zoo.json").toFile());
        ModelCatalog c = ModelCatalog.load();
        List<String> checked = new java.util.ArrayList<>();
        for (JsonNode m : src.get("models")) {
            CatalogEntry e = c.find(m.get("id").asText());
            assertEquals(m.get("sha256").asText(), e.sha256());
            assertEquals(m.get("size").asLong(), e.size());
            assertEquals("https://github.com/onnx/models/raw/main/" + m.get("path").asText(), e.urls().get(0));
            assertEquals(m.at("/input/name").asText(), e.input().name());
            assertEquals(m.at("/output/name").asText(), e.output().name());
            assertEquals(m.get("license").asText(), e.license());
            if (m.hasNonNull("target_layer_hint")) assertEquals(m.get("target_layer_hint").asText(), e.targetLayerHint());
            checked.add(e.id());
        }
        assertEquals(c.ids(), checked);
        assertEquals(src.at("/labels/imagenet-standard/sha256").asText(), c.labels("imagenet-standard").orElseThrow().sha256());
    }
}
