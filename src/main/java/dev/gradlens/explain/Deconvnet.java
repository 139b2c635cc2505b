package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;

/**
 * Deconvnet (Zeiler and Fergus 2014, §2.1): the rectifiers pass ReLU(gradient), ignoring the forward
 * input (Springenberg et al. 2015, Fig. 1 shows the three rules side by side).
 */
public final class Deconvnet extends InputGradientMethod {
    @Override
    public RectifierPolicy policy() {
        return RectifierPolicy.DECONVNET;
    }
}
