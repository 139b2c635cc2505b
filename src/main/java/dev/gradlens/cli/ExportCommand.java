package dev.gradlens.cli;

import dev.gradlens.GradLensException;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.RunSchema;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code gradlens export RUN --parquet DIR | --csv DIR}: every table of a run, by DuckDB's COPY.
 * Parquet: {@code DIR/<table>/data.parquet} (the layout {@link RunDatabase#openForReading} reads back);
 * CSV: {@code DIR/<table>.csv} with a header row (BLOBs as DuckDB writes them: escaped bytes).
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a run's tables as Parquet or CSV.")
final class ExportCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run (RUN.duckdb, or a Parquet folder)")
    Path run;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Format format;

    static final class Format {
        @Option(names = "--parquet", paramLabel = "DIR", description = "write DIR/<table>/data.parquet")
        Path parquet;
        @Option(names = "--csv", paramLabel = "DIR", description = "write DIR/<table>.csv")
        Path csv;
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Path dir = format.parquet != null ? format.parquet : format.csv;
        boolean parquet = format.parquet != null;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new GradLensException("Cannot create the export folder " + dir + ": " + e.getMessage());
        }
        if (!Files.isWritable(dir)) throw new GradLensException("Cannot write into " + dir + ": the folder is not writable");
        try (RunDatabase db = RunDatabase.openForReading(run); Statement s = db.connection().createStatement()) {
            for (String table : RunSchema.TABLES) {
                Path target;
                if (parquet) {
                    Files.createDirectories(dir.resolve(table));
                    target = dir.resolve(table).resolve("data.parquet");
                } else {
                    target = dir.resolve(table + ".csv");
                }
                String path = target.toAbsolutePath().toString().replace("'", "''");
                s.execute("COPY " + table + " TO '" + path + "' (" + (parquet ? "FORMAT parquet" : "FORMAT csv, HEADER") + ")");
            }
        } catch (SQLException e) {
            throw new GradLensException("Cannot export " + run + ": " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new GradLensException("Cannot write into " + dir + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("exported " + RunSchema.TABLES.size() + " tables of " + run + " to " + dir
                + (parquet ? " (Parquet: <table>/data.parquet)" : " (CSV: <table>.csv)"));
        spec.commandLine().getOut().flush();
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
