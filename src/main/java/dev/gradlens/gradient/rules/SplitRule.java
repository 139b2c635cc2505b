package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.onnx.GraphEditor;

import java.util.ArrayList;
import java.util.List;

/**
 * Split: the input gradient is the Concat of the output gradients along the split axis. Part sizes
 * are read from the measured output shapes, so every form (the 'split' attribute before opset 13,
 * the 'split' input from 13, equal parts, num_outputs from 18) is handled alike. A part whose output
 * gets no gradient contributes zeros of its own extent: a one-wide Slice of an available gradient
 * (which carries the seed-batch axis) times a zero constant of the part's shape, broadcast.
 */
public final class SplitRule extends InputZeroOnly {
    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        int rank = ctx.inputShape(0).length;
        int axis = AxisScatter.axis(ctx, ctx.attrs().getInt("axis", 0), rank);
        int parts = ctx.node().getOutputCount();
        String any = null;
        for (int k = 0; k < parts && any == null; k++) any = ctx.outputGrad(k);
        if (any == null) return;
        List<String> pieces = new ArrayList<>();
        for (int k = 0; k < parts; k++) {
            if (ctx.output(k).isEmpty()) throw ctx.error("output " + k + " is unnamed, so its extent is unknown");
            int[] shape = ctx.outputShape(k);
            if (shape[axis] == 0) continue;
            String gk = ctx.outputGrad(k);
            if (gk == null) {
                long[] dims = new long[rank];
                for (int d = 0; d < rank; d++) dims[d] = d == 0 && axis != 0 ? 1 : shape[d];
                float[] zeros = new float[Math.toIntExact(java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b))];
                String zero = ed.constFloats("split_zeros", zeros, dims);
                String thin = ed.slice(any, new long[] {0}, new long[] {1}, new long[] {axis});
                gk = ed.mul(thin, zero);
            }
            pieces.add(gk);
        }
        String g = pieces.size() == 1 ? pieces.get(0) : ed.op("Concat").in(pieces.toArray(new String[0])).attr("axis", (long) axis).out();
        ctx.setInputGrad(0, g);
    }
}
