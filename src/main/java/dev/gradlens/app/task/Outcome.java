package dev.gradlens.app.task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/** The result of running a piece of work, and the dispatch rule every executor shares. */
final class Outcome<T> {
    private final T value;
    private final Throwable failure;

    private Outcome(T value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    static <T> Outcome<T> run(BackgroundWork<T> work, SimpleTaskHandle handle) {
        try {
            return new Outcome<>(work.run(handle::isCancelled), null);
        } catch (Throwable t) {
            return new Outcome<>(null, unwrap(t));
        } finally {
            handle.markDone();
        }
    }

    void deliver(SimpleTaskHandle handle, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        if (handle.isCancelled() || failure instanceof CancellationException) return;
        if (failure == null) onSuccess.accept(value);
        else onFailure.accept(failure);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
