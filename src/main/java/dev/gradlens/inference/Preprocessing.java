package dev.gradlens.inference;

import java.util.Arrays;

/**
 * How an RGB photo becomes the model's input tensor:
 * value = (pixel * scale - mean[c]) / std[c], channels in {@code colorOrder}, laid out per {@code layout}.
 * {@code channels} is 3 (colour) or 1 (grey: ITU-R BT.601 luma of the RGB pixel).
 */
public record Preprocessing(int width, int height, Layout layout, int channels, boolean bgr,
                            ResizeMode resize, int resizeShorter,
                            float scale, float[] mean, float[] std) {

    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public Preprocessing {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("input size must be positive");
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        if (mean.length != channels && mean.length != 1 || std.length != mean.length)
            throw new IllegalArgumentException("mean/std need 1 or " + channels + " values");
    }

    /** ImageNet conventions (the guess for a bare .onnx): shorter side 256/224 of the size, centre crop, mean/std. */
    public static Preprocessing imagenet(int width, int height, Layout layout, int channels) {
        float[] mean = channels == 3 ? IMAGENET_MEAN.clone() : new float[] {0.449f};
        float[] std = channels == 3 ? IMAGENET_STD.clone() : new float[] {0.226f};
        int shorter = Math.round(Math.min(width, height) * 256f / 224f);
        return new Preprocessing(width, height, layout, channels, false, ResizeMode.SHORTER_SIDE_CENTER_CROP, shorter,
                1f / 255f, mean, std);
    }

    public float meanOf(int c) {
        return mean.length == 1 ? mean[0] : mean[c];
    }

    public float stdOf(int c) {
        return std.length == 1 ? std[0] : std[c];
    }

    public Preprocessing withSize(int w, int h) {
        return new Preprocessing(w, h, layout, channels, bgr, resize, resizeShorter, scale, mean, std);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && width == p.width && height == p.height && layout == p.layout
                && channels == p.channels && bgr == p.bgr && resize == p.resize && resizeShorter == p.resizeShorter
                && scale == p.scale && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(width, height, layout, channels, bgr, resize, resizeShorter, scale,
                Arrays.hashCode(mean), Arrays.hashCode(std));
    }
}
