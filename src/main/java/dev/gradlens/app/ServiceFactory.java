package dev.gradlens.app;

import dev.gradlens.GradLensException;
import dev.gradlens.inference.Device;
import dev.gradlens.service.ExplanationService;
import dev.gradlens.service.LocalExplanationService;

/**
 * Creates the production engine. The device comes from {@code -Dgradlens.device=cuda} (or the
 * GRADLENS_DEVICE variable); CPU by default, and CUDA falls back to CPU with a status-bar note.
 */
public final class ServiceFactory {
    private ServiceFactory() {
    }

    public static ExplanationService create() {
        String d = System.getProperty("gradlens.device", System.getenv().getOrDefault("GRADLENS_DEVICE", "cpu"));
        return create(Device.parse(d));
    }

    public static ExplanationService create(Device device) {
        return new LocalExplanationService(device);
    }

    /** Never throws: the real engine, or a stand-in whose every call fails with the reason. */
    public static ExplanationService createOrUnavailable() {
        try {
            return create();
        } catch (GradLensException | LinkageError e) {
            return new UnavailableExplanationService(e.getMessage());
        }
    }
}
