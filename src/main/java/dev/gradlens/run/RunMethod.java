package dev.gradlens.run;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.CamMethod;
import dev.gradlens.explain.GradCam;
import dev.gradlens.explain.GradCamPlusPlus;
import dev.gradlens.explain.HiResCam;
import dev.gradlens.explain.LayerCam;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.XGradCam;
import dev.gradlens.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A method a run stores: a gradient CAM (small maps at the layer's resolution, computed from the
 * batch's ∂S/∂A without further model runs). Pixel-space methods and Score-CAM are refused: their
 * maps are input-sized or cost a model run per channel, not something to keep for every image.
 *
 * @param id             the stored method id (the counterfactual variants store their base id with counterfactual = true)
 * @param counterfactual the map of the negated score (Grad-CAM paper §3.2)
 */
record RunMethod(MethodId method, String id, boolean counterfactual, CamMethod cam) {
    static final List<String> DEFAULT = List.of("gradcam", "gradcampp");

    static List<RunMethod> parse(List<String> ids) {
        List<String> given = ids == null || ids.isEmpty() ? DEFAULT : ids;
        List<RunMethod> out = new ArrayList<>();
        for (String s : new LinkedHashSet<>(given)) {
            if (s == null || s.isBlank()) continue;
            MethodId m = MethodId.parse(s);
            out.add(switch (m) {
                case GRADCAM -> new RunMethod(m, "gradcam", false, new GradCam());
                case GRADCAM_COUNTERFACTUAL -> new RunMethod(m, "gradcam", true, new GradCam());
                case GRADCAMPP -> new RunMethod(m, "gradcampp", false, new GradCamPlusPlus());
                case GRADCAMPP_COUNTERFACTUAL -> new RunMethod(m, "gradcampp", true, new GradCamPlusPlus());
                case XGRADCAM -> new RunMethod(m, "xgradcam", false, new XGradCam());
                case LAYERCAM -> new RunMethod(m, "layercam", false, new LayerCam());
                case HIRESCAM -> new RunMethod(m, "hirescam", false, new HiResCam());
                default -> throw new GradLensException("'" + m.id() + "' is not available in data-set runs: they store gradient CAMs "
                        + "(gradcam, gradcampp, xgradcam, layercam, hirescam, gradcam-counterfactual, gradcampp-counterfactual)");
            });
        }
        if (out.isEmpty()) throw new GradLensException("--methods lists no method");
        return out;
    }

    /** The map [h, w] of one class from the image's activations and ∂S_c/∂A. */
    Tensor map(Tensor activation, Tensor gradient) {
        if (!counterfactual) return cam.map(activation, gradient);
        float[] neg = gradient.data().clone();
        for (int i = 0; i < neg.length; i++) neg[i] = -neg[i];
        return cam.map(activation, new Tensor(neg, gradient.shape()));
    }

    /** The ids as run.methods stores them: the command-line ids, comma-separated. */
    static String joined(List<RunMethod> ms) {
        return String.join(",", ms.stream().map(m -> m.method().id()).toList());
    }
}
