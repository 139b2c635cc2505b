package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;

/** The vanilla gradient ∂S/∂x (Simonyan et al. 2014, "saliency maps", eq. 2 before the max over channels). */
public final class VanillaGradient extends InputGradientMethod {
    @Override
    public RectifierPolicy policy() {
        return RectifierPolicy.STANDARD;
    }
}
