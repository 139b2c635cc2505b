package dev.gradlens.inference;

import dev.gradlens.GradLensException;
import dev.gradlens.imaging.SharedTestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ModelDescriptorReaderTest {
    private static ModelDescriptor parse(String json) {
        return ModelDescriptorReader.parse(json, null);
    }

    @Test
    void sharedDarknetTinyIsAlignCornersPixelOver255() {
        ModelDescriptor d = ModelDescriptorReader.read(SharedTestFiles.require("models/darknet_tiny/model.json"));
        assertEquals("darknet_tiny", d.name());
        assertEquals(ResizeMode.STRETCH_ALIGN_CORNERS, d.input().resize());
        assertNotNull(d.input().resizeText());
        assertEquals(ModelDescriptor.OutputKind.LOGITS, d.output().kind());
        assertEquals("logits", d.output().name());
        assertEquals("MIT", d.license(), "taken from source.license");
        assertTrue(d.source().startsWith("ml5js/ml5-data-and-models"), d.source());
        assertEquals(1000, d.labels().size());
        assertEquals("kit fox", d.labels().get(0), "Darknet's own class order");
        assertEquals("labels.txt", d.labelsFile());
        Preprocessing p = d.toPreprocessing(224, 224, Layout.NCHW, 3);
        assertEquals(new Preprocessing(224, 224, Layout.NCHW, 3, false, ResizeMode.STRETCH_ALIGN_CORNERS, 256,
                1f / 255, new float[] {0, 0, 0}, new float[] {1, 1, 1}), p);
    }

    @Test
    void sharedMobilenetV1IsStretchDespiteMentioningNoCrop() {
        ModelDescriptor d = ModelDescriptorReader.read(SharedTestFiles.require("models/mobilenet_v1_025/model.json"));
        Preprocessing p = d.toPreprocessing(224, 224, Layout.NCHW, 3);
        assertEquals(ResizeMode.STRETCH, p.resize(), "\"no crop\" must not read as a crop");
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, p.mean());
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, p.std());
        assertEquals(1f / 255, p.scale(), 1e-9f);
        assertEquals("Egyptian cat", d.labels().get(285));
    }

    @Test
    void sharedMobilenetV2IsShorter256Crop224WithDynamicBatch() {
        ModelDescriptor d = ModelDescriptorReader.read(SharedTestFiles.require("models/mobilenetv2_12_int8/model.json"));
        assertEquals(224, d.input().width());
        assertEquals(224, d.input().height());
        assertEquals(3, d.input().channels());
        assertEquals(Layout.NCHW, d.input().layout());
        assertEquals("output", d.output().name());
        Preprocessing p = d.toPreprocessing(224, 224, Layout.NCHW, 3);
        assertEquals(ResizeMode.SHORTER_SIDE_CENTER_CROP, p.resize());
        assertEquals(256, p.resizeShorter());
        assertArrayEquals(Preprocessing.IMAGENET_MEAN, p.mean());
        assertArrayEquals(Preprocessing.IMAGENET_STD, p.std());
    }

    @Test
    void resizeProseRules() {
        assertEquals(ResizeMode.STRETCH_ALIGN_CORNERS, ModelDescriptorReader.resizeFromProse("bilinear, align_corners=True, no crop"));
        assertEquals(ResizeMode.STRETCH, ModelDescriptorReader.resizeFromProse("bilinear with align_corners=false"));
        assertEquals(ResizeMode.STRETCH, ModelDescriptorReader.resizeFromProse("Stretch to 299x299, without cropping"));
        assertEquals(ResizeMode.SHORTER_SIDE_CENTER_CROP, ModelDescriptorReader.resizeFromProse("Resize 342, center crop 299"));
        assertEquals(342, ModelDescriptorReader.shorterFromProse("Resize 342, center crop 299", 299, 299));
        assertEquals(342, ModelDescriptorReader.shorterFromProse("center crop 299 after resizing to 342", 299, 299));
        assertEquals(288, ModelDescriptorReader.shorterFromProse("shorter side to 288, crop 224x224", 224, 224));
        assertEquals(256, ModelDescriptorReader.shorterFromProse("centre crop 224x224", 224, 224));
        assertEquals(ResizeMode.SHORTER_SIDE_CENTER_CROP, ModelDescriptorReader.resizeById("shorter_side_center_crop"));
    }

    @Test
    void inlineDescriptorWithOurIds() {
        ModelDescriptor d = parse("""
                {
                  // hand-written: comments and trailing commas are fine
                  "name": "tiny",
                  "input": {"layout": "NHWC", "size": [299, 199], "color": "BGR",
                            "resize": "shorter-side-center-crop", "resize_shorter": 320,
                            "scale": "1/255", "mean": 0.5, "std": [0.25, 0.5, 1],},
                  "output": {"name": "probs", "kind": "softmax"},
                  "default_layer": "block5/relu",
                  "labels": ["a", "b"],
                }""");
        assertEquals("tiny", d.name());
        assertEquals("block5/relu", d.defaultLayer());
        assertEquals(List.of("a", "b"), d.labels());
        assertNull(d.labelsFile());
        assertEquals(ModelDescriptor.OutputKind.PROBABILITIES, d.output().kind());
        Preprocessing p = d.toPreprocessing(224, 224, Layout.NCHW, 3);
        assertEquals(new Preprocessing(299, 199, Layout.NHWC, 3, true, ResizeMode.SHORTER_SIDE_CENTER_CROP, 320, 1f / 255,
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.5f, 1f}), p);
    }

    @Test
    void unstatedFieldsComeFromTheFallback() {
        ModelDescriptor d = parse("{\"input\": {\"mean\": [0, 0, 0], \"std\": [1, 1, 1]}}");
        Preprocessing p = d.toPreprocessing(299, 299, Layout.NCHW, 3);
        assertEquals(299, p.width());
        assertEquals(ResizeMode.SHORTER_SIDE_CENTER_CROP, p.resize(), "ImageNet guess for the resize");
        assertEquals(342, p.resizeShorter(), "299 * 256/224");
        assertArrayEquals(new float[] {0, 0, 0}, p.mean());
        // grey stated in the descriptor: the fallback's 3-channel mean/std do not apply
        Preprocessing grey = parse("{\"input\": {\"color\": \"GRAY\", \"resize\": \"stretch\"}}").toPreprocessing(224, 224, Layout.NCHW, 3);
        assertEquals(1, grey.channels());
        assertEquals(1, grey.mean().length);
        // a descriptor that does not fit the ONNX input is a clear error
        GradLensException e = assertThrows(GradLensException.class,
                () -> parse("{\"input\": {\"mean\": [1, 2, 3], \"std\": [1, 1, 1]}}").toPreprocessing(224, 224, Layout.NCHW, 1));
        assertTrue(e.getMessage().contains("1 channel"), e.getMessage());
    }

    @Test
    void shapeGivesLayoutSizeAndChannels() {
        ModelDescriptor.Input in = parse("{\"input\": {\"shape\": [1, 160, 128, 3]}}").input();
        assertEquals(Layout.NHWC, in.layout());
        assertEquals(128, in.width());
        assertEquals(160, in.height());
        assertEquals(3, in.channels());
        ModelDescriptor.Input dyn = parse("{\"input\": {\"shape\": [\"N\", 1, \"H\", \"W\"]}}").input();
        assertEquals(Layout.NCHW, dyn.layout());
        assertEquals(1, dyn.channels());
        assertNull(dyn.width());
    }

    @Test
    void badDescriptorsNameTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("net.gradlens.json"), "{\n  \"input\": {\"mean\": [0.5, 0.5,]\n");
        GradLensException json = assertThrows(GradLensException.class, () -> ModelDescriptorReader.read(broken));
        assertTrue(json.getMessage().startsWith("Model descriptor 'net.gradlens.json' is not valid JSON at line"), json.getMessage());
        assertFalse(json.getMessage().contains("\n"));

        String[][] cases = {
                {"[1, 2]", "must be a JSON object"},
                {"{\"input\": {\"layout\": \"NCWH\"}}", "input.layout must be NCHW or NHWC"},
                {"{\"input\": {\"color\": \"YUV\"}}", "input.color must be RGB, BGR or GRAY"},
                {"{\"input\": {\"size\": [224]}}", "input.size must be [width, height]"},
                {"{\"input\": {\"size\": [224, 224], \"shape\": [1, 3, 299, 299]}}", "contradicts input.shape"},
                {"{\"input\": {\"std\": [0, 1, 1]}}", "non-zero"},
                {"{\"input\": {\"color\": \"GRAY\", \"mean\": [1, 2, 3]}}", "input.mean has 3 values but the input has 1 channel"},
                {"{\"input\": {\"scale\": \"a lot\"}}", "input.scale must be a number"},
                {"{\"output\": {\"kind\": \"embeddings\"}}", "unknown output kind 'embeddings'"},
                {"{\"labels\": 7}", "\"labels\" must be a file name or an array of strings"},
        };
        for (String[] c : cases) {
            GradLensException e = assertThrows(GradLensException.class, () -> ModelDescriptorReader.parse(c[0], dir.resolve("m.json")), c[0]);
            assertTrue(e.getMessage().startsWith("Model descriptor 'm.json'"), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
        GradLensException labels = assertThrows(GradLensException.class,
                () -> ModelDescriptorReader.parse("{\"labels\": \"classes.txt\"}", dir.resolve("m.json")));
        assertTrue(labels.getMessage().contains("labels file 'classes.txt' not found"), labels.getMessage());
    }

    @Test
    void lookupOrderAndLabelsBesideTheDescriptor(@TempDir Path dir) throws IOException {
        Path onnx = Files.write(dir.resolve("resnet.onnx"), new byte[0]);
        assertTrue(ModelDescriptorReader.find(onnx).isEmpty());
        assertTrue(ModelDescriptorReader.readFor(onnx).isEmpty());

        // a TensorFlow.js model.json is not a descriptor
        Files.writeString(dir.resolve("model.json"), "{\"format\": \"layers-model\", \"modelTopology\": {}, \"weightsManifest\": []}");
        assertTrue(ModelDescriptorReader.find(onnx).isEmpty());

        Files.writeString(dir.resolve("model.json"), "{\"name\": \"generic\"}");
        assertEquals("generic", ModelDescriptorReader.readFor(onnx).orElseThrow().name());
        Files.writeString(dir.resolve("resnet.json"), "{\"name\": \"own\"}");
        assertEquals("own", ModelDescriptorReader.readFor(onnx).orElseThrow().name());
        Files.writeString(dir.resolve("resnet.gradlens.json"), "{\"name\": \"ours\", \"labels\": \"names.txt\"}");
        Files.writeString(dir.resolve("names.txt"), "n01440764 tench\nn01443537 goldfish\n");
        ModelDescriptor d = ModelDescriptorReader.readFor(onnx).orElseThrow();
        assertEquals("ours", d.name());
        assertEquals(List.of("tench", "goldfish"), d.labels());
        assertEquals(dir.resolve("resnet.gradlens.json"), d.file());

        // no "labels" field: labels.txt beside the descriptor is used
        Files.writeString(dir.resolve("labels.txt"), "x\ny\nz\n");
        ModelDescriptor implicit = ModelDescriptorReader.read(dir.resolve("resnet.json"));
        assertEquals(List.of("x", "y", "z"), implicit.labels());
        assertEquals("labels.txt", implicit.labelsFile());

        assertEquals(List.of(dir.resolve("model.gradlens.json"), dir.resolve("model.json")),
                ModelDescriptorReader.candidates(dir.resolve("model.onnx")), "model.onnx: no duplicate model.json");
    }
}
