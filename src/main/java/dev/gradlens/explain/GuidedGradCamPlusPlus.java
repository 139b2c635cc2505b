package dev.gradlens.explain;

/** Guided Grad-CAM++ (Chattopadhyay et al., WACV 2018, §4): guided backprop × upsampled Grad-CAM++. */
public final class GuidedGradCamPlusPlus extends GuidedCam {
    public GuidedGradCamPlusPlus() {
        super(new GradCamPlusPlus());
    }
}
