package dev.gradlens.inference;

import java.util.Arrays;

/** A tensor a CAM can be computed on: 4-D, spatial size above 1, on the gradient path to the score. */
public record LayerCandidate(String tensor, int[] shape, String producerOp, String producerNode, int depth) {
    public String describe() {
        return tensor + "  " + Arrays.toString(shape) + "  " + producerOp + "  (node " + depth + ")";
    }
}
