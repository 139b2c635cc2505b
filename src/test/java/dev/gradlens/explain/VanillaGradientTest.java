package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.GradientResult;
import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * VanillaGradient on {@link TinyModels#micro()}: S_0 = Σ_i W_i0 ReLU(x_i), x = [1, −1, 2, −2], W[:,0] = [1, 2, −3, −4],
 * so the map is the vanilla gradient W_i0 · 1[x_i > 0].
 */
class VanillaGradientTest {

    @Test
    void mapByHand() {
        VanillaGradient method = new VanillaGradient();
        assertEquals(RectifierPolicy.STANDARD, method.policy());
        try (ExplainableModel model = TinyModels.micro()) {
            float[] seeds = new float[4];
            seeds[0] = 1; // row 0: class 0
            seeds[3] = -1; // row 1: class 1, counterfactual (unused here)
            GradientResult run = model.run(TinyModels.MICRO_INPUT, 1, seeds, 2, null, EnumSet.of(method.policy()));
            Tensor map = method.map(run, 0);
            assertArrayEquals(new int[] {1, 2, 2}, map.shape());
            assertArrayEquals(new float[] {1, 0, -3, 0}, map.data(), 1e-6f);
        }
    }

    @Test
    void counterfactualRowIsTheNegatedSeed() {
        VanillaGradient method = new VanillaGradient();
        try (ExplainableModel model = TinyModels.micro()) {
            int k = 2;
            float[] seeds = new float[2 * k];
            System.arraycopy(Target.of(0).seed(k), 0, seeds, 0, k);
            System.arraycopy(new Target(0, true).seed(k), 0, seeds, k, k);
            GradientResult run = model.run(TinyModels.MICRO_INPUT, 1, seeds, 2, null, EnumSet.of(method.policy()));
            float[] plus = method.map(run, 0).data(), minus = method.map(run, 1).data();
            // W[:,0] negated = [−1, −2, 3, 4]
            float[] expected = switch (method.policy()) {
                case STANDARD -> new float[] {-1, 0, 3, 0};
                case GUIDED -> new float[] {0, 0, 3, 0};
                case DECONVNET -> new float[] {0, 0, 3, 4};
            };
            assertArrayEquals(expected, minus, 1e-6f);
            assertEquals(4, plus.length);
        }
    }
}
