package dev.gradlens.app.task;

/** A submitted piece of work. Cancelling it means its callbacks will not run; the work itself sees it through its Cancellation. */
public interface TaskHandle {
    void cancel();

    boolean isCancelled();

    boolean isDone();
}
