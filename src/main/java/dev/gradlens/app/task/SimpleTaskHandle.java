package dev.gradlens.app.task;

import java.util.concurrent.atomic.AtomicBoolean;

/** A handle whose cancelled flag is read by the work (as its Cancellation) and by the callback dispatch. */
public final class SimpleTaskHandle implements TaskHandle {
    private final String name;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean done = new AtomicBoolean();

    public SimpleTaskHandle(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public void cancel() {
        cancelled.set(true);
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    @Override
    public boolean isDone() {
        return done.get();
    }

    public void markDone() {
        done.set(true);
    }

    @Override
    public String toString() {
        return "Task[" + name + (isCancelled() ? ", cancelled" : "") + (isDone() ? ", done" : "") + "]";
    }
}
