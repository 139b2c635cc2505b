package dev.gradlens.run;

import dev.gradlens.tensor.Tensor;

import java.util.List;

/**
 * Everything the results database gets for one image: its images row, labels, groups, regions,
 * top-k, maps and faithfulness metrics (written together, in its batch's transaction).
 *
 * @param trueClass   the model class of the first label, or null
 * @param labels      every label as a model class (image_labels)
 * @param regionClass the model class of each of the decoded image's regions (null where none)
 * @param top         the top-k classes, rank 0 first (empty when not computed)
 * @param scores      raw class scores [K] (null when not computed)
 * @param probs       softmax of the scores [K] (null when not computed)
 * @param metrics     the metrics table's rows of this image (empty without --metrics)
 */
record ImageResult(DecodedImage image, Integer trueClass, List<Integer> labels, List<Integer> regionClass, int[] top,
                   float[] scores, float[] probs, List<StoredMap> maps, List<StoredMetric> metrics) {

    ImageResult(DecodedImage image, Integer trueClass, List<Integer> labels, List<Integer> regionClass, int[] top,
                float[] scores, float[] probs, List<StoredMap> maps) {
        this(image, trueClass, labels, regionClass, top, scores, probs, maps, List.of());
    }

    record StoredMap(String method, int classIndex, boolean counterfactual, Tensor map) {
    }

    /**
     * One metrics row: {@code value} null where the metric is undefined for the map (never NaN, see
     * docs/run-database.md), {@code curve} the float32 curve or null.
     */
    record StoredMetric(String method, int classIndex, boolean counterfactual, String metric, Double value, float[] curve) {
        /** A scorer's value as a row: an undefined value, or a NaN (a model that returns NaN), is stored as NULL. */
        static StoredMetric of(StoredMap map, dev.gradlens.metrics.MetricValue v) {
            Double value = v.value() == null || v.value().isNaN() || v.value().isInfinite() ? null : v.value();
            return new StoredMetric(map.method(), map.classIndex(), map.counterfactual(), v.metric().id(), value, v.curve());
        }
    }

    Integer predicted() {
        return top.length == 0 ? null : top[0];
    }
}
