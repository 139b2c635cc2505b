package dev.gradlens.run;

import dev.gradlens.GradLensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunDatabaseTest {
    @TempDir
    Path dir;

    private static void insertRun(Statement s, int version) throws Exception {
        s.execute("INSERT INTO run (schema_version, run_id, created_at, model_path, model_sha256, labels_json, methods, top_k,"
                + " dataset_kind, dataset_path, dataset_fingerprint) VALUES (" + version
                + ", 'r1', now(), 'm.onnx', 'abc', '[\"cat\",\"dog\"]', 'gradcam', 5, 'manifest', 'd.csv', 'f')");
    }

    @Test
    void fileRunRoundTripsThroughParquetFolder() throws Exception {
        Path file = dir.resolve("sub/run.duckdb");
        try (RunDatabase db = RunDatabase.openForWriting(file); Statement s = db.connection().createStatement()) {
            insertRun(s, RunSchema.VERSION);
            s.execute("INSERT INTO images (image_id, path, true_class, status, predicted_class, confidence, correct) VALUES"
                    + " (0, 'a.png', 1, 'ok', 1, 0.9, true), (1, 'b.png', 0, 'ok', 1, 0.7, false), (2, 'c.png', 0, 'missing', NULL, NULL, NULL)");
            for (String t : RunSchema.TABLES) {
                Files.createDirectories(dir.resolve("pq").resolve(t));
                s.execute("COPY " + t + " TO '" + dir.resolve("pq").resolve(t).resolve("data.parquet") + "' (FORMAT parquet)");
            }
        }
        // Parquet form, with one table (metrics) missing: reads as an empty table.
        Files.delete(dir.resolve("pq/metrics/data.parquet"));
        try (RunDatabase db = RunDatabase.openForReading(dir.resolve("pq")); Statement s = db.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FILTER (WHERE correct = false), count(*), (SELECT count(*) FROM metrics) FROM images")) {
            assertTrue(db.isParquet());
            r.next();
            assertEquals(1, r.getInt(1));
            assertEquals(3, r.getInt(2));
            assertEquals(0, r.getInt(3));
        }
        try (RunDatabase db = RunDatabase.openForReading(file); Statement s = db.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM images WHERE status = 'ok'")) {
            r.next();
            assertEquals(2, r.getInt(1));
        }
    }

    @Test
    void otherSchemaVersionIsRefusedClearly() throws Exception {
        Path file = dir.resolve("new.duckdb");
        try (RunDatabase db = RunDatabase.openForWriting(file); Statement s = db.connection().createStatement()) {
            insertRun(s, 99);
        }
        GradLensException e = assertThrows(GradLensException.class, () -> RunDatabase.openForReading(file));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    }

    @Test
    void notARunIsRefusedClearly() throws Exception {
        Path file = dir.resolve("x.duckdb");
        Files.writeString(file, "hello");
        assertThrows(GradLensException.class, () -> RunDatabase.openForReading(file));
        assertThrows(GradLensException.class, () -> RunDatabase.openForReading(dir.resolve("none.duckdb")));
    }
}
