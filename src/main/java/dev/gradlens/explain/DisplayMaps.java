package dev.gradlens.explain;

import dev.gradlens.tensor.Tensor;

import dev.gradlens.imaging.Normalize;

import java.util.Arrays;

/**
 * Display forms of raw maps (docs/conventions.md). Pure: no colours, no JavaFX.
 * <ul>
 * <li>CAM [h, w] → ReLU, bilinear upsampling to the requested size (align_corners=false, half-pixel
 * centres, edge clamp, as PyTorch), min-max normalisation to [0, 1] per map. A map that is constant
 * after the ReLU (all zero, say) has no contrast to show: it becomes all zeros and is reported flat.</li>
 * <li>Pixel-space [C, H, W] (gradients, guided backprop, Guided Grad-CAM, SmoothGrad) → per-channel
 * symmetric normalisation x / max|x| mapped to [0, 1] with 0.5 = zero, returned as 3 × H × W (a
 * single-channel map is repeated into the three). A channel that is all zero is 0.5; a map that is all
 * zero is reported flat.</li>
 * </ul>
 */
public final class DisplayMaps {
    private DisplayMaps() {
    }

    /**
     * A map ready to draw.
     *
     * @param values   channels × height × width values in [0, 1], row-major per channel
     * @param channels 1 for a heat map, 3 for an RGB picture
     * @param flat     the map had no contrast (constant); the values are the neutral ones
     */
    public record DisplayMap(float[] values, int channels, int height, int width, boolean flat) {
    }

    /** The display form of any method's raw map; {@code height × width} is the size for CAMs. */
    public static DisplayMap of(MethodId method, Tensor raw, int height, int width) {
        return method.pixelSpace() ? pixel(raw) : cam(raw, height, width);
    }

    /** CAM [h, w] → ReLU, upsampled to height × width, min-max normalised. */
    public static DisplayMap cam(Tensor cam, int height, int width) {
        if (cam.rank() != 2) throw new IllegalArgumentException("a CAM is [h, w], got " + Arrays.toString(cam.shape()));
        float[] r = cam.data().clone();
        boolean flat = true;
        for (int i = 0; i < r.length; i++) {
            if (!(r[i] > 0)) r[i] = 0; // ReLU (NaN → 0)
            if (r[i] != r[0]) flat = false;
        }
        // Flatness is judged on the raw map: bilinear rounding of a constant map must not become contrast.
        if (flat) return new DisplayMap(new float[height * width], 1, height, width, true);
        float[] up = dev.gradlens.imaging.Resize.bilinear(r, cam.dim(0), cam.dim(1), height, width);
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : up) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = (double) max - min;
        if (!(range > 0)) return new DisplayMap(new float[height * width], 1, height, width, true);
        for (int i = 0; i < up.length; i++) up[i] = (float) ((up[i] - min) / range);
        return new DisplayMap(up, 1, height, width, false);
    }

    /**
     * Clip for pixel-space display: gradients are heavy-tailed, and scaling by the single largest
     * |x| turns all but a few pixels grey. The 99.5th percentile of |x| per channel keeps the
     * structure visible; the raw maps (.npy) are never clipped.
     */
    public static final double PIXEL_CLIP_PERCENTILE = 99.5;

    /**
     * Pixel-space [C, H, W] → 3 × H × W in [0, 1]: each channel x / p · 0.5 + 0.5, clamped, with p
     * the {@link #PIXEL_CLIP_PERCENTILE}th percentile of |x| in that channel (0.5 = zero).
     */
    public static DisplayMap pixel(Tensor map) {
        if (map.rank() != 3) throw new IllegalArgumentException("a pixel-space map is [C, H, W], got " + Arrays.toString(map.shape()));
        int c = map.dim(0), h = map.dim(1), w = map.dim(2), n = h * w;
        if (c != 1 && c != 3) throw new IllegalArgumentException("pixel-space maps have 1 or 3 channels, got " + c);
        float[] d = map.data();
        float[] out = new float[3 * n];
        boolean flat = true;
        for (int ch = 0; ch < 3; ch++) {
            int src = (c == 1 ? 0 : ch) * n;
            Normalize.Result r = Normalize.symmetricClipped(Arrays.copyOfRange(d, src, src + n), PIXEL_CLIP_PERCENTILE);
            flat &= r.flat();
            System.arraycopy(r.values(), 0, out, ch * n, n);
        }
        return new DisplayMap(out, 3, h, w, flat);
    }
}
