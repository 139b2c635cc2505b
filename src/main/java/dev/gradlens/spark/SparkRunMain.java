package dev.gradlens.spark;

import dev.gradlens.GradLensException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spark-submit --class dev.gradlens.spark.SparkRunMain gradlens-spark.jar --model ... --data ... --out ...}:
 * {@code gradlens run} on a Spark cluster (docs/spark.md). Same options and error conventions as the
 * CLI: a request error prints one {@code error:} line and exits 2.
 */
@Command(name = "gradlens-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A data-set run on Apache Spark; the output folder (Parquet) opens like a run file.")
public final class SparkRunMain implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "URI", description = "ONNX classifier (its descriptor and labels beside it are sent along)")
    String model;
    @Option(names = "--data", required = true, paramLabel = "URI", description = "data set: any kind on a file system every executor mounts; "
            + "a .csv/.tsv/.parquet manifest or an ImageFolder on any Hadoop file system")
    String data;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (Parquet tables; re-submit to resume)")
    String out;
    @Option(names = "--methods", split = ",", paramLabel = "LIST", description = "CAM methods stored per image (default: gradcam,gradcampp)")
    List<String> methods;
    @Option(names = "--target", paramLabel = "CLASS", description = "also store maps of this class for every image (repeatable)")
    List<String> targets;
    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K")
    int topK;
    @Option(names = "--layer", paramLabel = "TENSOR")
    String layer;
    @Option(names = "--batch", defaultValue = "16", paramLabel = "N", description = "images per ONNX Runtime run (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--limit", defaultValue = "0", paramLabel = "N")
    int limit;
    @Option(names = "--metrics", split = ",", paramLabel = "LIST", description = "faithfulness metrics per image, as 'gradlens run --metrics': "
            + "faithfulness, deletion-insertion, road, all, or metric ids (default: none)")
    List<String> metrics;
    @Option(names = "--partition-size", defaultValue = "0", paramLabel = "N",
            description = "images per job partition, the unit of resumption (default: from the per-image cost measured on the driver"
                    + " and the task slots: the per-partition cost of ~0.05 s at most 3 % of a partition's work, 4 partitions per slot"
                    + " where that allows, a partition at most 2 minutes, the partitions a multiple of the slots; a re-submission keeps"
                    + " the first one's; docs/spark.md)")
    int partitionSize;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cl = new CommandLine(new SparkRunMain());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof GradLensException) {
                line.getErr().println("gradlens-spark: error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        SparkSession spark = SparkSession.builder().appName("gradlens run " + data).getOrCreate();
        try {
            long t0 = System.nanoTime();
            PartitionTimings timings = new PartitionTimings();
            SparkRunResult r = SparkRun.run(spark, new SparkRunRequest(model, data, out, methods, targets, topK, layer, batch, limit, partitionSize, metrics), timings);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "%d images in %d partitions (%d already done): %d computed now, %d of them failed,"
                    + " in %.1f s (%.2f images/s); results in %s%n", r.images(), r.partitions(), r.skipped(), r.computed(), r.failed(),
                    secs, r.computed() / secs, out);
            if (timings.partitions > 0) System.out.println("stage timings: " + timings);
            return 0;
        } finally {
            spark.stop();
        }
    }
}
