package dev.gradlens.service;

import dev.gradlens.explain.MethodId;
import dev.gradlens.tensor.Tensor;

/**
 * One explanation ready to draw.
 *
 * @param raw      the unnormalised map (CAM [h,w] or pixel-space [C,H,W]) for export as .npy
 * @param display  values in [0,1], {@code channels} × height × width, row-major per channel: 1 channel
 *                 = a heat map to colour and blend over the view (opacity and colormap change
 *                 without recomputing); 3 channels = an RGB picture (guided backprop and the like)
 * @param flat     the map was constant (e.g. an all-zero CAM): shown as zeros and said so
 * @param caption  "Grad-CAM · tabby (281) · layer4" style caption
 */
public record Panel(MethodId method, int classIndex, boolean counterfactual, String layer, Tensor raw,
                    float[] display, int channels, int width, int height, boolean flat, String caption) {

    /** Display value at (x, y) of channel 0, e.g. for the hover read-out. */
    public float valueAt(int x, int y) {
        return display[y * width + x];
    }
}
