package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.GradientRule;
import dev.gradlens.onnx.GraphEditor;
import dev.gradlens.onnx.TensorInfo;

import java.util.Optional;

/**
 * Pow, y = a^b with numpy broadcasting (the opset-13 LayerNorm decomposition squares with b = 2):
 * <pre>
 *   da = g·b·a^(b−1)        db = g·y·ln a   (a &gt; 0)
 * </pre>
 * each summed back over its broadcast axes. A constant exponent is folded: b = 1 passes g, b = 2 is
 * g·2a (exact, no Pow), others use constants b and b − 1. A computed exponent of an integer type is
 * cast to float first (Pow allows an integer exponent from opset 12).
 */
public final class PowRule implements GradientRule {
    @Override
    public boolean isDifferentiable(NodeProto node, int index) {
        return index < 2;
    }

    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String g = ctx.grad();
        String a = ctx.input(0);
        if (ctx.wantsInputGrad(0)) {
            String factor = ed.memo("pow-da:" + ctx.output(0), () -> baseDerivative(ctx));
            ctx.setInputGrad(0, ctx.unbroadcast(factor == null ? g : ed.mul(g, factor), 0));
        }
        if (ctx.wantsInputGrad(1)) {
            String lnA = ed.memo("pow-ln:" + a, () -> ed.op("Log").in(a).out());
            ctx.setInputGrad(1, ctx.unbroadcast(ed.mul(ed.mul(g, ctx.output(0)), lnA), 1));
        }
    }

    /** b·a^(b−1), or null for b = 1. */
    private static String baseDerivative(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String a = ctx.input(0);
        Optional<float[]> constant = ctx.constFloats(1);
        if (constant.isPresent()) {
            float[] b = constant.get();
            boolean all1 = true, all2 = true;
            for (float v : b) {
                all1 &= v == 1f;
                all2 &= v == 2f;
            }
            int[] shape = ctx.inputShape(1);
            if (all1 && shape.length == 0) return null;
            if (all2) return ed.mul(a, ed.scalar(2f));
            long[] dims = java.util.Arrays.stream(shape).asLongStream().toArray();
            float[] bm1 = new float[b.length];
            for (int i = 0; i < b.length; i++) bm1[i] = b[i] - 1f;
            String pow = ed.op("Pow").in(a, ed.constFloats("pow_exponent", bm1, dims)).out();
            return ed.mul(pow, ed.constFloats("pow_factor", b, dims));
        }
        String b = ctx.input(1);
        TensorInfo bi = ctx.inputInfo(1);
        if (!bi.isFloat()) b = ed.op("Cast").in(b).attr("to", (long) dev.gradlens.onnx.ElementType.FLOAT).out();
        String pow = ed.op("Pow").in(a, ed.sub(b, ed.scalar(1f))).out();
        return ed.mul(pow, b);
    }
}
