package dev.gradlens.dataset;

import java.io.IOException;
import java.util.List;

/**
 * Reads an item's regions when its image is processed, not when the data set is listed: masks of
 * tens of thousands of images would otherwise all sit in memory for the whole run.
 */
@FunctionalInterface
public interface RegionLoader {
    RegionLoader NONE = (w, h) -> List.of();

    /** The regions, given the decoded image's size (masks are checked against it). */
    List<Region> load(int width, int height) throws IOException;

    /**
     * The files {@link #load} reads, as the data set names them (relative to its folder, or absolute):
     * a Spark job on a non-shared file system copies them to local scratch with the item's image.
     */
    default List<String> files() {
        return List.of();
    }
}
