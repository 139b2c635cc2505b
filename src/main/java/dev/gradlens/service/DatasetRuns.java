package dev.gradlens.service;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.run.RunListener;
import dev.gradlens.run.RunProgress;
import dev.gradlens.run.RunRequest;
import dev.gradlens.run.browse.RunQueries;

import java.nio.file.Path;

/**
 * Data-set runs as the window uses them: start one through the run engine, or open an existing
 * run's results. A seam so the window's view models are tested with a fake engine. Calls block:
 * the window makes them on its own workers, never on the FX thread.
 */
public interface DatasetRuns {

    /** A prepared run (model, data set and output checked), ready to execute once. */
    interface Execution extends AutoCloseable {
        /** Runs to the end or until cancelled; {@code listener} is called on the engine's thread after each committed batch. */
        RunProgress execute(RunListener listener, Cancellation cancel);

        @Override
        void close();
    }

    /** Checks the request and prepares the run; bad input is a GradLensException with one line. */
    Execution prepare(RunRequest request);

    /** Opens a run's results for reading (a .duckdb file, a Parquet folder, or the run this process is writing). */
    default RunQueries open(Path run) {
        return RunQueries.open(run);
    }

    /** The real engine ({@link dev.gradlens.run.RunEngine}). */
    static DatasetRuns engine() {
        return request -> {
            dev.gradlens.run.RunEngine engine = dev.gradlens.run.RunEngine.prepare(request);
            return new Execution() {
                @Override
                public RunProgress execute(RunListener listener, Cancellation cancel) {
                    return engine.execute(listener, cancel);
                }

                @Override
                public void close() {
                    engine.close();
                }
            };
        };
    }
}
