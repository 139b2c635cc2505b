package dev.gradlens.app.task;

import dev.gradlens.explain.Cancellation;

/** A piece of blocking work (ONNX, file I/O) run off the FX thread; it should poll {@code cancel} when long. */
@FunctionalInterface
public interface BackgroundWork<T> {
    T run(Cancellation cancel) throws Exception;
}
