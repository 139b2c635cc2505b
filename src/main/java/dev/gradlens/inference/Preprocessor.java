package dev.gradlens.inference;

import dev.gradlens.imaging.ImageRegion;
import dev.gradlens.imaging.Resample;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.tensor.Tensor;

/**
 * Photo to model input tensor, following {@link Preprocessing} and the {@link ResizeMode}
 * conventions (PIL/torchvision semantics):
 * <ul>
 * <li>STRETCH: PIL bilinear resize straight to the input size (triangle filter widened by the
 * downscale factor, i.e. antialiased; half-pixel centres).</li>
 * <li>STRETCH_ALIGN_CORNERS: bilinear with align_corners=true, no antialiasing (TF.js).</li>
 * <li>SHORTER_SIDE_CENTER_CROP: PIL bilinear resize so the shorter side is {@code resizeShorter}
 * (longer side = round(resizeShorter * longer / shorter), half to even as Python's round), then a
 * centre crop of the input size at offset round((resized - crop) / 2), again Python's rounding as
 * torchvision's center_crop. If the crop would not fit (resizeShorter smaller than the input), the
 * scale is raised until it does rather than padding with black.</li>
 * </ul>
 * Channel values are computed from the resampled floats without rounding to 8 bits:
 * value = (pixel * scale - mean[c]) / std[c], channel c in the model's order (BGR swaps R and B),
 * grey models get the BT.601 luma 0.299 R + 0.587 G + 0.114 B.
 */
public final class Preprocessor {
    private Preprocessor() {
    }

    public static PreparedInput prepare(RgbImage img, Preprocessing p) {
        int w = img.width(), h = img.height();
        int outW = p.width(), outH = p.height();
        Resample.Taps xs, ys;
        ImageRegion region;
        switch (p.resize()) {
            case STRETCH -> {
                xs = Resample.antialiased(w, outW);
                ys = Resample.antialiased(h, outH);
                region = ImageRegion.full(w, h);
            }
            case STRETCH_ALIGN_CORNERS -> {
                xs = Resample.alignCorners(w, outW);
                ys = Resample.alignCorners(h, outH);
                region = ImageRegion.full(w, h);
            }
            case SHORTER_SIDE_CENTER_CROP -> {
                int[] resized = resizedSize(w, h, p.resizeShorter(), outW, outH);
                int rw = resized[0], rh = resized[1];
                int ox = cropOffset(rw, outW), oy = cropOffset(rh, outH);
                xs = Resample.antialiased(w, rw, ox, outW);
                ys = Resample.antialiased(h, rh, oy, outH);
                double sx = (double) w / rw, sy = (double) h / rh;
                region = new ImageRegion(ox * sx, oy * sy, outW * sx, outH * sy);
            }
            default -> throw new IllegalStateException("unhandled resize mode " + p.resize());
        }
        float[] rgb = Resample.apply(Resample.toFloatRgb(img), 3, xs, ys);
        return new PreparedInput(toTensor(rgb, p), view(rgb, outW, outH, p.channels()), region, p);
    }

    /**
     * The part of a {@code w × h} photo the model sees under {@code p} (the whole photo for a stretch,
     * the centre crop's footprint otherwise), exactly as {@link #prepare} computes it, without resampling.
     * Readers of stored maps (the audit) use it to place a map back onto the photo.
     */
    public static ImageRegion seenRegion(int w, int h, Preprocessing p) {
        if (p.resize() != ResizeMode.SHORTER_SIDE_CENTER_CROP) return ImageRegion.full(w, h);
        int[] resized = resizedSize(w, h, p.resizeShorter(), p.width(), p.height());
        int ox = cropOffset(resized[0], p.width()), oy = cropOffset(resized[1], p.height());
        double sx = (double) w / resized[0], sy = (double) h / resized[1];
        return new ImageRegion(ox * sx, oy * sy, p.width() * sx, p.height() * sy);
    }

    /**
     * Size after scaling the shorter side to {@code shorter}: {w, h}. Raised if needed so that an
     * outW x outH crop fits.
     */
    static int[] resizedSize(int w, int h, int shorter, int outW, int outH) {
        int s = Math.max(shorter, 1);
        int rw, rh;
        if (w <= h) {
            rw = s;
            rh = (int) Math.rint((double) s * h / w);
        } else {
            rh = s;
            rw = (int) Math.rint((double) s * w / h);
        }
        if (rw < outW || rh < outH) {
            double grow = Math.max((double) outW / rw, (double) outH / rh);
            int s2 = (int) Math.ceil(s * grow);
            return resizedSize(w, h, Math.max(s2, s + 1), outW, outH);
        }
        return new int[] {rw, rh};
    }

    /** torchvision center_crop: int(round((size - crop) / 2.0)), Python's round-half-to-even. */
    static int cropOffset(int size, int crop) {
        return (int) Math.rint((size - crop) / 2.0);
    }

    private static Tensor toTensor(float[] rgb, Preprocessing p) {
        int w = p.width(), h = p.height(), c = p.channels();
        int plane = w * h;
        float[] data = new float[plane * c];
        float[] scaleOf = new float[c], meanOf = new float[c], stdOf = new float[c];
        for (int k = 0; k < c; k++) {
            meanOf[k] = p.meanOf(k);
            stdOf[k] = p.stdOf(k);
            scaleOf[k] = p.scale();
        }
        boolean nchw = p.layout() == Layout.NCHW;
        for (int i = 0; i < plane; i++) {
            double r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
            for (int k = 0; k < c; k++) {
                double v;
                if (c == 1) v = 0.299 * r + 0.587 * g + 0.114 * b;
                else if (k == 1) v = g;
                else v = (k == 0) != p.bgr() ? r : b;
                float value = (float) ((v * scaleOf[k] - meanOf[k]) / stdOf[k]);
                data[nchw ? k * plane + i : i * c + k] = value;
            }
        }
        int[] shape = nchw ? new int[] {1, c, h, w} : new int[] {1, h, w, c};
        return new Tensor(data, shape);
    }

    private static RgbImage view(float[] rgb, int w, int h, int channels) {
        if (channels == 3) return Resample.fromFloatRgb(rgb, w, h);
        float[] grey = new float[rgb.length];
        for (int i = 0; i < w * h; i++) {
            float y = (float) (0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]);
            grey[3 * i] = grey[3 * i + 1] = grey[3 * i + 2] = y;
        }
        return Resample.fromFloatRgb(grey, w, h);
    }
}
