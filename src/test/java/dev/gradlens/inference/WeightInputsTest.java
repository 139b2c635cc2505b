package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.onnx.OnnxModel;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.onnx.Tensors;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Weights fed as inputs behave as the model with those weights: the defaults give the model's own
 * scores, a value set for W and w2 gives the scores of a model edited to hold those values (a model
 * and session of its own), a reset gives the original back; all through one session.
 */
class WeightInputsTest {
    @TempDir
    Path dir;

    private static TensorProto random(ModelProto m, String name, long seed) {
        for (TensorProto t : m.getGraph().getInitializerList()) {
            if (!t.getName().equals(name)) continue;
            float[] v = new float[(int) Tensors.elementCount(t)];
            Random r = new Random(seed);
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
            return Tensors.floats(name, v, t.getDimsList().stream().mapToLong(Long::longValue).toArray());
        }
        throw new AssertionError(name);
    }

    private static ModelProto with(ModelProto m, TensorProto... values) {
        ModelProto.Builder b = m.toBuilder();
        for (TensorProto v : values)
            for (int k = 0; k < b.getGraph().getInitializerCount(); k++)
                if (b.getGraph().getInitializer(k).getName().equals(v.getName())) b.getGraphBuilder().setInitializer(k, v);
        return b.build();
    }

    @Test
    void fedWeightsScoreAsAModelEditedToHoldThem() throws Exception {
        Path file = TinyClassifier.write(dir);
        OnnxModel model = OnnxModelLoader.load(file);
        ModelAnalysis a = ModelAnalysis.analyse(model, null, null, 0);
        float[] x = new float[3 * 32 * 32];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        TensorProto w = random(model.proto(), "W", 1), w2 = random(model.proto(), "w2", 2);
        float[] original, edited;
        try (ExplainableModel plain = new ExplainableModel(a, Device.CPU);
             ExplainableModel other = new ExplainableModel(a.withWeights(new OnnxModel(file, with(model.proto(), w, w2))), Device.CPU)) {
            original = plain.forward(x, 1).data();
            edited = other.forward(x, 1).data();
        }
        try (WeightInputs fed = new WeightInputs(Set.of("W", "w2"), Set.of(), List.of());
             ExplainableModel em = new ExplainableModel(a, Device.CPU, 1, fed)) {
            assertArrayEquals(original, em.forward(x, 1).data(), 1e-5f, "defaults: the model's own weights");
            fed.set(w);
            fed.set(w2);
            float[] s = em.forward(x, 1).data();
            for (int i = 0; i < s.length; i++) assertEquals(edited[i], s[i], 1e-5 * Math.max(1, Math.abs(edited[i])), "class " + i);
            fed.reset("W");
            fed.reset("w2");
            assertArrayEquals(original, em.forward(x, 1).data(), 1e-5f, "reset: the model's own weights again");
            assertEquals(1, em.createdSessions(), "one session for every set of weights");
        }
    }

    @Test
    void aDerivedNameInAnotherGraphIsRefusedNotFed() throws Exception {
        ModelProto m = OnnxModelLoader.load(TinyClassifier.write(dir)).proto();
        // "w2" declared derived: its meaning is tied to the reference graph, here one without nodes
        WeightInputs fed = new WeightInputs(Set.of("w2"), Set.of("w2"), List.of());
        assertThrows(IllegalStateException.class, () -> fed.asInputs(m));
        assertThrows(IllegalArgumentException.class, () -> fed.set(random(m, "W", 1)), "W is not fed");
    }
}
