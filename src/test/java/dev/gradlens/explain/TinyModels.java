package dev.gradlens.explain;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.onnx.OnnxModelLoader;

import java.util.Random;

/** Small classifiers built with {@link TinyModel} for tests that need a real ONNX Runtime run. */
final class TinyModels {
    private TinyModels() {
    }

    /**
     * x [1,1,2,2] → Relu → "r" → Flatten → Gemm (W [4,2]) → logits [1,2]. For class 0,
     * S = Σ_i W_i0 ReLU(x_i), so with x = [1, −1, 2, −2] and W[:,0] = [1, 2, −3, −4]:
     * vanilla = [1, 0, −3, 0], guided = [1, 0, 0, 0], deconvnet = [1, 2, 0, 0]; fixed batch 1.
     */
    static final float[] MICRO_INPUT = {1, -1, 2, -2};

    static ExplainableModel micro() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 1, 2, 2)
                .initializer("W", new float[] {1, 0.5f, 2, -1, -3, 0.25f, -4, 1}, 4, 2)
                .initializer("b", new float[] {0.1f, -0.2f}, 2);
        m.nodes().op("Relu").in("x").into("r");
        m.nodes().op("Flatten").in("r").attr("axis", 1L).into("f");
        m.nodes().op("Gemm").in("f", "W", "b").into("logits");
        return open(m.build("logits"), false);
    }

    /**
     * A small CNN, x [N,3,8,8] → Conv 3→6 (3×3, pad 1) → Relu → "feat" [6,8,8] → Conv 6→4 (3×3,
     * stride 2, pad 1) → Relu → "feat2" [4,4,4] → GlobalAveragePool → Flatten → Gemm → logits [N,5],
     * seeded random weights.
     *
     * @param dynamicBatch declare the batch dimension symbolic ("N")
     * @param brokenBatch  flatten with a Reshape hard-coded to [1, 4]: the declared dynamic batch then fails at run time
     */
    static ExplainableModel cnn(boolean dynamicBatch, boolean brokenBatch) {
        Random rnd = new Random(11);
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 8, 8)
                .initializer("w1", gaussian(rnd, 6 * 3 * 9, 0.5), 6, 3, 3, 3).initializer("b1", gaussian(rnd, 6, 0.1), 6)
                .initializer("w2", gaussian(rnd, 4 * 6 * 9, 0.4), 4, 6, 3, 3).initializer("b2", gaussian(rnd, 4, 0.1), 4)
                .initializer("W", gaussian(rnd, 5 * 4, 1.0), 5, 4).initializer("b", gaussian(rnd, 5, 0.1), 5);
        if (brokenBatch) m.longInitializer("shape", new long[] {1, 4}, 2);
        m.nodes().op("Conv").in("x", "w1", "b1").attr("kernel_shape", new long[] {3, 3}).attr("pads", new long[] {1, 1, 1, 1}).into("c1");
        m.nodes().op("Relu").in("c1").into("feat");
        m.nodes().op("Conv").in("feat", "w2", "b2").attr("kernel_shape", new long[] {3, 3}).attr("pads", new long[] {1, 1, 1, 1})
                .attr("strides", new long[] {2, 2}).into("c2");
        m.nodes().op("Relu").in("c2").into("feat2");
        m.nodes().op("GlobalAveragePool").in("feat2").into("gap");
        if (brokenBatch) m.nodes().op("Reshape").in("gap", "shape").into("flat");
        else m.nodes().op("Flatten").in("gap").attr("axis", 1L).into("flat");
        m.nodes().op("Gemm").in("flat", "W", "b").attr("transB", 1L).into("logits");
        return open(m.build("logits"), dynamicBatch);
    }

    /** A deterministic input image for {@link #cnn}. */
    static float[] cnnInput(long seed) {
        return gaussian(new Random(seed), 3 * 8 * 8, 1.0);
    }

    private static ExplainableModel open(ModelProto proto, boolean dynamicBatch) {
        if (dynamicBatch) {
            ModelProto.Builder b = proto.toBuilder();
            b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0)
                    .clearDimValue().setDimParam("N");
            proto = b.build();
        }
        ModelAnalysis analysis = ModelAnalysis.analyse(OnnxModelLoader.fromProto(proto), null, null, 0);
        return new ExplainableModel(analysis, Device.CPU);
    }

    static float[] gaussian(Random rnd, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (scale * rnd.nextGaussian());
        return v;
    }
}
