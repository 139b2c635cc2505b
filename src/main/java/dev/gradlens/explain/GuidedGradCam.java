package dev.gradlens.explain;

/** Guided Grad-CAM (Selvaraju et al., ICCV 2017, §3.1): guided backprop × upsampled Grad-CAM. */
public final class GuidedGradCam extends GuidedCam {
    public GuidedGradCam() {
        super(new GradCam());
    }
}
