package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.tensor.Tensor;

/**
 * One explanation method as the {@link MethodRegistry} knows it: what it needs from the shared
 * gradient run, and how it turns that into a raw map. {@link Explainer} reads the needs to plan ONE
 * run for all methods and targets, then asks each method for its map; it has no per-method code.
 *
 * @param id                 the method
 * @param layerGradient      reads ∂S/∂A at the CAM layer from the shared run
 * @param inputGradient      the rectifier policy of the input gradient it reads from the shared run, or null
 * @param ownRuns            makes runs of its own (Score-CAM's masked forwards, SmoothGrad's noisy
 *                           gradients), batched when the model takes batches; reads no seed row
 * @param signed             its map depends on the seed's sign, so a counterfactual target is its own
 *                           map; false for Score-CAM (no gradient: it explains the class itself)
 * @param compute            the map from what the run gave
 */
public record MethodSpec(MethodId id, boolean layerGradient, RectifierPolicy inputGradient, boolean ownRuns, boolean signed,
                         Compute compute) {

    /** What a method computes its map from: the shared run, seen for one target. */
    public interface Inputs {
        /** A [C, h, w] of the layer. */
        Tensor activation();

        /** ∂(seed·S)/∂A [C, h, w] for the target (negated for a counterfactual target). */
        Tensor layerGradient();

        /** The input gradient [C, H, W] of the target's seed row under a policy (computed once per row). */
        Tensor inputGradient(RectifierPolicy policy);

        /** Score-CAM's map for the target (masked forwards shared by all targets of the request). */
        Tensor scoreCam();

        /** SmoothGrad's map for the target. */
        Tensor smoothGrad();
    }

    @FunctionalInterface
    public interface Compute {
        Tensor map(Inputs in);
    }

    /** The stage its time is counted under in {@link ExplanationSet#timings()}. */
    public String stage() {
        if (id == MethodId.SCORECAM) return Explainer.T_SCORECAM;
        if (id == MethodId.SMOOTHGRAD) return Explainer.T_SMOOTHGRAD;
        return id.pixelSpace() ? Explainer.T_PIXEL : Explainer.T_CAMS;
    }
}
