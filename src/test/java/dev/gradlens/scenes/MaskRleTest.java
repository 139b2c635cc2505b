package dev.gradlens.scenes;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MaskRleTest {
    @Test
    void documentedExample() {
        boolean[] m = new boolean[8];
        m[1] = m[2] = m[6] = true; // (1,0), (2,0), (2,1) of a 4x2 image
        assertArrayEquals(new int[] {1, 2, 3, 1, 1}, MaskRle.encode(m));
        assertArrayEquals(new int[] {1, 0, 2, 2}, MaskRle.box(m, 4, 2));
        assertEquals(3, MaskRle.count(m));
    }

    @Test
    void startsWithBackgroundRunEvenWhenFirstPixelIsSet() {
        boolean[] m = {true, true, false};
        assertArrayEquals(new int[] {0, 2, 1}, MaskRle.encode(m));
        assertArrayEquals(m, MaskRle.decode(new int[] {0, 2, 1}, 3));
    }

    @Test
    void roundTripsRandomMasks() {
        Random r = new Random(3);
        for (int t = 0; t < 50; t++) {
            boolean[] m = new boolean[r.nextInt(200) + 1];
            for (int i = 0; i < m.length; i++) m[i] = r.nextInt(3) == 0;
            int[] counts = MaskRle.encode(m);
            int sum = 0;
            for (int c : counts) sum += c;
            assertEquals(m.length, sum);
            assertArrayEquals(m, MaskRle.decode(counts, m.length));
        }
    }

    @Test
    void emptyMaskHasNoBoxAndBadCountsAreRejected() {
        assertNull(MaskRle.box(new boolean[6], 3, 2));
        assertThrows(IllegalArgumentException.class, () -> MaskRle.decode(new int[] {2, 2}, 5));
        assertThrows(IllegalArgumentException.class, () -> MaskRle.decode(new int[] {4, 2}, 5));
    }
}
