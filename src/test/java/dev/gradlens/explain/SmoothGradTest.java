package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.Compare;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SmoothGrad: σ from the input's range, deterministic noise, σ = 0 gives the vanilla gradient, batched = one by one. */
class SmoothGradTest {

    @Test
    void sigmaIsAFractionOfTheInputRange() {
        assertEquals(0.15 * 5, SmoothGrad.defaults().sigma(new float[] {-2, 0, 3}), 1e-12);
        assertEquals(16, SmoothGrad.defaults().samples());
    }

    @Test
    void noiseIsDeterministicAndHasTheRightSpread() {
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) x[i] = i / 999f; // range 1 → σ = 0.15
        SmoothGrad sg = SmoothGrad.defaults();
        float[] a = sg.noisyCopies(x), b = sg.noisyCopies(x);
        assertArrayEquals(a, b);
        double ss = 0;
        for (int i = 0; i < a.length; i++) ss += Math.pow(a[i] - x[i % x.length], 2);
        assertEquals(0.15, Math.sqrt(ss / a.length), 0.005);
    }

    @Test
    void isTheMeanOfTheGradientsOfTheNoisyCopies() {
        // stand-in gradient: ∂S/∂x = x itself, so SmoothGrad = mean of the noisy copies
        float[] x = {0, 1, 2, 3};
        SmoothGrad sg = new SmoothGrad(4, 0.2, 5);
        float[] copies = sg.noisyCopies(x);
        SmoothGrad.Gradients identity = (images, batch, seeds, rows) -> new Tensor(images.clone(), new int[] {batch, 1, 1, 4});
        for (boolean batched : new boolean[] {true, false}) {
            Tensor m = sg.map(x, new float[] {1}, identity, batched, Cancellation.NONE);
            assertArrayEquals(new int[] {1, 1, 4}, m.shape());
            for (int i = 0; i < 4; i++) {
                double mean = (copies[i] + copies[4 + i] + copies[8 + i] + copies[12 + i]) / 4.0;
                assertEquals(mean, m.data()[i], 1e-6);
            }
        }
    }

    @Test
    void zeroNoiseGivesTheVanillaGradientAndBatchedEqualsOneByOne() {
        try (ExplainableModel model = TinyModels.cnn(true, false)) {
            Explainer ex = new Explainer(model);
            float[] x = TinyModels.cnnInput(5);
            float[] seed = Target.of(2).seed(5);
            Tensor vanilla = model.run(x, 1, seed, 1, null, EnumSet.of(RectifierPolicy.STANDARD)).inputGrads().get(RectifierPolicy.STANDARD).slice(0);
            SmoothGrad none = new SmoothGrad(16, 0, 1);
            assertArrayEquals(vanilla.data(), none.map(x, seed, ex::vanillaGradients, false, Cancellation.NONE).data());
            Compare.assertCloseRelMax(vanilla.data(), none.map(x, seed, ex::vanillaGradients, true, Cancellation.NONE).data(), 1e-5, "σ = 0, batched");

            SmoothGrad sg = SmoothGrad.defaults();
            Tensor one = sg.map(x, seed, ex::vanillaGradients, false, Cancellation.NONE);
            Tensor again = sg.map(x, seed, ex::vanillaGradients, false, Cancellation.NONE);
            Tensor batched = sg.map(x, seed, ex::vanillaGradients, true, Cancellation.NONE);
            assertArrayEquals(one.data(), again.data(), "deterministic");
            assertArrayEquals(new int[] {3, 8, 8}, one.shape());
            Compare.assertCloseRelMax(one.data(), batched.data(), 1e-5, "batched vs one by one");
            assertTrue(Compare.relativeL2(vanilla.data(), one.data()) > 1e-3, "noise changed nothing");
        }
    }
}
