package dev.gradlens.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradlens.GradLensException;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.RunEngine;
import dev.gradlens.run.RunRequest;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A data-set run on Spark: the driver side. It checks the request exactly as {@code gradlens run}
 * does (it prepares a run engine on the driver: same model checks, label matching and run row),
 * broadcasts the model once, and runs the job partitions not yet committed by an earlier submission
 * ({@link PartitionTask}). The output folder opens on the desktop like an exported local run.
 */
public final class SparkRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkRun() {
    }

    public static SparkRunResult run(SparkSession spark, SparkRunRequest r) {
        return run(spark, r, new PartitionTimings());
    }

    /** As {@link #run(SparkSession, SparkRunRequest)}; adds this submission's partition stage timings to {@code timings}. */
    static SparkRunResult run(SparkSession spark, SparkRunRequest r, PartitionTimings timings) {
        if (r.model() == null || r.data() == null || r.out() == null) throw new GradLensException("--model, --data and --out are required");
        HadoopFiles fs = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        ModelBundle bundle = ModelBundle.read(r.model(), fs);
        DatasetSource source = DatasetSource.plan(r.data(), fs, spark);
        java.nio.file.Path local;
        try {
            local = Files.createTempDirectory("gradlens-spark-driver-");
        } catch (IOException e) {
            throw new GradLensException("Cannot create a local scratch folder: " + e.getMessage());
        }
        try {
            return submit(spark, r, fs, bundle, source, local, timings);
        } finally {
            PartitionTask.deleteTree(local);
        }
    }

    private static SparkRunResult submit(SparkSession spark, SparkRunRequest r, HadoopFiles fs, ModelBundle bundle, DatasetSource source,
                                         java.nio.file.Path local, PartitionTimings timings) {
        java.nio.file.Path model = bundle.writeTo(local.resolve("model"));
        java.nio.file.Path header = local.resolve("run.duckdb");
        int total, size;
        String fingerprint, metrics;
        // The local run's preparation, on the driver: a clear one-line error for a bad model, layer,
        // method or label before any executor starts; it writes the run row into a scratch file.
        try (RunEngine engine = RunEngine.prepare(new RunRequest(model, source.driverPath(), header, r.methods(), r.targets(), r.topK(),
                r.layer(), r.batch(), r.limit(), 1, "cpu", r.metrics()))) {
            metrics = engine.metrics().ids();
            fingerprint = source.openOnDriver().fingerprint();
            int items = engine.dataset().items().size();
            total = r.limit() > 0 ? Math.min(r.limit(), items) : items;
            Integer resumed = r.partitionSize() > 0 ? null : storedPartitionSize(fs, r.out());
            if (r.partitionSize() > 0) size = r.partitionSize();
            else if (resumed != null) size = resumed; // a re-submission keeps the first submission's partitions
            else size = derivedPartitionSize(spark, engine, source, fs, r.batch(), metrics, total);
        }
        RunSettings settings;
        java.nio.file.Path runParquet = local.resolve("run.parquet"), metricsParquet = local.resolve("metrics.parquet");
        try (RunDatabase db = RunDatabase.openForWriting(header)) {
            try (PreparedStatement p = db.connection().prepareStatement("UPDATE run SET model_path = ?, dataset_path = ?, options_json = ?")) {
                p.setString(1, r.model());
                p.setString(2, r.data());
                java.util.Map<String, Object> options = new java.util.LinkedHashMap<>(java.util.Map.of("batch", r.batch(), "limit", r.limit(),
                        "partition_size", size, "engine", "spark " + spark.version(), "master", spark.sparkContext().master()));
                // the metric settings exactly as the local run stores them (RunEngine.prepare wrote them into this row)
                try (Statement s = db.connection().createStatement(); ResultSet q = s.executeQuery("SELECT options_json FROM run")) {
                    q.next();
                    var stored = JSON.readTree(q.getString(1));
                    for (String k : List.of("metrics", "metric_steps", "road_noise", "metric_seed")) if (stored.has(k)) options.put(k, stored.get(k));
                }
                p.setString(3, JSON.writeValueAsString(options));
                p.executeUpdate();
            }
            settings = settingsOf(db.connection(), r.batch(), metrics);
            PartitionTask.copyToParquet(db, "run", runParquet);
            PartitionTask.copyToParquet(db, "metrics", metricsParquet);
        } catch (SQLException | IOException e) {
            throw new GradLensException("Cannot prepare the run row: " + e.getMessage());
        }

        checkOrWriteJobFile(fs, r.out(), bundle.sha256, fingerprint, settings, total, size);
        if (!fs.exists(new Path(new Path(r.out(), "run"), "part-00000.parquet"))) {
            publish(fs, r.out(), "run", "part-00000.parquet", runParquet);
            publish(fs, r.out(), "metrics", "empty.parquet", metricsParquet);
        }
        Set<Integer> done = PartitionOutput.committed(fs, r.out());
        int partitions = (total + size - 1) / size;
        List<JobPartition> todo = new ArrayList<>();
        for (int p = 0; p < partitions; p++) if (!done.contains(p)) todo.add(new JobPartition(p, p * size, Math.min(total, (p + 1) * size)));
        long computed = 0, failed = 0;
        if (!todo.isEmpty()) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<ModelBundle> shared = jsc.broadcast(bundle);
            try {
                long t0 = System.nanoTime();
                List<PartitionResult> results = jsc.parallelize(todo, todo.size())
                        .mapPartitions(new PartitionTask(shared, source, fs, r.out(), settings))
                        .collect();
                timings.jobWall += System.nanoTime() - t0;
                for (PartitionResult pr : results) {
                    computed += pr.images();
                    failed += pr.failed();
                    timings.add(pr.timings());
                }
            } finally {
                shared.destroy();
            }
        }
        try {
            FileSystem f = fs.fs(new Path(r.out()));
            f.delete(new Path(r.out(), "_temporary"), true);
            f.create(new Path(r.out(), "_SUCCESS"), true).close();
        } catch (IOException e) {
            throw new GradLensException("Cannot finish " + r.out() + ": " + e.getMessage());
        }
        return new SparkRunResult(total, partitions, partitions - todo.size(), computed, failed);
    }

    /**
     * The default partition size ({@link PartitionSizing}): this run's per-image cost measured on the
     * driver on a few of its first images, and the job's task slots (cores / spark.task.cpus).
     */
    private static int derivedPartitionSize(SparkSession spark, RunEngine engine, DatasetSource source, HadoopFiles fs, int batch,
                                            String metrics, int total) {
        RunSettings s;
        try (java.sql.Connection c = engine.readConnection()) {
            s = settingsOf(c, batch, metrics);
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the run row: " + e.getMessage());
        }
        var items = engine.dataset().items().subList(0, Math.min(total, PartitionSizing.probeImages(batch, metrics != null)));
        double t;
        source.stage(items, fs);
        try {
            t = PartitionSizing.probe(engine.session(), engine.dataset().labelTexts(), s, items);
        } finally {
            source.unstage(items);
        }
        var conf = spark.sparkContext().getConf();
        int cores = Math.max(spark.sparkContext().defaultParallelism(),
                conf.getInt("spark.executor.instances", 0) * conf.getInt("spark.executor.cores", 1));
        int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
        int slots = Math.max(1, cores / taskCpus);
        int size = PartitionSizing.choose(total, slots, t / taskCpus);
        System.err.printf(java.util.Locale.ROOT, "gradlens-spark: %.2f ms of CPU per image (measured on the driver), %d task slots of %d cores:"
                + " %d images per partition%n", t * 1e3, slots, taskCpus, size);
        return size;
    }

    /** The run row's settings (as RunEngine.prepare wrote them) with the job's batch size and metrics. */
    private static RunSettings settingsOf(java.sql.Connection c, int batch, String metrics) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet q = s.executeQuery("SELECT methods, targets, top_k, layer FROM run")) {
            q.next();
            return new RunSettings(q.getString(1), q.getString(2), q.getInt(3), q.getString(4), batch, metrics);
        }
    }

    /** The partition size of an earlier submission into {@code out}, or null. */
    private static Integer storedPartitionSize(HadoopFiles fs, String out) {
        Path file = new Path(out, PartitionOutput.JOB_FILE);
        try {
            if (!fs.exists(file)) return null;
            var size = JSON.readTree(fs.read(file)).get("partition_size");
            return size == null || !size.canConvertToInt() ? null : size.asInt();
        } catch (IOException e) {
            return null; // the job-file check below reports an unreadable file
        }
    }

    /** A re-submission must ask for the same run: same model, data, settings and partitioning. */
    private static void checkOrWriteJobFile(HadoopFiles fs, String out, String sha, String fingerprint, RunSettings s, int total, int size) {
        ObjectNode job = JSON.createObjectNode();
        job.put("model_sha256", sha).put("dataset_fingerprint", fingerprint).put("methods", s.methods()).put("targets", s.targets())
                .put("top_k", s.topK()).put("layer", s.layer()).put("images", total).put("partition_size", size);
        // only with metrics, so that the job file of an earlier job without them still matches a re-submission
        if (s.metrics() != null) job.put("metrics", s.metrics());
        Path file = new Path(out, PartitionOutput.JOB_FILE);
        try {
            if (fs.exists(file)) {
                ObjectNode old = (ObjectNode) JSON.readTree(fs.read(file));
                if (!old.equals(job)) {
                    throw new GradLensException(out + " holds another run (" + old + "): re-submit with the same model, data and options"
                            + " to resume it, or give a new --out");
                }
                return;
            }
            FileSystem f = fs.fs(file);
            f.mkdirs(new Path(out));
            try (OutputStream o = f.create(file, true)) {
                o.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(job).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new GradLensException("Cannot write " + file + ": " + e.getMessage());
        }
    }

    private static void publish(HadoopFiles fs, String out, String table, String name, java.nio.file.Path file) {
        Path tmp = new Path(new Path(out, "_temporary"), table + "-" + java.util.UUID.randomUUID() + ".parquet");
        Path target = new Path(new Path(out, table), name);
        try {
            FileSystem f = fs.fs(tmp);
            f.copyFromLocalFile(false, true, new Path(file.toUri()), tmp);
            f.mkdirs(target.getParent());
            if (f.exists(target)) f.delete(target, false);
            if (!f.rename(tmp, target)) throw new IOException("rename to " + target + " failed");
        } catch (IOException e) {
            throw new GradLensException("Cannot write " + target + ": " + e.getMessage());
        }
    }
}
