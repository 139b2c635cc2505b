package dev.gradlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.tensor.Npy;
import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.SharedData;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end on a small classifier: files written, result.json, and one-line errors. */
class GradLensCliTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path photo;

    @BeforeAll
    static void setUp() throws IOException {
        model = TinyClassifier.write(dir.resolve("model"));
        int[] px = new int[40 * 30];
        for (int i = 0; i < px.length; i++) px[i] = 0xFF000000 | ((i * 7) & 0xFF) << 16 | ((i * 3) & 0xFF) << 8 | (i & 0xFF);
        photo = dir.resolve("photo.png");
        PngIO.write(new RgbImage(40, 30, px), photo);
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = GradLensCli.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void explainWritesMapsOverlaysAndResult() throws IOException {
        Path out = dir.resolve("out1");
        Run r = run("explain", "--model", model.toString(), "--image", photo.toString(), "--top-k", "2", "--save-internals",
                "--methods", "gradcam,gradcampp,guided-backprop,gradcam-counterfactual,vanilla", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        assertEquals(2, result.get("targets").size());
        assertEquals(TinyClassifier.LAYER, result.get("layer").get("name").asText());
        assertArrayEquals(new int[] {1, 8, 16, 16}, new ObjectMapper().convertValue(result.get("layer").get("shape"), int[].class));
        assertEquals("cpu", result.get("device").get("device").asText());
        assertTrue(result.get("timings_ms").has("forward"));
        double sum = 0;
        for (JsonNode t : result.get("top_k")) sum += t.get("probability").asDouble();
        assertTrue(sum <= 1.0001 && sum > 0.5, "top-k probabilities");
        for (JsonNode t : result.get("targets")) {
            int c = t.get("index").asInt();
            assertEquals(TinyClassifier.LABELS[c], t.get("label").asText());
            Tensor cam = Npy.readTensor(out.resolve("gradcam_" + c + ".npy"));
            assertArrayEquals(new int[] {16, 16}, cam.shape());
            Tensor guided = Npy.readTensor(out.resolve("guided-backprop_" + c + ".npy"));
            assertArrayEquals(new int[] {3, 32, 32}, guided.shape());
            assertTrue(Files.size(out.resolve("gradcam-counterfactual_" + c + ".png")) > 100);
            Tensor dA = Npy.readTensor(out.resolve("dscore_dactivation_" + c + ".npy"));
            assertArrayEquals(new int[] {8, 16, 16}, dA.shape());
        }
        assertArrayEquals(new int[] {8, 16, 16}, Npy.readTensor(out.resolve("activation.npy")).shape());
    }

    @Test
    void tensorInputAndTargetByLabel() throws IOException {
        float[] x = new float[3 * 32 * 32];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.1);
        Path npy = dir.resolve("x.npy");
        Npy.write(new Tensor(x, new int[] {1, 3, 32, 32}), npy);
        Path out = dir.resolve("out2");
        Run r = run("explain", "--model", model.toString(), "--tensor", npy.toString(), "--target", "bicycle", "--methods", "gradcam", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("gradcam_2.npy")));
        assertTrue(Files.exists(out.resolve("gradcam_2.png")));
    }

    @Test
    void layersListsTheChosenLayerFirst() {
        Run r = run("layers", "--model", model.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines[1].startsWith("* " + TinyClassifier.LAYER), r.out());
        assertTrue(r.out().contains("r1"), "other candidates listed: " + r.out());
    }

    @Test
    void errorsAreOneLineWithNonZeroExit() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.onnx"));
        Path text = dir.resolve("text.onnx");
        Files.writeString(text, "tench\ngoldfish\nwhite shark\n");
        Path notImage = dir.resolve("not-an-image.png");
        Files.writeString(notImage, "hello");
        Path out = dir.resolve("err");
        assertOneLineError(run("explain", "--model", empty.toString(), "--image", photo.toString(), "--out", out.toString()), "empty");
        assertOneLineError(run("explain", "--model", text.toString(), "--image", photo.toString(), "--out", out.toString()), "not an ONNX model");
        assertOneLineError(run("explain", "--model", dir.resolve("missing.onnx").toString(), "--image", photo.toString(), "--out", out.toString()), "not found");
        assertOneLineError(run("explain", "--model", model.toString(), "--image", notImage.toString(), "--out", out.toString()), "not-an-image.png");
        assertOneLineError(run("explain", "--model", model.toString(), "--image", photo.toString(), "--layer", "nope", "--out", out.toString()), "Unknown layer 'nope'");
        assertOneLineError(run("explain", "--model", model.toString(), "--image", photo.toString(), "--target", "17", "--out", out.toString()), "out of range");
        assertOneLineError(run("explain", "--model", model.toString(), "--image", photo.toString(), "--methods", "gradcam,magic", "--out", out.toString()), "Unknown method 'magic'");
        assertOneLineError(run("explain", "--model", model.toString(), "--out", out.toString()), "--image");
        assertOneLineError(run("explain", "--model", vectorModel().toString(), "--image", photo.toString(), "--out", out.toString()), "no single image input");
        Files.write(dir.resolve("truncated.onnx"), java.util.Arrays.copyOf(Files.readAllBytes(model), (int) (Files.size(model) / 2)));
        assertOneLineError(run("explain", "--model", dir.resolve("truncated.onnx").toString(), "--image", photo.toString(), "--out", out.toString()), "truncated");
    }

    /** A classifier of feature vectors [1, 6]: nothing GradLens can show an image to. */
    private static Path vectorModel() throws IOException {
        var m = dev.gradlens.gradient.TinyModel.opset(13).input("features", 1, 6).initializer("W", new float[24], 6, 4);
        m.nodes().op("MatMul").in("features", "W").into("logits");
        Path p = dir.resolve("vector.onnx");
        Files.write(p, m.build("logits").toByteArray());
        return p;
    }

    /** Issue 12 rough edges: bad option values are one-line user errors (exit 2), not internal errors. */
    @Test
    void badColormapAndOpacityAreOneLineUserErrors() {
        Run cm = run("explain", "--model", model.toString(), "--image", photo.toString(), "--colormap", "nope", "--out", dir.resolve("x").toString());
        assertEquals(2, cm.code(), cm.err());
        assertOneLineError(cm, "colour map 'nope'");
        for (String bad : new String[] {"5", "-0.1", "NaN"}) {
            Run op = run("explain", "--model", model.toString(), "--image", photo.toString(), "--opacity", bad, "--out", dir.resolve("x").toString());
            assertEquals(2, op.code(), op.err());
            assertOneLineError(op, "--opacity must be between 0 and 1");
        }
        assertFalse(Files.exists(dir.resolve("x")), "nothing written for a refused command");
    }

    /** result.json's top_k lists as many classes as --top-k asked for (5 by default). */
    @Test
    void topKInResultJsonFollowsTheOption() throws IOException {
        for (int k : new int[] {3, 1}) {
            Path out = dir.resolve("topk" + k);
            Run r = run("explain", "--model", model.toString(), "--image", photo.toString(), "--top-k", Integer.toString(k), "--methods", "gradcam",
                    "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
            assertEquals(k, result.get("top_k").size());
            assertEquals(k, result.get("targets").size());
        }
        Path out = dir.resolve("topk-default");
        assertEquals(0, run("explain", "--model", model.toString(), "--image", photo.toString(), "--methods", "gradcam", "--out", out.toString()).code());
        // the tiny model has 4 classes: "5 by default" is capped by the classes there are
        assertEquals(4, new ObjectMapper().readTree(out.resolve("result.json").toFile()).get("top_k").size());
    }

    /** A model with few classes says which it knows, on the terminal and in result.json. */
    @Test
    void aSmallVocabularyIsNamedInTheNotes() throws IOException {
        Path out = dir.resolve("known");
        Run r = run("explain", "--model", model.toString(), "--image", photo.toString(), "--methods", "gradcam", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String expected = "the model knows 4 classes: tabby cat, golden retriever, bicycle, teapot; every image is scored as one of them";
        assertTrue(r.out().contains("note: " + expected), r.out());
        JsonNode notes = new ObjectMapper().readTree(out.resolve("result.json").toFile()).get("notes");
        assertTrue(notes.toString().contains(expected), notes.toString());
    }

    /** Without a command, and with --help, the usage lists every command, the optional ones included. */
    @Test
    void usageListsModelsAndScenes() {
        for (String[] args : new String[][] {{}, {"--help"}}) {
            Run r = run(args);
            assertEquals(0, r.code());
            for (String cmd : new String[] {"explain", "layers", "bench", "models", "scenes"}) {
                assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(cmd + " ")), cmd + " in: " + r.out());
            }
        }
    }

    /** A CUDA session that fails to start (simulated: there is no GPU here) falls back to the CPU and says so. */
    @Test
    void cudaFailureFallsBackToTheCpuOnTheTerminalAndInResultJson() throws IOException {
        Path out = dir.resolve("cuda");
        System.setProperty(dev.gradlens.inference.OrtRuntime.CudaSimulation.PROPERTY, "session-fails");
        Run r;
        try {
            r = run("explain", "--model", model.toString(), "--image", photo.toString(), "--device", "cuda", "--methods", "gradcam",
                    "--out", out.toString());
        } finally {
            System.clearProperty(dev.gradlens.inference.OrtRuntime.CudaSimulation.PROPERTY);
        }
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("note: CUDA could not be started (simulated: CUDA session creation failed (out of memory)): running on CPU"), r.out());
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        assertEquals("cpu", result.get("device").get("device").asText());
        assertTrue(result.get("device").get("note").asText().startsWith("CUDA could not be started"), result.toString());
        assertTrue(result.get("notes").get(0).asText().startsWith("CUDA could not be started"), result.toString());
    }

    /** Einsum has a gradient rule: the shared model with an Einsum between the CAM layer and the head is explained. */
    @Test
    void einsumOnThePathIsExplained() {
        Path einsum = SharedData.require("badinputs/einsum_middle.onnx");
        Path out = dir.resolve("e");
        Run r = run("explain", "--model", einsum.toString(), "--image", photo.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("result.json")));
    }

    /** An op with no gradient rule (Sin) between the CAM layer and the score: one line naming it. */
    @Test
    void unsupportedOpOnThePathIsNamed() throws IOException {
        assertFalse(dev.gradlens.gradient.RuleRegistry.standard().supportedOps().contains("Sin"), "pick another op without a rule");
        Random rnd = new Random(3);
        float[] w = new float[8 * 3 * 9], head = new float[4 * 8];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < head.length; i++) head[i] = (float) rnd.nextGaussian();
        var m = dev.gradlens.gradient.TinyModel.opset(13).input("input", 1, 3, 32, 32).initializer("w1", w, 8, 3, 3, 3).initializer("W", head, 4, 8);
        m.nodes().op("Conv").in("input", "w1").attr("kernel_shape", new long[] {3, 3}).attr("pads", new long[] {1, 1, 1, 1}).into("c1");
        m.nodes().op("Relu").in("c1").into("features");
        m.nodes().op("Sin").in("features").into("wavy");
        m.nodes().op("GlobalAveragePool").in("wavy").into("gap");
        m.nodes().op("Flatten").in("gap").attr("axis", 1L).into("flat");
        m.nodes().op("Gemm").in("flat", "W").attr("transB", 1L).into("logits");
        Path model = dir.resolve("sin.onnx");
        Files.write(model, m.build("logits").toByteArray());
        Run r = run("explain", "--model", model.toString(), "--image", photo.toString(), "--layer", "features",
                "--methods", "gradcam", "--out", dir.resolve("sin-out").toString());
        assertOneLineError(r, "Sin");
    }

    private static void assertOneLineError(Run r, String mention) {
        assertTrue(r.code() != 0, "exit code for: " + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n\tat "), "no stack trace: " + err);
        assertTrue(err.lines().count() <= 2, "one line (plus usage hint): " + err);
        assertTrue(err.contains(mention), "mentions '" + mention + "': " + err);
        assertFalse(err.contains("internal error"), err);
    }
}
