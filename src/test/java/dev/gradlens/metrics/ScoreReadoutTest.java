package dev.gradlens.metrics;

import dev.gradlens.gradient.TinyModel;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.inference.Layout;
import dev.gradlens.onnx.OnnxModelLoader;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The score the metrics read: softmax of logits, but a model whose score tensor already holds
 * probabilities (a Softmax the analysis cannot step over, here followed by Mul 1) is read as it is.
 */
class ScoreReadoutTest {
    @Test
    void probabilityVectorsAreReadRawLogitsThroughSoftmax() {
        assertEquals(ScoreReadout.RAW, ScoreReadout.choose(new float[] {0.2f, 0.7f, 0.1f}));
        assertEquals(ScoreReadout.SOFTMAX, ScoreReadout.choose(new float[] {2f, -1f, 0.5f}));
        assertEquals(ScoreReadout.SOFTMAX, ScoreReadout.choose(new float[] {0.2f, 0.3f, 0.1f}), "in [0,1] but not summing to 1");
        // softmax([0, ln 3]) = [1/4, 3/4]
        assertEquals(0.75, ScoreReadout.SOFTMAX.read(new float[] {0f, (float) Math.log(3)}, 0, 2, 1), 1e-6);
        assertEquals(0.7, ScoreReadout.RAW.read(new float[] {0.3f, 0.7f}, 0, 2, 1), 1e-7);
    }

    @Test
    void aModelThatOutputsProbabilitiesIsNotSoftmaxedTwice() {
        Random rnd = new Random(3);
        float[] w = new float[4 * 3 * 9], fc = new float[3 * 4];
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.5 * rnd.nextGaussian());
        for (int i = 0; i < fc.length; i++) fc[i] = (float) rnd.nextGaussian();
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 8, 8).initializer("w", w, 4, 3, 3, 3).initializer("W", fc, 3, 4)
                .initializer("one", new float[] {1f});
        m.nodes().op("Conv").in("x", "w").attr("kernel_shape", new long[] {3, 3}).attr("pads", new long[] {1, 1, 1, 1}).into("c");
        m.nodes().op("Relu").in("c").into("feat");
        m.nodes().op("GlobalAveragePool").in("feat").into("g");
        m.nodes().op("Flatten").in("g").attr("axis", 1L).into("f");
        m.nodes().op("Gemm").in("f", "W").attr("transB", 1L).into("logits");
        m.nodes().op("Softmax").in("logits").attr("axis", 1L).into("p");
        m.nodes().op("Mul").in("p", "one").into("prob");
        ModelAnalysis a = ModelAnalysis.analyse(OnnxModelLoader.fromProto(m.build("prob")), null, null, 0);
        assertEquals("prob", a.scoreTensor(), "the Mul hides the Softmax from the analysis");
        try (ExplainableModel em = new ExplainableModel(a, Device.CPU)) {
            float[] x = new float[3 * 64];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            float[] probs = em.forward(x, 1).data();
            Preprocessing pre = new Preprocessing(8, 8, Layout.NCHW, 3, false, dev.gradlens.inference.ResizeMode.STRETCH, 0, 1f,
                    new float[] {0, 0, 0}, new float[] {1, 1, 1});
            float[] ones = new float[16];
            java.util.Arrays.fill(ones, 1f);
            FaithfulnessScorer.Scores s = new FaithfulnessScorer(em, pre).score(x, 1, List.of(new SaliencyMap(ones, 4, 4)), EnumSet.of(Metric.AVERAGE_DROP));
            assertEquals(ScoreReadout.RAW, s.readout());
            assertEquals(probs[1], s.score(), 1e-7);
            assertTrue(s.perMap().get(0).get("average-drop").value() < 1e-6);
        }
    }
}
