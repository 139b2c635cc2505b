package dev.gradlens.run.browse;

import java.util.List;

/**
 * Counts of (true class, predicted class) over the labelled, readable images. Rows and columns are
 * the true classes present in the run, in index order; predictions outside them (common with a
 * 1000-class model on a 10-class set) are counted in one last column, {@code other}, so the
 * matrix stays square where it matters.
 *
 * @param counts [row][column]; column {@code classes.size()} is "other"
 */
public record ConfusionMatrix(List<Integer> classes, List<String> labels, long[][] counts) {
    public ConfusionMatrix {
        classes = List.copyOf(classes);
        labels = List.copyOf(labels);
    }

    public int size() {
        return classes.size();
    }

    public long count(int row, int column) {
        return counts[row][column];
    }

    /** Predictions outside the true classes, for a row. */
    public long other(int row) {
        return counts[row][classes.size()];
    }

    public boolean hasOther() {
        for (long[] r : counts) if (r[classes.size()] > 0) return true;
        return false;
    }

    public long max() {
        long m = 0;
        for (long[] r : counts) for (long v : r) m = Math.max(m, v);
        return m;
    }
}
