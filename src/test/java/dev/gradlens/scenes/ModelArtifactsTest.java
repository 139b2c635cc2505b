package dev.gradlens.scenes;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed teaching models agree with their descriptors, labels and the training script: the ONNX graph has the
 * documented shape and layer, and ONNX Runtime (Java) reproduces on every bundled sample the logits that PyTorch
 * recorded in models/scenes-metrics.json.
 */
class ModelArtifactsTest {
    private static final Path MODELS = Path.of("models");
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"scenes-clean", "scenes-biased"})
    void modelMatchesDescriptorAndRecordedLogits(String name) throws Exception {
        Path onnx = MODELS.resolve(name + ".onnx");
        // committed with the code (the window's default model): missing is a broken checkout, not a skip
        assertTrue(Files.isRegularFile(onnx), "no " + onnx + " (committed; rebuild with src/train/train.sh)");
        JsonNode d = json.readTree(MODELS.resolve(name + ".gradlens.json").toFile());
        assertEquals(name, d.get("name").asText());
        JsonNode in = d.get("input");
        assertEquals("input", in.get("name").asText());
        assertEquals("NCHW", in.get("layout").asText());
        assertEquals("[1,3,128,128]", in.get("shape").toString());
        assertEquals("RGB", in.get("color").asText());
        assertEquals("stretch", in.get("resize").asText());
        assertEquals(1.0 / 255.0, in.get("scale").asDouble(), 1e-15);
        assertEquals("logits", d.get("output").get("name").asText());
        assertEquals("logits", d.get("output").get("kind").asText());
        List<String> labels = Files.readAllLines(MODELS.resolve(d.get("labels").asText()));
        assertEquals(ClipArtClasses.load().names(), labels, "labels file = class order of clipart-classes.json");
        String layer = d.get("default_layer").asText();

        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals(13, model.getOpsetImport(0).getVersion());
        assertTrue(Files.size(onnx) < 5_000_000, "a few MB at most");
        OnnxMl.NodeProto producer = null, consumer = null;
        for (OnnxMl.NodeProto n : model.getGraph().getNodeList()) {
            assertFalse(n.getOpType().equals("BatchNormalization"), "BatchNorm folded");
            if (n.getOutputList().contains(layer)) producer = n;
            if (n.getInputList().contains(layer) && n.getOpType().equals("GlobalAveragePool")) consumer = n;
        }
        assertTrue(producer != null && producer.getOpType().equals("Relu"), layer + " is a Relu output");
        assertTrue(consumer != null, layer + " feeds the GlobalAveragePool");

        JsonNode recorded = json.readTree(MODELS.resolve("scenes-metrics.json").toFile()).get("models").get(name).get("samples");
        JsonNode index;
        try (InputStream s = getClass().getResourceAsStream(SamplesTest.DIR + "index.json")) {
            index = json.readTree(s);
        }
        float[] mean = floats(in.get("mean")), std = floats(in.get("std"));
        OrtEnvironment env = dev.gradlens.inference.OrtRuntime.env();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            assertEquals(layer, session.getMetadata().getCustomMetadata().get("gradlens.default_layer"));
            int checked = 0;
            for (JsonNode sample : index.get("samples")) {
                BufferedImage img;
                try (InputStream s = getClass().getResourceAsStream(SamplesTest.DIR + sample.get("image").asText())) {
                    img = ImageIO.read(s);
                }
                float[] x = new float[3 * 128 * 128];
                for (int y = 0; y < 128; y++) {
                    for (int xx = 0; xx < 128; xx++) {
                        int rgb = img.getRGB(xx, y);
                        for (int c = 0; c < 3; c++) {
                            int v = (rgb >> (16 - 8 * c)) & 255;
                            x[c * 128 * 128 + y * 128 + xx] = (float) ((v * in.get("scale").asDouble() - mean[c]) / std[c]);
                        }
                    }
                }
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 3, 128, 128});
                     OrtSession.Result r = session.run(Map.of("input", t))) {
                    float[] logits = ((float[][]) r.get("logits").get().getValue())[0];
                    JsonNode want = recorded.get(sample.get("id").asText());
                    int arg = 0;
                    for (int k = 0; k < logits.length; k++) {
                        assertEquals(want.get("logits").get(k).asDouble(), logits[k], 2e-3, sample.get("id").asText() + " logit " + k);
                        if (logits[k] > logits[arg]) arg = k;
                    }
                    assertEquals(want.get("top1").asText(), labels.get(arg));
                    checked++;
                }
            }
            assertTrue(checked >= 18);
        }
    }

    private static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) a.get(i).asDouble();
        return f;
    }
}
