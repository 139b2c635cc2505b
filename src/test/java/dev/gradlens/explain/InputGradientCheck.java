package dev.gradlens.explain;

import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.GradientResult;
import dev.gradlens.tensor.Tensor;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The shared checks of the input-gradient methods on {@link TinyModels#micro()}:
 * S_0 = Σ_i W_i0 ReLU(x_i), x = [1, −1, 2, −2], W[:,0] = [1, 2, −3, −4]. Row 0 of the run explains
 * class 0, row 1 its counterfactual (the negated seed, W[:,0] negated = [−1, −2, 3, 4]).
 */
final class InputGradientCheck {
    private InputGradientCheck() {
    }

    /** The method's map for class 0 and for its counterfactual, both computed by hand. */
    static void check(InputGradientMethod method, float[] expectedPlus, float[] expectedCounterfactual) {
        try (ExplainableModel model = TinyModels.micro()) {
            int k = 2;
            float[] seeds = new float[2 * k];
            System.arraycopy(Target.of(0).seed(k), 0, seeds, 0, k);
            System.arraycopy(new Target(0, true).seed(k), 0, seeds, k, k);
            GradientResult run = model.run(TinyModels.MICRO_INPUT, 1, seeds, 2, null, EnumSet.of(method.policy()));
            Tensor plus = method.map(run, 0);
            assertArrayEquals(new int[] {1, 2, 2}, plus.shape());
            assertArrayEquals(expectedPlus, plus.data(), 1e-6f, "class 0");
            assertArrayEquals(expectedCounterfactual, method.map(run, 1).data(), 1e-6f, "counterfactual");
        }
    }
}
