package dev.gradlens.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.imaging.ImageRegion;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.PreparedInput;
import dev.gradlens.scenes.LocalizationMetrics;
import dev.gradlens.tensor.Ranking;
import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real pretrained ImageNet classifiers of ../shared/models, opened as a user would (descriptor
 * beside the file; the int8 one through its dequantized copy): they predict the measured top-1 on
 * every photo whose top-1 is stable, and Grad-CAM for the dog photo's top class peaks on the dog.
 */
class RealModelsTest {
    /** The dog in dog.png (640×480): left part of the photo, below the porch rail. */
    static final double DOG_MAX_X = 300, DOG_MIN_Y = 150;

    @ParameterizedTest
    @ValueSource(strings = {"darknet_tiny", "mobilenet_v1_025", "mobilenetv2_12_int8"})
    void predictsTheMeasuredTopOneAndPointsAtTheDog(String name) throws IOException {
        Path dir = SharedData.require("models/" + name);
        Path images = SharedData.require("images");
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected_top.json").toFile()).get("images");
        boolean int8 = name.contains("int8");
        try (ModelSession s = ModelSession.open(dir.resolve("model.onnx"), null, null, Device.CPU)) {
            Explainer ex = new Explainer(s.explainable());
            List<String> checked = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) expected::fields) {
                if (!e.getValue().get("top1_stable").asBoolean()) continue;
                RgbImage photo = new ImageLoader().load(images.resolve(e.getKey())).image();
                int top = Ranking.argmax(ex.forward(s.prepare(photo).tensor().data()).data());
                JsonNode top3 = e.getValue().get("top3");
                if (int8) {
                    // the dequantized copy differs from ONNX Runtime's int8 kernels by rounding: stay within its top-3
                    boolean inTop3 = false;
                    for (JsonNode t : top3) inTop3 |= t.get("index").asInt() == top;
                    assertTrue(inTop3, name + " " + e.getKey() + ": top-1 " + top + " not in the measured top-3 " + top3);
                } else {
                    assertEquals(top3.get(0).get("index").asInt(), top, name + " " + e.getKey());
                }
                checked.add(e.getKey());
            }
            assertTrue(checked.contains("chelsea.png") && checked.contains("coffee.png"), "stable photos checked: " + checked);

            RgbImage dog = new ImageLoader().load(images.resolve("dog.png")).image();
            PreparedInput p = s.prepare(dog);
            float[] x = p.tensor().data();
            int top = Ranking.argmax(ex.forward(x).data());
            ExplanationSet set = ex.explain(x, List.of(Target.of(top)), s.defaultLayer(), Set.of(MethodId.GRADCAM), Cancellation.NONE);
            Tensor cam = set.get(MethodId.GRADCAM, Target.of(top)).raw();
            int[] peak = LocalizationMetrics.argmax(cam.data(), cam.dim(1));
            ImageRegion r = p.region();
            double px = r.x() + (peak[0] + 0.5) / cam.dim(1) * r.width(), py = r.y() + (peak[1] + 0.5) / cam.dim(0) * r.height();
            assertTrue(px <= DOG_MAX_X && py >= DOG_MIN_Y, name + ": Grad-CAM of " + s.label(top) + " peaks at (" + px + ", " + py + "), not on the dog");
        }
    }

}
