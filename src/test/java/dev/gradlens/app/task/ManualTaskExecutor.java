package dev.gradlens.app.task;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Holds submitted work until the test runs it, in any order: for overlapping-request tests. */
public final class ManualTaskExecutor implements TaskExecutor {
    public final class Pending<T> {
        final String name;
        final SimpleTaskHandle handle;
        final BackgroundWork<T> work;
        final Consumer<? super T> onSuccess;
        final Consumer<? super Throwable> onFailure;

        Pending(String name, SimpleTaskHandle handle, BackgroundWork<T> work, Consumer<? super T> onSuccess,
                Consumer<? super Throwable> onFailure) {
            this.name = name;
            this.handle = handle;
            this.work = work;
            this.onSuccess = onSuccess;
            this.onFailure = onFailure;
        }

        public String name() {
            return name;
        }

        public TaskHandle handle() {
            return handle;
        }

        /** Runs the work and delivers its outcome (the dispatch rule of the real executors). */
        public void run() {
            pending.remove(this);
            Outcome.run(work, handle).deliver(handle, onSuccess, onFailure);
        }
    }

    private final List<Pending<?>> pending = new ArrayList<>();

    @Override
    public <T> TaskHandle submit(String name, BackgroundWork<T> work, Consumer<? super T> onSuccess,
                                 Consumer<? super Throwable> onFailure) {
        SimpleTaskHandle handle = new SimpleTaskHandle(name);
        pending.add(new Pending<>(name, handle, work, onSuccess, onFailure));
        return handle;
    }

    public List<Pending<?>> pending() {
        return List.copyOf(pending);
    }

    public Pending<?> get(int i) {
        return pending.get(i);
    }

    public void runAll() {
        while (!pending.isEmpty()) pending.get(0).run();
    }

    @Override
    public void close() {
        pending.clear();
    }
}
