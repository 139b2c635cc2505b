package dev.gradlens.service;

import dev.gradlens.inference.Device;
import dev.gradlens.inference.OrtRuntime;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model opened for CUDA whose CUDA session fails (simulated) reports the CPU fallback in the
 * ModelInfo the window's status bar shows (ModelViewModel.deviceNoteBinding), as soon as it opens.
 */
class ModelSessionCudaFallbackTest {
    @Test
    void theFallbackIsInTheModelInfoWhenTheModelOpens(@TempDir Path dir) throws Exception {
        Path onnx = TinyClassifier.write(dir);
        System.setProperty(OrtRuntime.CudaSimulation.PROPERTY, "session-fails");
        try (ModelSession s = ModelSession.open(onnx, null, null, Device.CUDA)) {
            ModelInfo info = s.info();
            assertEquals(Device.CPU, info.device());
            assertTrue(info.deviceNote().startsWith("CUDA could not be started (simulated") && info.deviceNote().endsWith("running on CPU"),
                    info.deviceNote());
        } finally {
            System.clearProperty(OrtRuntime.CudaSimulation.PROPERTY);
        }
    }
}
