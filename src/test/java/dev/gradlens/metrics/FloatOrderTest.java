package dev.gradlens.metrics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The packed primitive sort gives exactly the order of a stable sort of boxed indices with
 * Float.compare (the comparator the metrics used before): ties in index order, −0 before +0, NaN
 * last, on arrays full of repeated values.
 */
class FloatOrderTest {
    private static int[] boxed(float[] v, boolean descending) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> descending ? Float.compare(v[b], v[a]) : Float.compare(v[a], v[b])); // merge sort: stable
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sameOrderAsAStableBoxedSort() {
        Random r = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            float[] v = new float[1 + r.nextInt(3000)];
            for (int i = 0; i < v.length; i++) {
                int k = r.nextInt(10);
                v[i] = k == 0 ? 0f : k == 1 ? -0f : k == 2 ? Float.NaN : k == 3 ? Float.NEGATIVE_INFINITY : k == 4 ? 1.5f : (float) r.nextGaussian();
            }
            assertArrayEquals(boxed(v, false), FloatOrder.ascending(v), "ascending, trial " + trial);
            assertArrayEquals(boxed(v, true), FloatOrder.descending(v), "descending, trial " + trial);
        }
    }

    @Test
    void handWorkedCase() {
        float[] v = {0.5f, 2f, 0.5f, -1f, 2f};
        assertArrayEquals(new int[] {1, 4, 0, 2, 3}, FloatOrder.descending(v));
        assertArrayEquals(new int[] {3, 0, 2, 1, 4}, FloatOrder.ascending(v));
    }
}
