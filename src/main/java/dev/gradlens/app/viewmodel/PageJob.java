package dev.gradlens.app.viewmodel;

import dev.gradlens.app.task.BackgroundWork;
import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.app.task.TaskHandle;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.util.function.Consumer;

/**
 * The one background job of a page (the Audit page's audit, the Compare page's comparison): while it runs the page's
 * running flag is set and the status bar offers Cancel; a cancel, a newer job or {@link #drop} (another run opened)
 * stops it at its next poll of the {@link dev.gradlens.explain.Cancellation} its work gets, and its outcome is not
 * shown. Touched on the FX thread only, like the view models that own it.
 */
final class PageJob {
    private final TaskExecutor worker;
    private final StatusViewModel status;
    private final ReadOnlyBooleanWrapper running;
    private final Runnable onCancelled;
    private TaskHandle handle;
    private StatusViewModel.Activity activity;
    private long generation;

    /** @param onCancelled what the page says after the user's Cancel (not after {@link #drop}) */
    PageJob(TaskExecutor worker, StatusViewModel status, ReadOnlyBooleanWrapper running, Runnable onCancelled) {
        this.worker = worker;
        this.status = status;
        this.running = running;
        this.onCancelled = onCancelled;
    }

    /** Starts {@code work} (dropping a job in flight); exactly one callback runs, unless the job is cancelled or dropped. */
    <T> void start(String statusText, String name, BackgroundWork<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        drop();
        long gen = ++generation;
        running.set(true);
        activity = status.begin(statusText, this::cancel);
        TaskHandle h = worker.submit(name, work, r -> {
            if (current(gen)) onSuccess.accept(r);
        }, e -> {
            if (current(gen)) onFailure.accept(e);
        });
        if (gen == generation && running.get()) handle = h; // an immediate executor has finished it already
    }

    /** The user's Cancel: the work stops at its next poll and nothing it computed is shown. */
    void cancel() {
        if (!running.get()) return;
        drop();
        onCancelled.run();
    }

    /** Forgets the job in flight, silently. */
    void drop() {
        generation++;
        if (handle != null) handle.cancel();
        end();
    }

    /** Whether an outcome is the current job's (and if so, ends it). */
    private boolean current(long gen) {
        if (gen != generation) return false;
        end();
        return true;
    }

    private void end() {
        handle = null;
        running.set(false);
        if (activity != null) status.end(activity);
        activity = null;
    }
}
