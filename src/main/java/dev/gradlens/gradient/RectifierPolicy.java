package dev.gradlens.gradient;

/**
 * How rectifiers (Relu, Clip-as-ReLU6, LeakyRelu, PRelu) pass gradients backwards on the
 * input-gradient branch. Other nonlinearities always keep their true derivative.
 */
public enum RectifierPolicy {
    /** The true derivative: grad × f'(x). Vanilla gradient; always used for ∂S/∂A. */
    STANDARD,
    /** Guided backprop (Springenberg et al. 2015): ReLU(grad) × f'(x), e.g. 1[x>0] for Relu, 1[0<x<6] for ReLU6. */
    GUIDED,
    /** Deconvnet (Zeiler and Fergus 2014): ReLU(grad), ignoring the forward input. */
    DECONVNET;

    public String id() {
        return name().toLowerCase();
    }
}
