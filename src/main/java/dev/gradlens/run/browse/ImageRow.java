package dev.gradlens.run.browse;

import java.util.Map;

/**
 * One done image of a run, as the failure list and the window's table show it.
 *
 * @param trueClass      null when the image is unlabelled
 * @param predictedClass null when it could not be read
 * @param correct        null when unlabelled or unread
 * @param groups         group attributes (name → value), in name order
 */
public record ImageRow(int imageId, String path, Integer trueClass, String trueLabel, Integer predictedClass,
                       String predictedLabel, double confidence, double margin, Boolean correct, String status,
                       Map<String, String> groups) {
    public ImageRow {
        groups = Map.copyOf(groups);
    }

    public boolean mistake() {
        return Boolean.FALSE.equals(correct);
    }

    /** "name=value, …" in name order. */
    public String groupText() {
        return new java.util.TreeMap<>(groups).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
