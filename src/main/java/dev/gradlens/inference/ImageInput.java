package dev.gradlens.inference;

import dev.gradlens.onnx.ElementType;

/**
 * The model's image input as GradLens feeds it: name, layout, channels and the concrete size chosen
 * (a symbolic height/width becomes the descriptor's size or 224), its element type, and the tensor
 * input gradients are taken with respect to: the input itself when it is float, else the first float
 * tensor computed from it (the Cast output of a uint8 image whose preprocessing is inside the graph).
 */
public record ImageInput(String name, Layout layout, int channels, int height, int width, boolean dynamicSize,
                         int elementType, String gradientTensor) {

    /** A float input, differentiated directly. */
    public ImageInput(String name, Layout layout, int channels, int height, int width, boolean dynamicSize) {
        this(name, layout, channels, height, width, dynamicSize, ElementType.FLOAT, name);
    }

    /** Whether pixels are fed as integers (uint8, int32...), rounded and clamped to the type's range. */
    public boolean integer() {
        return elementType != ElementType.FLOAT;
    }

    public long[] shape(int batch) {
        return layout == Layout.NCHW ? new long[] {batch, channels, height, width} : new long[] {batch, height, width, channels};
    }

    public int valuesPerImage() {
        return channels * height * width;
    }
}
