package dev.gradlens.audit;

import java.util.List;

/** Everything an audit found: the tables, the plain-language gaps and the notes. */
public record AuditResult(RunInfo run, RegionNames regions, List<String> groupNames, List<MapMeasurements.MethodKey> methods,
                          List<AccuracyRow> accuracy, List<LocalisationRow> localisation, List<Gap> gaps, Notes notes,
                          int images, int maps, int resamples, long seed, long millis) {

    /** Top-1 accuracy and mean confidence of the images of one true class (or all) in one group value. */
    public record AccuracyRow(int cls, String label, String group, String value, int n, Bootstrap.Estimate accuracy,
                              Bootstrap.Estimate confidence) {
    }

    /**
     * Where one method's maps of one class put their mass, over the images with (or without) that class
     * in one group value: per region the mean area, the energy share and the pointing game with CIs.
     * {@code images} counts the images of the cell, {@code n} those with such a map (fewer when the
     * class's maps were stored only where it was true or predicted). {@code typical} lists, per region,
     * the image ids whose share is closest to the mean.
     */
    public record LocalisationRow(int method, int cls, String label, boolean withClass, String group, String value, int images,
                                  int n, double[] area, Bootstrap.Estimate[] share, Bootstrap.Estimate[] pointing,
                                  int[][] typical) {
        public double coverage() {
            return images == 0 ? 0 : (double) n / images;
        }
    }

    /** A gap worth reading first, in words, with the table cells it comes from. */
    public record Gap(String sentence, double size, LocalisationRow row, int region, AccuracyRow low, AccuracyRow high) {
    }
}
