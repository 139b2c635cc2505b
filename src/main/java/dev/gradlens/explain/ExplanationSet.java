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

    public Explanation get(MethodId method, Target target) {
        for (Explanation e : maps) if (e.method() == method && e.target().equals(target)) return e;
        return null;
    }
}
