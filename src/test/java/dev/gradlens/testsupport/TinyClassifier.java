package dev.gradlens.testsupport;

import dev.gradlens.gradient.TinyModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small seeded-random CNN classifier written to disk with a labels file and a descriptor, so
 * end-to-end tests (CLI, service) run on a fresh clone without ../shared:
 * input [1,3,32,32] → Conv 3→8 s2 → Relu → Conv 8→8 → Relu ("features" [8,16,16]) → GAP → Flatten → Gemm → logits [1,4].
 */
public final class TinyClassifier {
    public static final String LAYER = "features";
    public static final String[] LABELS = {"tabby cat", "golden retriever", "bicycle", "teapot"};

    private TinyClassifier() {
    }

    public static Path write(Path dir) throws IOException {
        return write(dir, false);
    }

    /** The same classifier with ReLU6 (Clip(0, 6), constant bounds) as its first activation when {@code relu6}. */
    public static Path write(Path dir, boolean relu6) throws IOException {
        Random rnd = new Random(5);
        TinyModel m = TinyModel.opset(13).input("input", 1, 3, 32, 32)
                .initializer("w1", gaussian(rnd, 8 * 3 * 9, 0.4), 8, 3, 3, 3).initializer("b1", gaussian(rnd, 8, 0.1), 8)
                .initializer("w2", gaussian(rnd, 8 * 8 * 9, 0.3), 8, 8, 3, 3).initializer("b2", gaussian(rnd, 8, 0.1), 8)
                .initializer("W", gaussian(rnd, 4 * 8, 1.0), 4, 8).initializer("b", gaussian(rnd, 4, 0.1), 4);
        if (relu6) m.initializer("zero", new float[] {0f}).initializer("six", new float[] {6f});
        m.nodes().op("Conv").in("input", "w1", "b1").attr("kernel_shape", new long[] {3, 3}).attr("pads", new long[] {1, 1, 1, 1})
                .attr("strides", new long[] {2, 2}).into("c1");
        if (relu6) {
            m.nodes().op("Clip").in("c1", "zero", "six").into("r1");
        } else {
            m.nodes().op("Relu").in("c1").into("r1");
        }
        m.nodes().op("Conv").in("r1", "w2", "b2").attr("kernel_shape", new long[] {3, 3}).attr("pads", new long[] {1, 1, 1, 1}).into("c2");
        m.nodes().op("Relu").in("c2").into(LAYER);
        m.nodes().op("GlobalAveragePool").in(LAYER).into("gap");
        m.nodes().op("Flatten").in("gap").attr("axis", 1L).into("flat");
        m.nodes().op("Gemm").in("flat", "W", "b").attr("transB", 1L).into("logits");
        Files.createDirectories(dir);
        Path onnx = dir.resolve("tiny.onnx");
        Files.write(onnx, m.build("logits").toByteArray());
        Files.writeString(dir.resolve("tiny-labels.txt"), String.join("\n", LABELS) + "\n");
        Files.writeString(dir.resolve("tiny.gradlens.json"), """
                {"name": "tiny test classifier",
                 "input": {"name": "input", "layout": "NCHW", "size": [32, 32], "color": "RGB", "resize": "stretch",
                           "scale": 0.00392156862745098, "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]},
                 "output": {"name": "logits", "kind": "logits"},
                 "labels": "tiny-labels.txt"}
                """);
        return onnx;
    }

    static float[] gaussian(Random rnd, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (scale * rnd.nextGaussian());
        return v;
    }
}
