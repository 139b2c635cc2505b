package dev.gradlens.spark;

/**
 * How a submission went.
 *
 * @param images     images of the run (the data set, or --limit)
 * @param partitions job partitions in all
 * @param skipped    partitions already committed by an earlier submission
 * @param computed   images computed by this submission
 * @param failed     of those, images recorded as missing/unreadable/duplicate
 */
public record SparkRunResult(int images, int partitions, int skipped, long computed, long failed) {
}
