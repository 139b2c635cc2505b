package dev.gradlens.audit;

import dev.gradlens.imaging.Resize;
import dev.gradlens.tensor.Ranking;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pointing game: where the upsampled map's peak falls (first row-major maximum; none for a flat map). */
class PointingGameTest {
    @Test
    void oneHotPixelPeaksAtTheFirstOfItsFourBrightestImagePixels() {
        // see EnergyShareTest: the hot cell (row 1, column 2) reaches its largest upsampled value .75 x .75
        // at image columns 4,5 and rows 2,3; the first in row-major order is (4, 2)
        float[] map = new float[16];
        map[1 * 4 + 2] = 1;
        assertEquals(2 * 8 + 4, Placement.whole(4, 4, 8, 8).peak(map));
    }

    @Test
    void uniformAndEmptyMapsHaveNoPeak() {
        float[] uniform = new float[49];
        Arrays.fill(uniform, 0.4f);
        assertEquals(-1, Placement.whole(7, 7, 50, 37).peak(uniform));
        float[] negative = new float[49];
        Arrays.fill(negative, -1f);
        negative[3] = -0.5f;
        assertEquals(-1, Placement.whole(7, 7, 50, 37).peak(Placement.relu(negative)));
    }

    @Test
    void mapHalfInTheBoxPointsAtItsFirstMaximum() {
        float[] map = new float[16];
        map[0] = 1;
        map[15] = 1;
        int peak = Placement.whole(4, 4, 4, 4).peak(map);
        assertEquals(0, peak);
        assertEquals(true, PixelSet.box(0, 0, 2, 2, 4, 4).contains(peak));
    }

    @Test
    void matchesTheNumPyReference() throws Exception {
        for (LocalisationReference.Case c : LocalisationReference.load()) {
            int peak = c.placement().peak(Placement.relu(c.map()));
            assertEquals(c.peak(), peak);
            for (int r = 0; r < c.regions().size(); r++) assertEquals(c.peakInRegion()[r], c.regions().get(r).contains(peak));
        }
    }

    @Test
    void prunedSearchEqualsTheArgmaxOfTheFullUpsampledMap() {
        // plateaus and near-ties: the pruned search must agree with argmax over Resize.bilinear exactly
        Random rnd = new Random(5);
        for (int t = 0; t < 200; t++) {
            int w = 2 + rnd.nextInt(9), h = 2 + rnd.nextInt(9), W = w + rnd.nextInt(60), H = h + rnd.nextInt(60);
            float[] map = new float[w * h];
            for (int i = 0; i < map.length; i++) map[i] = rnd.nextInt(4) == 0 ? 0 : (float) Math.floor(rnd.nextDouble() * 4);
            float[] up = Resize.bilinear(map, h, w, H, W);
            int expected = Ranking.argmax(up);
            boolean flat = true;
            for (float v : map) flat &= v == map[0];
            int got = Placement.whole(w, h, W, H).peak(map);
            if (flat || !(up[expected] > 0)) assertEquals(-1, got);
            else assertEquals(expected, got, "case " + t);
        }
    }
}
