package dev.gradlens.explain;

import dev.gradlens.imaging.Normalize;
import dev.gradlens.imaging.Resample;
import dev.gradlens.tensor.Tensor;

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

    /**
     * The display form of any method's raw map next to a view of {@code height × width}: CAMs are
     * upsampled to that size; pixel-space maps keep the model's resolution but take the view's
     * aspect ratio (see {@link #withAspect}).
     */
    public static DisplayMap of(MethodId method, Tensor raw, int height, int width) {
        return method.pixelSpace() ? withAspect(pixel(raw), height, width) : cam(raw, height, width);
    }

    /** Aspect ratios closer than this (relative) count as equal: no resampling for a pixel or two of rounding. */
    static final double ASPECT_TOLERANCE = 0.01;

    /**
     * A pixel-space map given the aspect ratio of a {@code height × width} view. A model that stretches
     * the photo to its square input returns a square map; shown as it is next to a 4:3 original it
     * would be squeezed, so its shorter side is stretched back (antialiased bilinear) to the view's
     * aspect ratio. The longer side keeps the model's resolution, so no detail is invented or lost.
     */
    public static DisplayMap withAspect(DisplayMap d, int height, int width) {
        double mapAspect = (double) d.width() / d.height(), viewAspect = (double) width / height;
        if (Math.abs(viewAspect / mapAspect - 1) <= ASPECT_TOLERANCE) return d;
        int outW = d.width(), outH = d.height();
        if (viewAspect > mapAspect) outW = Math.max(1, (int) Math.round(d.height() * viewAspect));
        else outH = Math.max(1, (int) Math.round(d.width() / viewAspect));
        Resample.Taps xs = Resample.antialiased(d.width(), outW);
        Resample.Taps ys = Resample.antialiased(d.height(), outH);
        int n = d.width() * d.height(), m = outW * outH;
        float[] out = new float[d.channels() * m];
        for (int c = 0; c < d.channels(); c++) {
            float[] plane = Resample.apply(Arrays.copyOfRange(d.values(), c * n, (c + 1) * n), 1, xs, ys);
            System.arraycopy(plane, 0, out, c * m, m);
        }
        return new DisplayMap(out, d.channels(), outH, outW, d.flat());
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
