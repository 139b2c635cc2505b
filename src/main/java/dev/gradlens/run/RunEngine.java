package dev.gradlens.run;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;

/** STUB so the failure browser compiles; the dataset-core branch supplies the real engine. */
public final class RunEngine implements AutoCloseable {
    private RunEngine() {
    }

    public static RunEngine prepare(RunRequest request) {
        throw new GradLensException("data-set runs are not available in this build");
    }

    public RunProgress execute(RunListener listener, Cancellation cancel) {
        throw new GradLensException("data-set runs are not available in this build");
    }

    @Override
    public void close() {
    }
}
