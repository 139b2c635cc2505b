package dev.gradlens.service;

import dev.gradlens.GradLensException;
import dev.gradlens.audit.Audit;
import dev.gradlens.audit.AuditCells;
import dev.gradlens.audit.Comparison;
import dev.gradlens.audit.ComparisonResult;
import dev.gradlens.run.RunDatabase;

import java.nio.file.Path;

/**
 * The audit and the comparison of data-set runs as the window uses them (its Audit and Compare pages):
 * the same {@link Audit} and {@link Comparison} the CLI's {@code audit} and {@code compare} run. Calls
 * block: the window makes them on a worker, never on the FX thread. A seam like {@link DatasetRuns}.
 */
public interface RunAudits {

    /** The audit of one run, with what its cells were cut from (for the images behind a bar). */
    AuditCells audit(Path run, Audit.Options options);

    /** Run A against run B; runs on different data sets are a GradLensException with the CLI's message. */
    ComparisonResult compare(Path runA, Path runB, Audit.Options options);

    /** The real audit, reading the runs read-only (a .duckdb file or a Parquet folder). */
    static RunAudits local() {
        return new RunAudits() {
            @Override
            public AuditCells audit(Path run, Audit.Options options) {
                try (RunDatabase db = open(run)) {
                    return Audit.runWithCells(db, options);
                }
            }

            @Override
            public ComparisonResult compare(Path runA, Path runB, Audit.Options options) {
                if (runA.toAbsolutePath().normalize().equals(runB.toAbsolutePath().normalize())) {
                    throw new GradLensException("Pick another run: " + runB.getFileName() + " is the run that is open");
                }
                try (RunDatabase a = open(runA); RunDatabase b = open(runB)) {
                    return Comparison.run(a, b, options);
                }
            }
        };
    }

    /**
     * Opens a run to read. A run this window has written stays open in DuckDB's read-write instance,
     * which refuses a second, read-only configuration of the same file: then the run is opened the way
     * its writer opened it (the schema's statements are all IF NOT EXISTS, so nothing is changed).
     */
    private static RunDatabase open(Path run) {
        try {
            return RunDatabase.openForReading(run);
        } catch (GradLensException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("different configuration")) return RunDatabase.openForWriting(run);
            if (m.contains("Could not set lock")) {
                throw new GradLensException("The run " + run + " is being written by another program (a 'gradlens run' still going?): audit it when that ends");
            }
            throw e;
        }
    }
}
