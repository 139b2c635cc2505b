package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;

/**
 * Guided backpropagation (Springenberg et al. 2015, §3.4 and Fig. 1): at every rectifier the gradient
 * passes only where both the forward input and the incoming gradient are positive.
 */
public final class GuidedBackprop extends InputGradientMethod {
    @Override
    public RectifierPolicy policy() {
        return RectifierPolicy.GUIDED;
    }
}
