package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.inference.GradientResult;
import dev.gradlens.tensor.Tensor;

/**
 * A pixel-space method that is one input gradient ∂(seed·S)/∂x, back-propagated through the
 * rectifiers with a given {@link RectifierPolicy}. The gradient graph does the work; the method
 * only names the policy and picks its seed row.
 */
public abstract class InputGradientMethod {

    /** How rectifiers pass gradients back for this method. */
    public abstract RectifierPolicy policy();

    /** The map [C, H, W] (NCHW whatever the model's layout) of seed row {@code seedRow} of a run. */
    public Tensor map(GradientResult run, int seedRow) {
        Tensor g = run.inputGrads().get(policy());
        if (g == null) throw new IllegalStateException("the run computed no " + policy().id() + " input gradient");
        return g.slice(seedRow);
    }
}
