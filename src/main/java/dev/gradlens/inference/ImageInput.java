package dev.gradlens.inference;

/**
 * The model's image input as GradLens feeds it: name, layout, channels and the concrete size chosen
 * (a symbolic height/width becomes the descriptor's size or 224).
 */
public record ImageInput(String name, Layout layout, int channels, int height, int width, boolean dynamicSize) {

    public long[] shape(int batch) {
        return layout == Layout.NCHW ? new long[] {batch, channels, height, width} : new long[] {batch, height, width, channels};
    }

    public int valuesPerImage() {
        return channels * height * width;
    }
}
