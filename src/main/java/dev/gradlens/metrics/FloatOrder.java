package dev.gradlens.metrics;

import java.util.Arrays;

/**
 * Stable index orders of float arrays without boxing: each (value, index) pair is packed into one
 * long whose natural order is the order wanted, and the longs are sorted as primitives. The order
 * is {@link Float#compare}'s (−0 before +0, NaN last) with equal values in index order, exactly what
 * a stable sort of boxed indices with that comparator gives, at a fraction of the cost (map orders
 * of 50,000 pixels are sorted for every deletion curve and every sanity-check comparison).
 */
public final class FloatOrder {
    private FloatOrder() {
    }

    /** Indices from the smallest value to the largest; equal values keep index order. */
    public static int[] ascending(float[] v) {
        long[] keys = new long[v.length];
        for (int i = 0; i < v.length; i++) keys[i] = ((long) sortable(v[i]) << 32) | i;
        return indices(keys);
    }

    /** Indices from the largest value to the smallest; equal values keep index order. */
    public static int[] descending(float[] v) {
        long[] keys = new long[v.length];
        for (int i = 0; i < v.length; i++) keys[i] = ((long) ~sortable(v[i]) << 32) | i;
        return indices(keys);
    }

    private static int[] indices(long[] keys) {
        Arrays.sort(keys);
        int[] out = new int[keys.length];
        for (int i = 0; i < keys.length; i++) out[i] = (int) keys[i]; // the low 32 bits: the index (≥ 0)
        return out;
    }

    /** An int whose signed order is Float.compare's order of the floats (NaN canonicalised, as Float.compare does). */
    static int sortable(float f) {
        int bits = Float.floatToIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }
}
