package dev.gradlens.explain;

/** Softmax of class scores, computed in double with the maximum subtracted. */
public final class Softmax {
    private Softmax() {
    }

    /** softmax(scores[offset .. offset + n)). */
    public static double[] of(float[] scores, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, scores[offset + i]);
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(scores[offset + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) p[i] /= sum;
        return p;
    }

    /** Probabilities as floats. */
    public static float[] probabilities(float[] scores) {
        double[] p = of(scores, 0, scores.length);
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) out[i] = (float) p[i];
        return out;
    }
}
