package dev.gradlens.spark;

import dev.gradlens.GradLensException;
import dev.gradlens.run.RunDatabase;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * In-memory run databases, one per concurrent task of the executor JVM, each holding one partition's
 * rows until they are written as Parquet and then emptied for the next partition. Opening one (a
 * DuckDB instance and the schema) costs 15-40 ms of CPU, emptying it about 2 ms (measured here), so
 * they are kept, as the model session and the head sessions are ({@link ExecutorModels}).
 */
final class ScratchDatabases {
    private static final ConcurrentLinkedDeque<RunDatabase> IDLE = new ConcurrentLinkedDeque<>();

    private ScratchDatabases() {
    }

    /** An empty database with the schema's tables. */
    static RunDatabase borrow() {
        RunDatabase db = IDLE.pollFirst();
        return db != null ? db : RunDatabase.openInMemory();
    }

    /**
     * Empties the partition's tables and keeps the database for the next partition. DuckDB frees an
     * in-memory table's deleted rows only at a checkpoint (without it the memory grew by every
     * partition's rows), hence the CHECKPOINT.
     */
    static void giveBack(RunDatabase db) {
        try {
            empty(db);
        } catch (GradLensException e) {
            db.close();
            throw e;
        }
        IDLE.addFirst(db);
    }

    /** Deletes the rows of the partition's tables and frees their memory. */
    static void empty(RunDatabase db) {
        try (Statement s = db.connection().createStatement()) {
            db.connection().setAutoCommit(true);
            for (String t : PartitionOutput.TABLES) s.execute("DELETE FROM " + t);
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new GradLensException("Cannot empty the partition's scratch database: " + e.getMessage());
        }
    }

    /** For a task that failed half-way: its database is dropped rather than reused. */
    static void discard(RunDatabase db) {
        db.close();
    }
}
