package dev.gradlens.metrics;

/** Area under a curve sampled at evenly spaced fractions 0, 1/S, …, 1: the trapezoidal rule (as RISE's auc()). */
public final class Auc {
    private Auc() {
    }

    public static double trapezoid(float[] curve) {
        int s = curve.length - 1;
        if (s < 1) throw new IllegalArgumentException("a curve needs two points");
        double sum = 0;
        for (float v : curve) sum += v;
        return (sum - (curve[0] + curve[s]) / 2.0) / s;
    }
}
