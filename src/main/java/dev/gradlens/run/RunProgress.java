package dev.gradlens.run;

/** STUB: progress of a data-set run (the real one comes from the dataset-core branch). */
public record RunProgress(long done, long total, long failed, double imagesPerSecond, long etaSeconds) {
}
