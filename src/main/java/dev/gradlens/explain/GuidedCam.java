package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

import java.util.Arrays;

/**
 * Guided Grad-CAM and its kin (Selvaraju et al., ICCV 2017, §3.1): guided backprop multiplied point
 * by point with the CAM bilinearly upsampled to the input resolution (align_corners=false, half-pixel
 * centres). The CAM enters raw (ReLU'd, not min-max normalised): display normalisation is per
 * channel and symmetric, so the CAM's overall scale does not show.
 */
public abstract class GuidedCam {
    private final ChannelWeightedCam cam;

    protected GuidedCam(ChannelWeightedCam cam) {
        this.cam = cam;
    }

    /** The CAM that gates the guided gradient. */
    public ChannelWeightedCam cam() {
        return cam;
    }

    /** guided [C, H, W] × upsample(cam(A, dA)). */
    public Tensor map(Tensor activations, Tensor gradients, Tensor guided) {
        return combine(guided, cam.map(activations, gradients));
    }

    /** guided [C, H, W] × the CAM [h, w] upsampled to H × W, in every channel. */
    public static Tensor combine(Tensor guided, Tensor cam) {
        if (guided.rank() != 3 || cam.rank() != 2) {
            throw new IllegalArgumentException("need guided [C, H, W] and CAM [h, w], got " + Arrays.toString(guided.shape())
                    + " and " + Arrays.toString(cam.shape()));
        }
        int c = guided.dim(0), h = guided.dim(1), w = guided.dim(2), n = h * w;
        float[] up = dev.gradlens.imaging.Resize.bilinear(cam.data(), cam.dim(0), cam.dim(1), h, w);
        float[] g = guided.data();
        float[] out = new float[g.length];
        for (int ch = 0; ch < c; ch++) for (int i = 0; i < n; i++) out[ch * n + i] = g[ch * n + i] * up[i];
        return new Tensor(out, guided.shape().clone());
    }
}
