package dev.gradlens.spark;

import java.util.List;

/**
 * What the job is asked: {@code gradlens run}'s options (same meaning and defaults, see
 * {@code RunRequest}) with URIs on any Hadoop file system, plus the partition size.
 *
 * @param partitionSize images per job partition (one output file per table each); 0: derived from the model's cost
 *                      and the task slots ({@code PartitionSizing}), or an earlier submission's into the same output
 * @param metrics       {@code --metrics} as {@code gradlens run} takes it (null or empty: none)
 */
public record SparkRunRequest(String model, String data, String out, List<String> methods, List<String> targets, int topK, String layer,
                              int batch, int limit, int partitionSize, List<String> metrics) {
    /** A job without metrics. */
    public SparkRunRequest(String model, String data, String out, List<String> methods, List<String> targets, int topK, String layer,
                           int batch, int limit, int partitionSize) {
        this(model, data, out, methods, targets, topK, layer, batch, limit, partitionSize, null);
    }
}
