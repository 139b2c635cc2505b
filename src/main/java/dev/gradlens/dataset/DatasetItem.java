package dev.gradlens.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One image of a data set.
 *
 * @param index     position in the data set's order (the run database's image_id)
 * @param path      the path as stored: relative to the data set's root where it lies below it
 * @param file      the file to read
 * @param labels    the data set's label texts, main label first (empty: unlabelled)
 * @param groups    group attributes (name → value) for the audit
 * @param regions   reads the named regions when the image is processed
 * @param duplicate true when an earlier item names the same file
 */
public record DatasetItem(int index, String path, Path file, List<String> labels, Map<String, String> groups,
                          RegionLoader regions, boolean duplicate) {
    public DatasetItem {
        labels = List.copyOf(labels);
        groups = Map.copyOf(groups);
    }

    DatasetItem withIndex(int i, boolean dup) {
        return new DatasetItem(i, path, file, labels, groups, regions, dup);
    }
}
