package dev.gradlens.spark;

import dev.gradlens.inference.Device;
import dev.gradlens.service.ModelSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open model per executor JVM and model hash, shared by every task the JVM runs (ONNX Runtime
 * sessions are safe for concurrent runs): opening a model (analysis, gradient graph, ORT session)
 * costs far more than a partition's worth of small images, so it must not happen per task.
 */
final class ExecutorModels {
    private static final ConcurrentHashMap<String, ModelSession> OPEN = new ConcurrentHashMap<>();
    private static final AtomicInteger OPENED = new AtomicInteger();

    private ExecutorModels() {
    }

    static ModelSession session(ModelBundle bundle) {
        return OPEN.computeIfAbsent(bundle.sha256, sha -> {
            try {
                Path dir = Files.createTempDirectory("gradlens-model-" + sha.substring(0, 12) + "-");
                dir.toFile().deleteOnExit();
                Path onnx = bundle.writeTo(dir);
                OPENED.incrementAndGet();
                return ModelSession.open(onnx, null, null, Device.CPU);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** How many models this JVM has opened (the test checks: once, whatever the number of tasks). */
    static int opened() {
        return OPENED.get();
    }
}
