package dev.gradlens.run;

import dev.gradlens.tensor.Tensor;

import java.util.List;

/**
 * Everything the results database gets for one image: its images row, labels, groups, regions,
 * top-k and maps (written together, in its batch's transaction).
 *
 * @param trueClass   the model class of the first label, or null
 * @param labels      every label as a model class (image_labels)
 * @param regionClass the model class of each of the decoded image's regions (null where none)
 * @param top         the top-k classes, rank 0 first (empty when not computed)
 * @param scores      raw class scores [K] (null when not computed)
 * @param probs       softmax of the scores [K] (null when not computed)
 */
record ImageResult(DecodedImage image, Integer trueClass, List<Integer> labels, List<Integer> regionClass, int[] top,
                   float[] scores, float[] probs, List<StoredMap> maps) {

    record StoredMap(String method, int classIndex, boolean counterfactual, Tensor map) {
    }

    Integer predicted() {
        return top.length == 0 ? null : top[0];
    }
}
