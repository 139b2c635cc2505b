package dev.gradlens.app.task;

import java.util.function.Consumer;

/** Runs work and its callback at once on the calling thread: for view-model tests and scripted use. */
public final class ImmediateTaskExecutor implements TaskExecutor {

    @Override
    public <T> TaskHandle submit(String name, BackgroundWork<T> work, Consumer<? super T> onSuccess,
                                 Consumer<? super Throwable> onFailure) {
        SimpleTaskHandle handle = new SimpleTaskHandle(name);
        Outcome.run(work, handle).deliver(handle, onSuccess, onFailure);
        return handle;
    }

    @Override
    public void close() {
    }
}
