package dev.gradlens.spark;

import java.io.Serializable;

/** What a finished partition reports to the driver. */
record PartitionResult(int partition, int images, int failed, PartitionTimings timings) implements Serializable {
}
