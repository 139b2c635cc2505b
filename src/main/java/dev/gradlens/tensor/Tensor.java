package dev.gradlens.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in C order. A plain value: the engine does its maths on float arrays
 * (DJL's NDArray on the ONNX Runtime engine only supports creation, see architecture notes).
 */
public record Tensor(float[] data, int[] shape) {
    public Tensor {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public static Tensor zeros(int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return new Tensor(new float[Math.toIntExact(n)], shape.clone());
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int size() {
        return data.length;
    }

    /** The i-th slice along axis 0, as a copy with the leading axis dropped. */
    public Tensor slice(int i) {
        int[] sub = Arrays.copyOfRange(shape, 1, shape.length);
        int n = data.length / shape[0];
        return new Tensor(Arrays.copyOfRange(data, i * n, (i + 1) * n), sub);
    }

    public Tensor reshape(int... newShape) {
        return new Tensor(data, newShape.clone());
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }
}
