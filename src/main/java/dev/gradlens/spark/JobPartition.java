package dev.gradlens.spark;

import java.io.Serializable;

/** Items [from, to) of the data set: one output file per table. Fixed by the partition size, so a re-submission finds the same ones. */
record JobPartition(int id, int from, int to) implements Serializable {
}
