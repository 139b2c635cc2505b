package dev.gradlens.run;

import dev.gradlens.GradLensException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens a run's results (see {@link RunSchema}) as one DuckDB connection, whatever its form:
 * a {@code .duckdb} file written by a local run, or a folder of Parquet tables written by
 * {@code gradlens export --parquet} or by the Spark job ({@code DIR/<table>/**}{@code /*.parquet}),
 * which is opened read-only as views over the files. Readers (failure browser, audit, metrics)
 * use only SQL over the schema's tables, so they work on both.
 */
public final class RunDatabase implements AutoCloseable {
    private final Path location;
    private final Connection connection;
    private final boolean parquet;

    private RunDatabase(Path location, Connection connection, boolean parquet) {
        this.location = location;
        this.connection = connection;
        this.parquet = parquet;
    }

    /** Creates the file (and the schema) if it does not exist, else opens it for writing. */
    public static RunDatabase openForWriting(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) throw new GradLensException("The run file " + file + " is a folder: give a .duckdb file");
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new GradLensException("Cannot create the folder for the run file " + file + ": " + e.getMessage());
        }
        if (parent != null && !Files.isWritable(parent)) throw new GradLensException("Cannot write the run file " + file + ": the folder is not writable");
        Connection c = connect("jdbc:duckdb:" + file.toAbsolutePath(), file);
        RunDatabase db = new RunDatabase(file, c, false);
        db.createSchema();
        return db;
    }

    /**
     * A run database in memory only, with the schema and one DuckDB worker thread: the Spark job's
     * per-partition buffer (dev.gradlens.spark), written as Parquet and then dropped. A scratch file
     * instead cost a file create, a checkpoint and a delete per partition; the partition's rows are
     * small (maps are layer-sized).
     */
    public static RunDatabase openInMemory() {
        java.util.Properties one = new java.util.Properties();
        // the executor's cores belong to ONNX Runtime; a partition's COPY gains nothing from more threads
        one.setProperty("threads", "1");
        try {
            RunDatabase db = new RunDatabase(Path.of(":memory:"), DriverManager.getConnection("jdbc:duckdb:", one), false);
            db.createSchema();
            return db;
        } catch (SQLException e) {
            throw new GradLensException("Cannot open an in-memory run database: " + firstLine(e));
        }
    }

    /** Opens an existing run (a .duckdb file or a Parquet folder) for reading. */
    public static RunDatabase openForReading(Path location) {
        if (!Files.exists(location)) throw new GradLensException("No run at " + location);
        if (Files.isDirectory(location)) return openParquet(location);
        java.util.Properties ro = new java.util.Properties();
        ro.setProperty("duckdb.read_only", "true");
        try {
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + location.toAbsolutePath(), ro);
            RunDatabase db = new RunDatabase(location, c, false);
            db.checkVersion();
            return db;
        } catch (SQLException e) {
            throw new GradLensException("Cannot open the run " + location + ": " + firstLine(e));
        }
    }

    private static RunDatabase openParquet(Path dir) {
        Connection c = connect("jdbc:duckdb:", dir);
        RunDatabase db = new RunDatabase(dir, c, true);
        try (Statement s = c.createStatement()) {
            for (String table : RunSchema.TABLES) {
                Path folder = dir.resolve(table);
                if (!Files.isDirectory(folder) || !hasParquet(folder)) {
                    // Missing optional tables (no metrics asked for, say) read as empty tables of the schema.
                    s.execute(RunSchema.DDL.get(RunSchema.TABLES.indexOf(table)));
                    continue;
                }
                String glob = folder.toAbsolutePath().toString().replace("'", "''") + "/**/*.parquet";
                s.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + glob + "', union_by_name = true)");
            }
        } catch (SQLException e) {
            db.close();
            throw new GradLensException("Cannot read the Parquet run " + dir + ": " + firstLine(e));
        }
        db.checkVersion();
        return db;
    }

    private static boolean hasParquet(Path folder) {
        try (var files = Files.walk(folder)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Connection connect(String url, Path shownAs) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new GradLensException("Cannot open the run database " + shownAs + ": " + firstLine(e));
        }
    }

    private void createSchema() {
        try (Statement s = connection.createStatement()) {
            for (String ddl : RunSchema.DDL) s.execute(ddl);
        } catch (SQLException e) {
            throw new GradLensException("Cannot create the run database " + location + ": " + firstLine(e));
        }
        checkVersion();
    }

    /** A run written by a newer GradLens (another schema version) is refused with a clear message. */
    private void checkVersion() {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT DISTINCT schema_version FROM run")) {
            while (r.next()) {
                int v = r.getInt(1);
                if (v != RunSchema.VERSION) {
                    throw new GradLensException("The run " + location + " has results schema version " + v
                            + "; this GradLens reads version " + RunSchema.VERSION);
                }
            }
        } catch (SQLException e) {
            throw new GradLensException(location + " is not a GradLens run: " + firstLine(e));
        }
    }

    public Connection connection() {
        return connection;
    }

    public Path location() {
        return location;
    }

    /** True when the run is a Parquet folder (read-only views). */
    public boolean isParquet() {
        return parquet;
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a connection that failed already: nothing left to release
        }
    }
}
