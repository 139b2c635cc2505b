package dev.gradlens.metrics;

import dev.gradlens.inference.ImageInput;
import dev.gradlens.inference.Layout;
import dev.gradlens.inference.Preprocessing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ROAD's noisy linear imputation: a hand-worked neighbour mean, a hand-solved pair of removed neighbours, and the
 * batched form (noise drawn first, systems solved on all cores) against one call per pattern, bit for bit.
 */
class NoisyLinearImputerTest {
    private static InputSpace space(Layout layout, int channels, int h, int w) {
        return new InputSpace(new ImageInput("x", layout, channels, h, w, false), Preprocessing.imagenet(w, h, layout, channels));
    }

    @Test
    void oneRemovedPixelTakesTheWeightedMeanOfItsNeighbours() {
        // 3×3, one channel, the centre removed: weights 1/6 (direct) and 1/12 (diagonal) sum to 1
        float[] x = {1, 2, 3, 4, 100, 6, 7, 8, 9};
        boolean[] gone = new boolean[9];
        gone[4] = true;
        float[] out = new NoisyLinearImputer(0).impute(x, space(Layout.NCHW, 1, 3, 3), gone, new Random(1));
        double expected = (2 + 4 + 6 + 8) / 6.0 + (1 + 3 + 7 + 9) / 12.0; // = 20/6 + 20/12 = 5
        assertEquals(expected, out[4], 1e-6);
        for (int p = 0; p < 9; p++) if (p != 4) assertEquals(x[p], out[p], 0, "kept pixel " + p);
    }

    @Test
    void twoAdjacentRemovedPixelsSolveTheirPair() {
        // 1×3 row [a, u, v]: u's neighbours a (1/6) and v (1/6), v's only neighbour u (1/6), renormalised per pixel:
        //   (2/6)·u − (1/6)·v = (1/6)·a  and  (1/6)·v − (1/6)·u = 0  →  v = u = a
        float[] x = {3, -50, 80};
        boolean[] gone = {false, true, true};
        float[] out = new NoisyLinearImputer(0).impute(x, space(Layout.NCHW, 1, 1, 3), gone, new Random(1));
        assertEquals(3, out[1], 1e-6);
        assertEquals(3, out[2], 1e-6);
    }

    @Test
    void batchedImputationEqualsOneCallPerPatternBitForBit() {
        for (Layout layout : new Layout[] {Layout.NCHW, Layout.NHWC}) {
            int h = 24, w = 20, c = 3;
            InputSpace sp = space(layout, c, h, w);
            Random r = new Random(5);
            float[] x = new float[c * h * w];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            List<boolean[]> patterns = new ArrayList<>();
            for (int level = 10; level <= 90; level += 20) {
                boolean[] gone = new boolean[h * w];
                for (int p = 0; p < gone.length; p++) gone[p] = r.nextInt(100) < level;
                patterns.add(gone);
            }
            patterns.add(new boolean[h * w]); // nothing removed: the image as it is, and no noise drawn
            NoisyLinearImputer imputer = new NoisyLinearImputer(0.01);
            List<float[]> batched = imputer.imputeAll(x, sp, patterns, new Random(42));
            Random one = new Random(42);
            for (int i = 0; i < patterns.size(); i++) {
                float[] single = imputer.impute(x, sp, patterns.get(i), one);
                for (int v = 0; v < single.length; v++) {
                    assertEquals(Float.floatToIntBits(single[v]), Float.floatToIntBits(batched.get(i)[v]), layout + " pattern " + i + " value " + v);
                }
            }
        }
    }

    @Test
    void everyPixelRemovedIsRefused() {
        boolean[] all = {true, true, true, true};
        assertThrows(IllegalArgumentException.class,
                () -> new NoisyLinearImputer(0).impute(new float[4], space(Layout.NCHW, 1, 2, 2), all, new Random(1)));
    }
}
