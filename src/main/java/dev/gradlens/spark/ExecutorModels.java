package dev.gradlens.spark;

import dev.gradlens.dataset.Dataset;
import dev.gradlens.inference.Device;
import dev.gradlens.run.ItemRunner;
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
    /** One runner per model, settings and data set, so its head sessions outlive a task (see ItemRunner). */
    private static final ConcurrentHashMap<String, ItemRunner> RUNNERS = new ConcurrentHashMap<>();

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

    /** The per-image work for these settings, built once per executor JVM and shared by its tasks. */
    static ItemRunner runner(ModelBundle bundle, RunSettings settings, Dataset dataset) {
        String key = bundle.sha256 + "\n" + settings + "\n" + dataset.fingerprint();
        return RUNNERS.computeIfAbsent(key, k -> ItemRunner.of(session(bundle), dataset.labelTexts(), settings.methods(), settings.targets(),
                settings.layer(), settings.topK(), settings.batch(), settings.metrics()));
    }

    /** How many models this JVM has opened (the test checks: once, whatever the number of tasks). */
    static int opened() {
        return OPENED.get();
    }
}
