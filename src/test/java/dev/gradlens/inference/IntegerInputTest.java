package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.gradlens.GradLensException;
import dev.gradlens.explain.GradCam;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.onnx.ElementType;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.tensor.Npy;
import dev.gradlens.testsupport.Compare;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A uint8 NHWC model with its preprocessing inside the graph (Cast, Transpose, Sub/Div, then a CNN) against
 * its float twin (the same graph without the Cast, fed the same pixel values as floats): same scores and
 * top-1, the same input gradient (taken w.r.t. the Cast output) and the same Grad-CAM. And the inputs
 * beside the image: one with an initializer default is fine, one without is refused in one line.
 */
class IntegerInputTest {
    static final Path DIR = ArchitectureFixturesTest.DIR;

    @ParameterizedTest(name = "opset {0}")
    @ValueSource(ints = {13, 17})
    void uint8ModelExplainsLikeItsFloatTwin(int opset) {
        ModelAnalysis u8 = ModelAnalysis.analyse(OnnxModelLoader.load(DIR.resolve("uint8_nhwc_op" + opset + ".onnx")), null, null, 10);
        ModelAnalysis f32 = ModelAnalysis.analyse(OnnxModelLoader.load(DIR.resolve("uint8_nhwc_float_op" + opset + ".onnx")), null, null, 10);
        assertEquals(ElementType.UINT8, u8.input().elementType());
        assertTrue(u8.input().gradientTensor().contains("Cast"), u8.input().gradientTensor());
        assertEquals(Layout.NHWC, u8.input().layout());
        float[] pixels = Npy.read(DIR.resolve("uint8_nhwc.ref/input.npy")).data(); // 0..255
        float[] seed = new float[10];
        try (ExplainableModel a = new ExplainableModel(u8, Device.CPU); ExplainableModel b = new ExplainableModel(f32, Device.CPU)) {
            float[] scores = b.forward(pixels, 1).data();
            int top = argmax(scores);
            seed[top] = 1f;
            GradientResult ra = a.run(pixels, 1, seed, 1, u8.defaultLayer().tensor(), EnumSet.of(RectifierPolicy.STANDARD));
            GradientResult rb = b.run(pixels, 1, seed, 1, f32.defaultLayer().tensor(), EnumSet.of(RectifierPolicy.STANDARD));
            assertEquals(top, argmax(ra.scores().data()), "top-1");
            Compare.assertCloseRelMax(rb.scores().data(), ra.scores().data(), 1e-6, "scores");
            Compare.assertCloseRelMax(rb.inputGrads().get(RectifierPolicy.STANDARD).data(), ra.inputGrads().get(RectifierPolicy.STANDARD).data(),
                    1e-6, "input gradient");
            Compare.assertCloseRelMax(new GradCam().map(rb.activation().slice(0), rb.layerGrad().slice(0)).data(),
                    new GradCam().map(ra.activation().slice(0), ra.layerGrad().slice(0)).data(), 1e-6, "Grad-CAM");
        }
    }

    /** Out-of-range pixel values are clamped to the type's range, not wrapped. */
    @Test
    void pixelsAreClamped() throws Exception {
        try (var t = OrtRuntime.tensor(new float[] {-3f, 0.4f, 254.6f, 300f}, new long[] {4}, ElementType.UINT8)) {
            byte[] v = new byte[4];
            t.getByteBuffer().get(v);
            assertEquals(0, v[0] & 0xFF);
            assertEquals(0, v[1] & 0xFF);
            assertEquals(255, v[2] & 0xFF);
            assertEquals(255, v[3] & 0xFF);
        }
    }

    /** A second input with an initializer default (ONNX's optional-input idiom) is not asked for. */
    @Test
    void secondInputWithDefaultWorks(@TempDir Path dir) throws Exception {
        ModelProto m = withSecondInput(true);
        Path file = dir.resolve("default.onnx");
        Files.write(file, m.toByteArray());
        ModelAnalysis a = ModelAnalysis.analyse(OnnxModelLoader.load(file), null, null, 0);
        assertEquals("x", a.input().name());
    }

    @Test
    void secondInputWithoutDefaultIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.onnx");
        Files.write(file, withSecondInput(false).toByteArray());
        GradLensException e = assertThrows(GradLensException.class, () -> ModelAnalysis.analyse(OnnxModelLoader.load(file), null, null, 0));
        assertTrue(e.getMessage().contains("every other input needs a default value"), e.getMessage());
        assertTrue(e.getMessage().contains("gain"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    /** x [1,3,4,4] · gain [1] → Conv 3→2 → GlobalAveragePool → Flatten: 2 classes. */
    private static ModelProto withSecondInput(boolean gainDefault) {
        var m = dev.gradlens.gradient.TinyModel.opset(13).input("x", 1, 3, 4, 4).input("gain", 1)
                .initializer("w", new float[] {1, -1, 0.5f, 0.2f, 0.3f, -0.4f}, 2, 3, 1, 1);
        var ed = m.nodes();
        ed.op("Mul").in("x", "gain").into("xs");
        ed.op("Conv").in("xs", "w").into("c");
        ed.op("Relu").in("c").into("r");
        ed.op("GlobalAveragePool").in("r").into("p");
        ed.op("Flatten").in("p").into("y");
        ModelProto built = m.build("y");
        if (!gainDefault) return built;
        return built.toBuilder().setGraph(built.getGraph().toBuilder()
                .addInitializer(dev.gradlens.onnx.Tensors.floats("gain", new float[] {2f}, 1))).build();
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
