package dev.gradlens.app.task;

import javafx.application.Platform;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The window's executor: work runs on a background pool (one thread by default, so calls into the
 * engine never overlap), callbacks run on the FX thread.
 */
public final class FxTaskExecutor implements TaskExecutor {
    private final ExecutorService pool;

    public FxTaskExecutor() {
        this(1);
    }

    public FxTaskExecutor(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "gradlens-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        pool = threads == 1 ? Executors.newSingleThreadExecutor(factory) : Executors.newFixedThreadPool(threads, factory);
    }

    @Override
    public <T> TaskHandle submit(String name, BackgroundWork<T> work, Consumer<? super T> onSuccess,
                                 Consumer<? super Throwable> onFailure) {
        SimpleTaskHandle handle = new SimpleTaskHandle(name);
        try {
            pool.execute(() -> {
                if (handle.isCancelled()) {
                    handle.markDone();
                    return;
                }
                Outcome<T> outcome = Outcome.run(work, handle);
                Platform.runLater(() -> outcome.deliver(handle, onSuccess, onFailure));
            });
        } catch (RejectedExecutionException e) {
            handle.cancel();
        }
        return handle;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
