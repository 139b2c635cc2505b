package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Vanilla gradient: W_i0 · 1[x_i > 0] (see {@link InputGradientCheck}); linear in the seed. */
class VanillaGradientTest {
    @Test
    void mapByHand() {
        VanillaGradient method = new VanillaGradient();
        assertEquals(RectifierPolicy.STANDARD, method.policy());
        InputGradientCheck.check(method, new float[] {1, 0, -3, 0}, new float[] {-1, 0, 3, 0});
    }
}
