package dev.gradlens.audit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Map agreement: Spearman's rank correlation and top-15 % overlap, on hand-worked cases. */
class MapAgreementTest {
    @Test
    void spearmanOfOneSwap() {
        // ranks 1 2 3 4 against 1 3 2 4: 1 - 6 * (1 + 1) / (4 * (16 - 1)) = 0.8
        assertEquals(0.8, MapAgreement.spearman(new float[] {1, 2, 3, 4}, new float[] {10, 30, 20, 40}), 1e-12);
        assertEquals(-1.0, MapAgreement.spearman(new float[] {1, 2, 3, 4}, new float[] {4, 3, 2, 1}), 1e-12);
        assertTrue(Double.isNaN(MapAgreement.spearman(new float[] {1, 2, 3}, new float[] {5, 5, 5})));
    }

    @Test
    void tiesGetTheirAverageRank() {
        assertArrayEquals(new double[] {1.5, 1.5, 3, 4}, MapAgreement.ranks(new float[] {0, 0, 2, 7}), 1e-12);
        // x = 0 0 1 2 -> ranks 1.5 1.5 3 4; y = 1 2 3 4. Pearson of the ranks: mean 2.5 both;
        // dx = -1 -1 .5 1.5, dy = -1.5 -.5 .5 1.5: sum dx dy = 1.5 + .5 + .25 + 2.25 = 4.5,
        // sum dx^2 = 4.5, sum dy^2 = 5: rho = 4.5 / sqrt(22.5) = 0.9486833
        assertEquals(4.5 / Math.sqrt(22.5), MapAgreement.spearman(new float[] {0, 0, 1, 2}, new float[] {1, 2, 3, 4}), 1e-12);
    }

    @Test
    void topFifteenPercentOverlap() {
        // 20 pixels: the top region is the ceil(3) largest values
        float[] a = new float[20], b = new float[20];
        for (int i = 0; i < 20; i++) {
            a[i] = i;        // top: 17, 18, 19
            b[i] = 19 - i;   // top: 0, 1, 2
        }
        assertEquals(0.0, MapAgreement.topOverlap(a, b), 1e-12);
        assertEquals(1.0, MapAgreement.topOverlap(a, a.clone()), 1e-12);
        float[] c = a.clone();
        c[17] = 0; // top of c: 16, 18, 19 -> overlap {18, 19} of {16, 17, 18, 19}
        assertEquals(0.5, MapAgreement.topOverlap(a, c), 1e-12);
        // all-zero maps have no top region
        assertTrue(Double.isNaN(MapAgreement.topOverlap(new float[20], new float[20])));
    }

    @Test
    void gridKeepsTheAspectRatio() {
        assertArrayEquals(new int[] {64, 48}, MapAgreement.grid(640, 480));
        assertArrayEquals(new int[] {64, 64}, MapAgreement.grid(128, 128));
    }
}
