package dev.gradlens.explain;

import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.GradientResult;
import dev.gradlens.inference.ImageInput;
import dev.gradlens.inference.Layout;
import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.Compare;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Score-CAM: hand-computed weights with a linear stand-in model, then batched vs one-by-one on a real tiny CNN. */
class ScoreCamTest {
    private static final ImageInput ROW = new ImageInput("x", Layout.NCHW, 1, 1, 4, false);

    /** Scores [n, 2] of images of 4 values: s_0 = Σ x, s_1 = 0. Records every image it sees. */
    private static final class SumModel implements ScoreCam.BatchForward {
        final List<float[]> seen = new ArrayList<>();
        int calls;

        @Override
        public Tensor scores(float[] images, int batch) {
            calls++;
            int per = images.length / batch;
            float[] out = new float[2 * batch];
            for (int b = 0; b < batch; b++) {
                float s = 0;
                for (int i = 0; i < per; i++) s += images[b * per + i];
                out[2 * b] = s;
                seen.add(java.util.Arrays.copyOfRange(images, b * per, (b + 1) * per));
            }
            return new Tensor(out, new int[] {batch, 2});
        }
    }

    @Test
    void weightsByHand() {
        // A: channel 0 = [0, 4] → upsampled 1×2 → 1×4 (half-pixel) [0, 1, 3, 4] → min-max [0, .25, .75, 1];
        // channel 1 = [2, 2] is flat: weight 0 and no forward pass.
        // x = [1, 1, 1, 1]: masked scores of channel 0 = [Σ x·M, 0] = [2, 0] → softmax at class 0 = e²/(e² + 1)
        Tensor a = new Tensor(new float[] {0, 4, 2, 2}, new int[] {2, 1, 2});
        SumModel model = new SumModel();
        ScoreCam cam = new ScoreCam(8);
        ScoreCam.MaskedScores masked = cam.maskedScores(new float[] {1, 1, 1, 1}, ROW, a, model, Cancellation.NONE);
        assertEquals(1, masked.forwards());
        assertArrayEquals(new boolean[] {false, true}, masked.flat());
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, model.seen.get(0), 1e-6f);
        double w0 = Math.exp(2) / (Math.exp(2) + 1);
        assertArrayEquals(new float[] {(float) w0, 0}, cam.channelWeights(masked, 0), 1e-6f);
        assertArrayEquals(new float[] {(float) (1 - w0), 0}, cam.channelWeights(masked, 1), 1e-6f);
        // L = ReLU(w0·[0, 4] + 0·[2, 2])
        assertArrayEquals(new float[] {0, (float) (4 * w0)}, cam.map(a, masked, 0).data(), 1e-5f);
    }

    @Test
    void batchesAndTheMaskMultipliesThePreprocessedInput() {
        // three live channels, batch 2: calls of 2 and 1 images; x = [2, −1, 0.5, 3] multiplied by each mask
        Tensor a = new Tensor(new float[] {0, 4, 4, 0, 1, 3}, new int[] {3, 1, 2});
        float[] x = {2, -1, 0.5f, 3};
        SumModel model = new SumModel();
        ScoreCam.MaskedScores masked = new ScoreCam(2).maskedScores(x, ROW, a, model, Cancellation.NONE);
        assertEquals(2, model.calls);
        assertEquals(2, masked.batches());
        assertArrayEquals(new float[] {0, -0.25f, 0.375f, 3}, model.seen.get(0), 1e-6f);
        assertArrayEquals(new float[] {2, -0.75f, 0.125f, 0}, model.seen.get(1), 1e-6f);
        assertArrayEquals(model.seen.get(0), model.seen.get(2), 1e-6f); // [1, 3] normalises like [0, 4]
        // scores rows: Σ of each masked input
        assertEquals(0 - 0.25f + 0.375f + 3, masked.scores().data()[0], 1e-6f);
        assertEquals(2 - 0.75f + 0.125f, masked.scores().data()[2], 1e-6f);
    }

    @Test
    void nhwcMasksEveryColourOfAPixel() {
        // 1×2 image with 2 colours, NHWC: x = [(1, 10), (2, 20)]; channel A = [0, 1] → mask 1×2 → 1×2 = [0, 1]
        ImageInput nhwc = new ImageInput("x", Layout.NHWC, 2, 1, 2, false);
        SumModel model = new SumModel();
        new ScoreCam(4).maskedScores(new float[] {1, 10, 2, 20}, nhwc, new Tensor(new float[] {0, 1}, new int[] {1, 1, 2}), model, Cancellation.NONE);
        assertArrayEquals(new float[] {0, 0, 2, 20}, model.seen.get(0));
    }

    @Test
    void cancellationIsPolledBetweenBatches() {
        Tensor a = new Tensor(new float[] {0, 4, 4, 0, 1, 3}, new int[] {3, 1, 2});
        SumModel model = new SumModel();
        int[] polls = {0};
        Cancellation afterOne = () -> ++polls[0] > 1;
        assertThrows(CancellationException.class, () -> new ScoreCam(1).maskedScores(new float[4], ROW, a, model, afterOne));
        assertEquals(1, model.calls);
    }

    @Test
    void batchedAndOneByOneAgreeOnATinyCnn() {
        try (ExplainableModel model = TinyModels.cnn(true, false)) {
            float[] x = TinyModels.cnnInput(3);
            String layer = "feat";
            GradientResult r = model.run(x, 1, Target.of(0).seed(5), 1, layer, EnumSet.noneOf(dev.gradlens.gradient.RectifierPolicy.class));
            Tensor a = r.activation().slice(0);
            ImageInput in = model.analysis().input();
            int[] batchSizes = new int[2];
            ScoreCam.MaskedScores batched = new ScoreCam(4).maskedScores(x, in, a, (im, n) -> {
                batchSizes[0] = Math.max(batchSizes[0], n);
                return model.forward(im, n);
            }, Cancellation.NONE);
            ScoreCam.MaskedScores single = new ScoreCam(1).maskedScores(x, in, a, (im, n) -> {
                batchSizes[1] = Math.max(batchSizes[1], n);
                return model.forward(im, n);
            }, Cancellation.NONE);
            assertEquals(4, batchSizes[0]);
            assertEquals(1, batchSizes[1]);
            assertTrue(batched.forwards() > 1);
            assertEquals(single.forwards(), batched.forwards());
            Compare.assertCloseRelMax(single.scores().data(), batched.scores().data(), 1e-5, "masked scores");
            for (int c = 0; c < 5; c++) {
                Tensor m1 = new ScoreCam().map(a, single, c), m2 = new ScoreCam().map(a, batched, c);
                Compare.assertCloseRelMax(m1.data(), m2.data(), 1e-5, "map of class " + c);
                assertArrayEquals(new int[] {8, 8}, m1.shape());
                assertFalse(Compare.maxAbs(m1.data()) == 0, "map of class " + c + " is all zero");
            }
            // the masked scores are those of the masked images run by hand
            int k = 0;
            while (single.flat()[k]) k++;
            float[] mask = ScoreCam.mask(java.util.Arrays.copyOfRange(a.data(), k * 64, (k + 1) * 64), 8, 8, 8, 8);
            float[] masked = new float[x.length];
            for (int c = 0; c < 3; c++) for (int i = 0; i < 64; i++) masked[c * 64 + i] = x[c * 64 + i] * mask[i];
            Compare.assertCloseRelMax(model.forward(masked, 1).data(),
                    java.util.Arrays.copyOfRange(single.scores().data(), k * 5, (k + 1) * 5), 1e-6, "channel " + k);
        }
    }
}
