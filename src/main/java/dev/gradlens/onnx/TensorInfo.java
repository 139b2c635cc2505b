package dev.gradlens.onnx;

import java.util.Arrays;

/**
 * Element type and concrete shape of one tensor, as measured by a probe run (see
 * {@code inference.ShapeProbe}). Gradient rules read shapes from here, never guess them.
 */
public record TensorInfo(int elementType, int[] shape) {

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public long size() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    public boolean isFloat() {
        return elementType == ElementType.FLOAT;
    }

    public long[] longShape() {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    @Override
    public String toString() {
        return ElementType.name(elementType) + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.elementType == elementType && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return elementType * 31 + Arrays.hashCode(shape);
    }
}
