package dev.gradlens.run;

/**
 * Where a run stands after a committed batch.
 *
 * @param done            images with a row in the results (earlier sessions of a resumed run included)
 * @param total           images the run will have when complete (the data set, or --limit)
 * @param failed          of {@code done}, images not computed (missing, unreadable, duplicate)
 * @param imagesPerSecond rate of this session so far
 * @param etaSeconds      time left at that rate (-1 while unknown)
 */
public record RunProgress(long done, long total, long failed, double imagesPerSecond, long etaSeconds) {
}
