package dev.gradlens.run;

import dev.gradlens.dataset.DatasetItem;
import dev.gradlens.dataset.Region;

import java.util.List;

/**
 * An item after the worker thread: the model input and the image's regions, or why it is skipped.
 *
 * @param status ok, missing, unreadable or duplicate (the images table's status)
 */
record DecodedImage(DatasetItem item, float[] input, int width, int height, String status, String error, List<Region> regions) {
    static final String OK = "ok";

    boolean ok() {
        return OK.equals(status);
    }

    static DecodedImage failed(DatasetItem item, String status, String error, int width, int height) {
        return new DecodedImage(item, null, width, height, status, error, List.of());
    }
}
