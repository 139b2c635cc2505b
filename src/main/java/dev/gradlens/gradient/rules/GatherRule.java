package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.Tensors;

/**
 * Gather with constant indices (scalar, 1-D or N-D; negative indices count from the end) along any
 * axis (along axis 0, as attention's q, k, v = qkv[0], qkv[1], qkv[2], the graph becomes single-seed): the gradient of output position i goes back to input position
 * indices[i], repeats adding up. The output gradient is first reshaped so the index dims become one
 * axis of K entries, then {@link AxisScatter} sends it back (a Slice/Pad for a consecutive ascending
 * run such as x[:, 3] or x[:, 2:5], a MatMul with a constant one-hot matrix otherwise). Indices
 * computed in the graph are refused, unless they are static (shape arithmetic measured by the probe).
 */
public final class GatherRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        int[] in = ctx.inputShape(0);
        int rank = in.length;
        int axis = AxisScatter.axis(ctx, ctx.attrs().getInt("axis", 0), rank);
        if (axis == 0) ctx.requireSingleSeed("indexes axis 0");
        TensorProto indices = ctx.constantInput(1).orElseThrow(() -> ctx.error(
                "the indices must be a constant (initializer or Constant node); computed indices are not supported"));
        long[] source = Tensors.toLongs(indices);
        int dim = in[axis];
        for (int i = 0; i < source.length; i++) {
            long s = source[i] < 0 ? source[i] + dim : source[i];
            if (s < 0 || s >= dim) throw ctx.error("index " + source[i] + " is out of range for extent " + dim);
            source[i] = s;
        }
        int[] shape = in.clone();
        shape[axis] = source.length;
        String g = ctx.grad();
        if (indices.getDimsCount() != 1) {
            long[] target = java.util.Arrays.stream(shape).asLongStream().toArray();
            target[0] = -1;
            g = ctx.ed().reshape(g, target);
        }
        ctx.setInputGrad(0, AxisScatter.scatter(ctx, g, shape, axis, source, dim));
    }
}
