package dev.gradlens.metrics.sanity;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.onnx.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Layers found top-down; a randomised weight keeps its shape, mean and std; others are untouched; seeded. */
class WeightRandomizerTest {
    @TempDir
    Path dir;

    private ModelProto tiny() throws Exception {
        return OnnxModelLoader.load(dev.gradlens.testsupport.TinyClassifier.write(dir)).proto();
    }

    private static float[] init(ModelProto m, String name) {
        for (TensorProto t : m.getGraph().getInitializerList()) if (t.getName().equals(name)) return Tensors.toFloats(t);
        throw new AssertionError(name);
    }

    @Test
    void layersAreTheGemmThenTheConvsFromTheTop() throws Exception {
        WeightRandomizer r = new WeightRandomizer(tiny(), 1);
        assertEquals(List.of("W", "w2", "w1"), r.layersTopDown().stream().map(WeightRandomizer.Layer::weight).toList());
        assertEquals(List.of("Gemm", "Conv", "Conv"), r.layersTopDown().stream().map(WeightRandomizer.Layer::op).toList());
    }

    @Test
    void randomisedWeightsKeepMeanAndStdAndTheRestStays() throws Exception {
        ModelProto m = tiny();
        WeightRandomizer r = new WeightRandomizer(m, 1);
        ModelProto x = r.randomised(List.of(1));
        float[] before = init(m, "w2"), after = init(x, "w2");
        assertEquals(before.length, after.length);
        assertFalse(java.util.Arrays.equals(before, after));
        assertEquals(mean(before), mean(after), 0.05); // 576 draws: sampling error of the mean ≈ 0.3/24
        assertEquals(std(before), std(after), 0.03);
        assertArrayEquals(init(m, "w1"), init(x, "w1"));
        assertArrayEquals(init(m, "W"), init(x, "W"));
        assertArrayEquals(init(m, "b2"), init(x, "b2"));
        assertArrayEquals(after, init(new WeightRandomizer(m, 1).randomised(List.of(0, 1)), "w2"), "same seed, same layer → same values");
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v), s = 0;
        for (float x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }
}
