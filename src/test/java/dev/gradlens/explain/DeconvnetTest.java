package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Deconvnet: ReLU(W_i0) whatever x (see {@link InputGradientCheck}). */
class DeconvnetTest {
    @Test
    void mapByHand() {
        Deconvnet method = new Deconvnet();
        assertEquals(RectifierPolicy.DECONVNET, method.policy());
        InputGradientCheck.check(method, new float[] {1, 2, 0, 0}, new float[] {0, 0, 3, 4});
    }
}
