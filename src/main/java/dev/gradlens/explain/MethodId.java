package dev.gradlens.explain;

import dev.gradlens.GradLensException;

import java.util.ArrayList;
import java.util.List;

/**
 * The explanation methods and their command-line ids (a contract: scripts use these names).
 * {@code pixelSpace} methods give [C,H,W] maps at the model's input resolution; the others are CAMs
 * [h,w] at the layer's resolution.
 */
public enum MethodId {
    GRADCAM("gradcam", "Grad-CAM", false),
    GRADCAM_COUNTERFACTUAL("gradcam-counterfactual", "Counterfactual Grad-CAM", false),
    GRADCAMPP("gradcampp", "Grad-CAM++", false),
    GRADCAMPP_COUNTERFACTUAL("gradcampp-counterfactual", "Counterfactual Grad-CAM++", false),
    XGRADCAM("xgradcam", "XGrad-CAM", false),
    LAYERCAM("layercam", "LayerCAM", false),
    HIRESCAM("hirescam", "HiResCAM", false),
    SCORECAM("scorecam", "Score-CAM", false),
    VANILLA("vanilla", "Vanilla gradient", true),
    GUIDED_BACKPROP("guided-backprop", "Guided backprop", true),
    DECONVNET("deconvnet", "Deconvnet", true),
    GUIDED_GRADCAM("guided-gradcam", "Guided Grad-CAM", true),
    GUIDED_GRADCAMPP("guided-gradcampp", "Guided Grad-CAM++", true),
    SMOOTHGRAD("smoothgrad", "SmoothGrad", true);

    private final String id;
    private final String title;
    private final boolean pixelSpace;

    MethodId(String id, String title, boolean pixelSpace) {
        this.id = id;
        this.title = title;
        this.pixelSpace = pixelSpace;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public boolean pixelSpace() {
        return pixelSpace;
    }

    /**
     * The counterfactual ids: aliases (kept for scripts and the CLI) of Grad-CAM / Grad-CAM++ on the
     * counterfactual {@link Target}. They are not methods of their own: {@link #base()} is the method.
     */
    public boolean counterfactualVariant() {
        return this == GRADCAM_COUNTERFACTUAL || this == GRADCAMPP_COUNTERFACTUAL;
    }

    /** The method an id computes: Grad-CAM for {@code gradcam-counterfactual}, Grad-CAM++ for {@code gradcampp-counterfactual}, itself otherwise. */
    public MethodId base() {
        return switch (this) {
            case GRADCAM_COUNTERFACTUAL -> GRADCAM;
            case GRADCAMPP_COUNTERFACTUAL -> GRADCAMPP;
            default -> this;
        };
    }

    /**
     * The target this method really explains when {@code requested} is asked for: the counterfactual
     * aliases explain the counterfactual of the class; a method whose map does not depend on the
     * seed's sign (Score-CAM: no gradient) explains the class itself; every other method explains
     * the target as given.
     */
    public Target targetFor(Target requested) {
        if (counterfactualVariant()) return requested.withCounterfactual(true);
        if (!MethodRegistry.standard().get(this).signed()) return requested.withCounterfactual(false);
        return requested;
    }

    public static MethodId parse(String id) {
        for (MethodId m : values()) if (m.id.equalsIgnoreCase(id.trim())) return m;
        List<String> ids = new ArrayList<>();
        for (MethodId m : values()) ids.add(m.id);
        throw new GradLensException("Unknown method '" + id + "'. Methods: " + String.join(", ", ids));
    }
}
