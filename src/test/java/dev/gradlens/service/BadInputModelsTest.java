package dev.gradlens.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.inference.Device;
import dev.gradlens.testsupport.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every model in ../shared/badinputs behaves as its manifest says a user should see: "error" models
 * fail with one line mentioning one of the expected words (no stack trace, no other exception);
 * "works" models open and explain (Grad-CAM + guided backprop); "works or clear error" models do one
 * of the two, the error naming the op.
 */
class BadInputModelsTest {

    @TestFactory
    List<DynamicTest> eachModelBehavesAsDocumented() throws IOException {
        Path dir = SharedData.require("badinputs/manifest.json").getParent();
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : manifest.get("entries")) {
            if (!e.get("kind").asText().equals("model")) continue;
            String file = e.get("file").asText();
            String outcome = e.get("outcome").asText();
            List<String> mentions = new ArrayList<>();
            e.path("message_should_mention_any").forEach(m -> mentions.add(m.asText().toLowerCase(Locale.ROOT)));
            tests.add(DynamicTest.dynamicTest(file + " → " + outcome, () -> check(dir.resolve(file), outcome, mentions)));
        }
        return tests;
    }

    private static void check(Path file, String outcome, List<String> mentions) {
        GradLensException error = null;
        try (ModelSession s = ModelSession.open(file, null, null, Device.CPU)) {
            float[] x = new float[s.analysis().input().valuesPerImage()];
            Random r = new Random(3);
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            Explainer ex = new Explainer(s.explainable());
            float[] forward = ex.forward(x).data();
            int top = dev.gradlens.tensor.Ranking.argmax(forward);
            ExplanationSet set = ex.explain(x, List.of(Target.of(top)), s.defaultLayer(), Set.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP), Cancellation.NONE);
            // the gradient graph leaves the forward pass as it was
            org.junit.jupiter.api.Assertions.assertArrayEquals(forward, set.scores().data(), 1e-3f * (1 + maxAbs(forward)), "scores of the gradient run");
            // a CAM at the layer's resolution, finite and non-negative (ReLU of the weighted sum)
            float[] cam = set.get(MethodId.GRADCAM, Target.of(top)).raw().data();
            int[] act = set.activation().shape();
            assertEquals(act[act.length - 2] * act[act.length - 1], cam.length, "CAM size = layer's h×w");
            for (float v : cam) assertTrue(Float.isFinite(v) && v >= 0, "CAM value " + v);
            // a guided-backprop map over every input value, finite, and not all zero (some input moves the score)
            float[] guided = set.get(MethodId.GUIDED_BACKPROP, Target.of(top)).raw().data();
            assertEquals(x.length, guided.length, "one gradient per input value");
            for (float v : guided) assertTrue(Float.isFinite(v), "guided value " + v);
            assertTrue(maxAbs(guided) > 0, "guided backprop is not all zero");
        } catch (GradLensException ex) {
            error = ex;
        }
        switch (outcome) {
            case "error" -> {
                if (error == null) fail(file.getFileName() + " should have been refused");
                assertOneLineMentioning(error, mentions);
            }
            case "works" -> {
                if (error != null) fail(file.getFileName() + " should work but: " + error.getMessage());
            }
            default -> {
                if (error != null) assertOneLineMentioning(error, mentions);
            }
        }
    }

    private static float maxAbs(float[] v) {
        float m = 0;
        for (float f : v) m = Math.max(m, Math.abs(f));
        return m;
    }

    private static void assertOneLineMentioning(GradLensException error, List<String> mentions) {
        String msg = error.getMessage();
        assertFalse(msg.contains("\n"), "one line: " + msg);
        assertFalse(msg.contains("Exception"), "no raw exception text: " + msg);
        if (mentions.isEmpty()) return;
        String lower = msg.toLowerCase(Locale.ROOT);
        assertTrue(mentions.stream().anyMatch(lower::contains), "message should mention one of " + mentions + ": " + msg);
    }
}
