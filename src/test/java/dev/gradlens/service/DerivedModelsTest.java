package dev.gradlens.service;

import dev.gradlens.tensor.Ranking;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Device;
import dev.gradlens.testsupport.Compare;
import dev.gradlens.testsupport.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Awkward-but-valid variants of mobilenet_v1_025 (other opsets, NHWC input, dynamic dims) predict
 * and explain like the original: same top-1, same Grad-CAM and guided backprop on the same photo
 * with the same preprocessing.
 */
class DerivedModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"opset9.onnx", "opset17.onnx", "nhwc_input.onnx", "dynamic_batch_hw.onnx"})
    void explainsLikeTheOriginal(String file) {
        Path base = SharedData.require("models/mobilenet_v1_025/model.onnx");
        Path variant = SharedData.require("badinputs/" + file);
        RgbImage photo = new ImageLoader().load(SharedData.require("images/chelsea.png")).image();
        try (ModelSession a = ModelSession.open(base, null, null, Device.CPU);
             ModelSession b = ModelSession.open(variant, a.preprocessing(), null, Device.CPU)) {
            ExplanationSet ea = explain(a, photo), eb = explain(b, photo);
            int topA = Ranking.argmax(ea.scores().data()), topB = Ranking.argmax(eb.scores().data());
            assertEquals(topA, topB, "top-1");
            Compare.assertCloseRelMax(ea.scores().data(), eb.scores().data(), 1e-4, file + " scores");
            float[] camA = ea.get(MethodId.GRADCAM, Target.of(topA)).raw().data();
            float[] camB = eb.get(MethodId.GRADCAM, Target.of(topA)).raw().data();
            assertArrayEquals(ea.get(MethodId.GRADCAM, Target.of(topA)).raw().shape(), eb.get(MethodId.GRADCAM, Target.of(topA)).raw().shape());
            Compare.assertCloseRelMax(camA, camB, 1e-4, file + " Grad-CAM");
            Compare.assertCloseRelMax(ea.get(MethodId.GUIDED_BACKPROP, Target.of(topA)).raw().data(),
                    eb.get(MethodId.GUIDED_BACKPROP, Target.of(topA)).raw().data(), 1e-3, file + " guided backprop (upright, NCHW)");
        }
    }

    private static ExplanationSet explain(ModelSession s, RgbImage photo) {
        float[] x = s.prepare(photo).tensor().data();
        Explainer ex = new Explainer(s.explainable());
        int top = Ranking.argmax(ex.forward(x).data());
        return ex.explain(x, List.of(Target.of(top)), s.defaultLayer(), Set.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP), Cancellation.NONE);
    }

}
