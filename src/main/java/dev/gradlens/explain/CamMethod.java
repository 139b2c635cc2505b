package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

import java.util.Arrays;

/**
 * A gradient CAM: a class-activation map [h, w] at the layer's resolution from the layer's
 * activations A [C, h, w] and the gradient dA = ∂(seed·S)/∂A [C, h, w] of one target. Capturing A and
 * dA is not the method's job ({@link Explainer} does it in one run); the counterfactual lives in the
 * target's seed, so dA is already −∂S/∂A for a counterfactual target.
 */
public interface CamMethod {

    /** The raw map [h, w], ReLU'd, unnormalised. */
    Tensor map(Tensor activations, Tensor gradients);

    /** Checks that A and dA are both [C, h, w] of the same shape. */
    static void checkShapes(Tensor a, Tensor dA) {
        if (a.rank() != 3) throw new IllegalArgumentException("activations must be [C, h, w], got " + Arrays.toString(a.shape()));
        if (!Arrays.equals(a.shape(), dA.shape())) {
            throw new IllegalArgumentException("activations " + Arrays.toString(a.shape()) + " and gradients "
                    + Arrays.toString(dA.shape()) + " differ in shape");
        }
    }
}
