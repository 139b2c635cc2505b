package dev.gradlens.app.task;

import java.util.function.Consumer;

/**
 * Runs blocking work off the FX thread and reports back on it. Exactly one of the callbacks runs,
 * on the FX thread (the caller's thread for the immediate executor), unless the task was cancelled
 * first or the work threw a {@link java.util.concurrent.CancellationException}: then neither runs.
 */
public interface TaskExecutor extends AutoCloseable {

    <T> TaskHandle submit(String name, BackgroundWork<T> work, Consumer<? super T> onSuccess,
                          Consumer<? super Throwable> onFailure);

    /** Stops accepting work and lets running work end (threads are daemons). */
    @Override
    void close();
}
