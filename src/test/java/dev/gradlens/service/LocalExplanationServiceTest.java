package dev.gradlens.service;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.MethodId;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's engine on the embedded teaching models and bundled samples (no ../shared needed). */
class LocalExplanationServiceTest {
    @TempDir
    static Path dir;
    static LocalExplanationService service;
    static RgbImage sample;

    @BeforeAll
    static void open() throws IOException {
        System.setProperty("gradlens.cache", dir.resolve("cache").toString());
        service = new LocalExplanationService(Device.CPU, new PreprocessingMemory(dir.resolve("memory")));
        ModelInfo info = service.openDefaultModel();
        assertEquals("scenes-clean", info.name());
        SampleImage first = service.samples().get(0);
        try (InputStream in = LocalExplanationServiceTest.class.getClassLoader().getResourceAsStream(first.resource())) {
            sample = new ImageLoader().load(in.readAllBytes(), first.title()).image();
        }
    }

    @AfterAll
    static void close() {
        service.close();
        System.clearProperty("gradlens.cache");
    }

    @Test
    void defaultModelSamplesAndPrediction() {
        ModelInfo info = service.model();
        assertEquals(10, info.classes());
        assertFalse(info.preprocessingGuessed(), "the teaching models carry descriptors");
        // the descriptor's default_layer (models/scenes-*.gradlens.json), offered among the candidates
        assertEquals("block3_relu", info.defaultLayer());
        assertTrue(info.layers().stream().anyMatch(l -> l.tensor().equals("block3_relu")), "the default layer is a candidate");
        assertTrue(service.samples().size() >= 20, "about twenty bundled samples");
        Prediction p = service.predict(sample);
        assertEquals(10, p.ranked().size());
        double sum = p.ranked().stream().mapToDouble(ClassScore::probability).sum();
        assertEquals(1.0, sum, 1e-4);
        assertTrue(p.ranked().get(0).probability() >= p.ranked().get(1).probability());
        assertSame(p, service.predict(sample), "the forward pass is cached per image");
    }

    @Test
    void panelsForAClassAndItsCounterfactual() {
        int cls = service.predict(sample).ranked().get(0).index();
        var methods = new LinkedHashSet<>(List.of(MethodId.GUIDED_BACKPROP, MethodId.GRADCAM, MethodId.GRADCAMPP, MethodId.GUIDED_GRADCAM));
        PanelSet set = service.explain(sample, new ExplainRequest(cls, false, null, methods), Cancellation.NONE);
        assertEquals(4, set.panels().size());
        Panel cam = set.panel(MethodId.GRADCAM);
        assertEquals(1, cam.channels());
        assertEquals(set.view().width(), cam.width());
        assertTrue(cam.caption().startsWith("Grad-CAM · "), cam.caption());
        assertEquals(3, set.panel(MethodId.GUIDED_BACKPROP).channels());
        PanelSet cf = service.explain(sample, new ExplainRequest(cls, true, null, methods), Cancellation.NONE);
        assertTrue(cf.panel(MethodId.GRADCAM).counterfactual());
        assertTrue(cf.panel(MethodId.GRADCAM).caption().startsWith("Counterfactual Grad-CAM"), cf.panel(MethodId.GRADCAM).caption());
        assertThrows(GradLensException.class, () -> service.explain(sample, new ExplainRequest(99, false, null, methods), Cancellation.NONE));
    }

    @Test
    void theBiasedTwinOpensAndAFailedOpenKeepsTheModel() throws IOException {
        assertEquals(List.of("scenes-clean", "scenes-biased"), service.embeddedModels());
        try {
            assertEquals("scenes-biased", service.openEmbeddedModel("scenes-biased").name());
            Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
            assertThrows(GradLensException.class, () -> service.openModel(junk));
            assertEquals("scenes-biased", service.model().name(), "a failed open leaves the previous model");
            assertThrows(GradLensException.class, () -> service.openEmbeddedModel("nope"));
        } finally {
            service.openDefaultModel();
        }
    }

    @Test
    void preprocessingChosenForABareModelIsRememberedByFileContent() throws IOException {
        Path withDescriptor = dev.gradlens.testsupport.TinyClassifier.write(dir.resolve("tiny"));
        Path bare = Files.createDirectories(dir.resolve("elsewhere")).resolve("renamed.onnx");
        Files.copy(withDescriptor, bare);
        try {
            ModelInfo guessed = service.openModel(bare);
            assertTrue(guessed.preprocessingGuessed(), "no descriptor beside the copy");
            var chosen = new dev.gradlens.inference.Preprocessing(32, 32, dev.gradlens.inference.Layout.NCHW, 3, true,
                    dev.gradlens.inference.ResizeMode.STRETCH, 37, 1f / 255f, new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.5f, 0.5f, 0.5f});
            service.openModel(bare, chosen);
            Path again = dir.resolve("elsewhere").resolve("same-bytes.onnx");
            Files.copy(bare, again);
            ModelInfo reopened = service.openModel(again);
            assertFalse(reopened.preprocessingGuessed());
            assertEquals(chosen, reopened.preprocessing(), "recalled by SHA-256, whatever the file name");
        } finally {
            service.openDefaultModel();
        }
    }
}
