package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.Arrays;

/**
 * The adjoint of a constant index map along one axis: a forward op that builds position i of its
 * output along {@code axis} from position {@code source[i]} of its input (Gather, strided Slice,
 * reflect/edge Pad...) sends the gradient back by adding position i onto {@code source[i]}
 * (positions with source −1 came from nowhere and are dropped).
 *
 * <p>A run of consecutive ascending sources is a Slice plus a zero Pad. Anything else (strides,
 * reversals, repeats, reflections) is a MatMul with a constant 0/1 matrix M [dim, K], M[source[i], i] = 1,
 * applied to the gradient reshaped to [−1, K, Q]: repeats add up, no ScatterElements (opset 11/16)
 * is needed and every opset has MatMul.
 */
final class AxisScatter {
    private AxisScatter() {
    }

    /**
     * @param g      gradient with extent {@code source.length} along {@code axis}
     * @param shape  g's shape as measured (dim 0 is left free: it carries the seed batch)
     * @param dim    extent of the result along {@code axis}
     * @return the gradient with extent {@code dim} along {@code axis}
     */
    static String scatter(BackwardContext ctx, String g, int[] shape, int axis, long[] source, int dim) {
        GraphEditor ed = ctx.ed();
        int k = source.length;
        if (k == 0) throw ctx.error("an empty selection along axis " + axis + " has no gradient to send back");
        boolean identity = k == dim;
        for (int i = 0; i < k && identity; i++) identity = source[i] == i;
        if (identity) return g;
        int first = -1, last = -1;
        boolean run = true;
        for (int i = 0; i < k; i++) {
            if (source[i] < 0) continue;
            if (first < 0) first = i;
            else if (i != last + 1 || source[i] != source[last] + 1) run = false;
            last = i;
        }
        if (first >= 0 && run) {
            int rank = shape.length;
            String cut = first > 0 || last < k - 1 ? ed.slice(g, new long[] {first}, new long[] {last + 1}, new long[] {axis}) : g;
            long[] pads = new long[2 * rank];
            pads[axis] = source[first];
            pads[axis + rank] = dim - 1 - source[last];
            return ed.pad(cut, pads);
        }
        if (axis == 0) throw ctx.error("a non-contiguous selection along axis 0 (the batch axis) is not supported");
        long q = 1;
        for (int d = axis + 1; d < shape.length; d++) q *= shape[d];
        float[] m = new float[dim * k];
        for (int i = 0; i < k; i++) if (source[i] >= 0) m[(int) source[i] * k + i] += 1f;
        String matrix = ed.constFloats("scatter_matrix", m, dim, k);
        String flat = ed.reshape(g, new long[] {-1, k, q});
        String back = ed.op("MatMul").in(matrix, flat).out();
        long[] target = Arrays.stream(shape).asLongStream().toArray();
        target[0] = -1;
        target[axis] = dim;
        return ed.reshape(back, target);
    }

    /** Normalizes a possibly negative axis against a rank. */
    static int axis(BackwardContext ctx, long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw ctx.error("axis " + axis + " is out of range for rank " + rank);
        return (int) a;
    }
}
