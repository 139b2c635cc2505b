package dev.gradlens.spark;

import dev.gradlens.GradLensException;
import dev.gradlens.dataset.Dataset;
import dev.gradlens.dataset.DatasetItem;
import dev.gradlens.run.ItemRunner;
import dev.gradlens.run.RunDatabase;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The executor side, inside {@code mapPartitions}: for each job partition, the run engine's per-image
 * work ({@link ItemRunner}: batches of {@code batch} images, failures recorded per image) into an
 * in-memory DuckDB database, whose tables are then written as Parquet by the same {@code COPY ...
 * (FORMAT parquet)} that {@code gradlens export --parquet} uses (so the schema is the export's by
 * construction), and committed into the output folder ({@link PartitionOutput}). Measured on the
 * teaching model (docs/spark.md): a scratch DuckDB file and a copy of every file through Hadoop's
 * checksummed local file system cost 0.4-0.8 s per partition; in memory and written in place, ~0.05 s.
 */
final class PartitionTask implements FlatMapFunction<Iterator<JobPartition>, PartitionResult> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ModelBundle> model;
    private final DatasetSource data;
    private final HadoopFiles fs;
    private final String out;
    private final RunSettings settings;

    PartitionTask(Broadcast<ModelBundle> model, DatasetSource data, HadoopFiles fs, String out, RunSettings settings) {
        this.model = model;
        this.data = data;
        this.fs = fs;
        this.out = out;
        this.settings = settings;
    }

    @Override
    public Iterator<PartitionResult> call(Iterator<JobPartition> partitions) throws Exception {
        PartitionTimings setup = new PartitionTimings();
        setup.start();
        Dataset dataset = data.open();
        // the model's open and the runner's build: once per executor JVM, ~0 for later tasks
        ItemRunner runner = ExecutorModels.runner(model.value(), settings, dataset);
        setup.lap(PartitionTimings.Stage.SETUP);
        List<PartitionResult> done = new ArrayList<>();
        while (partitions.hasNext()) {
            PartitionResult r = run(partitions.next(), dataset, runner);
            r.timings().add(setup);
            setup = new PartitionTimings();
            done.add(r);
        }
        return done.iterator();
    }

    private PartitionResult run(JobPartition p, Dataset dataset, ItemRunner runner) throws IOException {
        List<DatasetItem> items = dataset.items().subList(p.from(), p.to());
        PartitionTimings tm = new PartitionTimings();
        tm.partitions = 1;
        tm.images = items.size();
        tm.start();
        // the Parquet files are written where they are committed from: on the output's own disk when it
        // is local (then renamed into place, no copy), else local scratch (uploaded, then renamed)
        Path staged = PartitionOutput.stage(fs, out, p.id());
        try {
            data.stage(items, fs);
            int failed;
            RunDatabase db = ScratchDatabases.borrow();
            boolean reusable = false;
            try {
                tm.lap(PartitionTimings.Stage.OPEN);
                // a killed task (job cancelled, speculative copy lost) stops at the next batch and commits nothing
                TaskContext task = TaskContext.get();
                int written = runner.runInto(items, db, () -> task != null && task.isInterrupted());
                if (written < items.size()) throw new TaskKilledException("partition " + p.id() + " cancelled");
                tm.lap(PartitionTimings.Stage.COMPUTE);
                failed = (int) count(db, "SELECT count(*) FROM images WHERE status <> 'ok'");
                for (String t : PartitionOutput.TABLES) copyToParquet(db, t, staged.resolve(t + ".parquet"));
                tm.lap(PartitionTimings.Stage.PARQUET);
                reusable = true;
            } finally {
                if (reusable) ScratchDatabases.giveBack(db);
                else ScratchDatabases.discard(db);
                data.unstage(items);
            }
            tm.lap(PartitionTimings.Stage.CLOSE);
            TaskContext task = TaskContext.get();
            if (task != null && task.isInterrupted()) throw new TaskKilledException("partition " + p.id() + " cancelled");
            PartitionOutput.commit(fs, out, p.id(), staged, PartitionOutput.TABLES);
            tm.lap(PartitionTimings.Stage.COMMIT);
            return new PartitionResult(p.id(), items.size(), failed, tm);
        } finally {
            deleteTree(staged);
        }
    }

    /** The export's statement (cli.ExportCommand): same writer, same Parquet types. */
    static void copyToParquet(RunDatabase db, String table, Path file) {
        try (Statement s = db.connection().createStatement()) {
            s.execute("COPY " + table + " TO '" + file.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT parquet)");
        } catch (SQLException e) {
            throw new GradLensException("Cannot write " + table + " as Parquet: " + e.getMessage());
        }
    }

    static long count(RunDatabase db, String sql) {
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the partition's results: " + e.getMessage());
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // scratch space only
        }
    }
}
