package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Guided backprop: ReLU(W_i0) · 1[x_i > 0] (see {@link InputGradientCheck}); not linear in the seed. */
class GuidedBackpropTest {
    @Test
    void mapByHand() {
        GuidedBackprop method = new GuidedBackprop();
        assertEquals(RectifierPolicy.GUIDED, method.policy());
        InputGradientCheck.check(method, new float[] {1, 0, 0, 0}, new float[] {0, 0, 3, 0});
    }
}
