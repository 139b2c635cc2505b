package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The explanation methods and what each needs, in the spirit of the gradient rule registry: adding
 * a method is one {@link MethodSpec} here (plus its {@link MethodId}), not a case in several switches.
 * The counterfactual ids ({@code gradcam-counterfactual}, {@code gradcampp-counterfactual}) are not
 * methods: they are aliases of Grad-CAM / Grad-CAM++ whose target is counterfactual
 * ({@link MethodId#base()}); the counterfactual itself is a property of the {@link Target}.
 */
public final class MethodRegistry {
    private static final MethodRegistry STANDARD = new MethodRegistry(standardSpecs());

    private final Map<MethodId, MethodSpec> specs;

    private MethodRegistry(Map<MethodId, MethodSpec> specs) {
        this.specs = Collections.unmodifiableMap(specs);
    }

    public static MethodRegistry standard() {
        return STANDARD;
    }

    /** The spec of a method; an alias id gives its base method's spec. */
    public MethodSpec get(MethodId id) {
        MethodSpec s = specs.get(id.base());
        if (s == null) throw new IllegalStateException("no method registered for " + id);
        return s;
    }

    public Map<MethodId, MethodSpec> all() {
        return specs;
    }

    private static Map<MethodId, MethodSpec> standardSpecs() {
        Map<MethodId, MethodSpec> m = new EnumMap<>(MethodId.class);
        cam(m, MethodId.GRADCAM, new GradCam());
        cam(m, MethodId.GRADCAMPP, new GradCamPlusPlus());
        cam(m, MethodId.XGRADCAM, new XGradCam());
        cam(m, MethodId.LAYERCAM, new LayerCam());
        cam(m, MethodId.HIRESCAM, new HiResCam());
        input(m, MethodId.VANILLA, RectifierPolicy.STANDARD);
        input(m, MethodId.GUIDED_BACKPROP, RectifierPolicy.GUIDED);
        input(m, MethodId.DECONVNET, RectifierPolicy.DECONVNET);
        guided(m, MethodId.GUIDED_GRADCAM, new GuidedGradCam());
        guided(m, MethodId.GUIDED_GRADCAMPP, new GuidedGradCamPlusPlus());
        m.put(MethodId.SCORECAM, new MethodSpec(MethodId.SCORECAM, false, null, true, false, MethodSpec.Inputs::scoreCam));
        m.put(MethodId.SMOOTHGRAD, new MethodSpec(MethodId.SMOOTHGRAD, false, null, true, true, MethodSpec.Inputs::smoothGrad));
        return m;
    }

    private static void cam(Map<MethodId, MethodSpec> m, MethodId id, CamMethod cam) {
        m.put(id, new MethodSpec(id, true, null, false, true, in -> cam.map(in.activation(), in.layerGradient())));
    }

    private static void input(Map<MethodId, MethodSpec> m, MethodId id, RectifierPolicy policy) {
        m.put(id, new MethodSpec(id, false, policy, false, true, in -> in.inputGradient(policy)));
    }

    private static void guided(Map<MethodId, MethodSpec> m, MethodId id, GuidedCam cam) {
        m.put(id, new MethodSpec(id, true, RectifierPolicy.GUIDED, false, true,
                in -> cam.map(in.activation(), in.layerGradient(), in.inputGradient(RectifierPolicy.GUIDED))));
    }
}
