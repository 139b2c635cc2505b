package dev.gradlens.tensor;

import java.util.Arrays;

/** Class indices ordered by score: the top-1 and top-k every part of GradLens reports. */
public final class Ranking {
    private Ranking() {
    }

    /** Indices of the k largest values, largest first (ties: lower index first). */
    public static int[] top(float[] v, int k) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (x, y) -> v[x] != v[y] ? Float.compare(v[y], v[x]) : Integer.compare(x, y));
        int n = Math.min(k, v.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = idx[i];
        return out;
    }

    /** All indices, largest value first. */
    public static int[] all(float[] v) {
        return top(v, v.length);
    }

    /** Index of the largest value (the first one on ties). */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
