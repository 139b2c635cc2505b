package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Everything one explain call produced for one image.
 *
 * @param scores        pre-softmax class scores [K]
 * @param probabilities softmax of the scores [K]
 * @param layer         the CAM layer tensor name
 * @param activation    A [C, h, w]
 * @param layerGrads    ∂S/∂A [C, h, w] per target (sign of the target's seed included)
 * @param maps          the explanations, in request order (targets × methods)
 * @param timings       milliseconds per stage ("forward+backward", "scorecam", ...)
 */
public record ExplanationSet(Tensor scores, float[] probabilities, String layer, Tensor activation,
                             Map<Target, Tensor> layerGrads, List<Explanation> maps, Map<String, Double> timings) {

    /**
     * The map of a method for a target: the one recorded for exactly that target, else the one for the
     * target the method explains when that target is requested ({@link MethodId#targetFor}), so that
     * {@code get(GRADCAM_COUNTERFACTUAL, Target.of(c))} finds the map recorded for (c, counterfactual).
     */
    public Explanation get(MethodId method, Target target) {
        for (Explanation e : maps) if (e.method() == method && e.target().equals(target)) return e;
        Target effective = method.targetFor(target);
        for (Explanation e : maps) if (e.method() == method && e.target().equals(effective)) return e;
        return null;
    }
}
