package dev.gradlens.gradient.rules;

import java.util.Random;
import java.util.function.Function;

/** Input value generators for finite-difference checks of ops with kinks or restricted domains. */
final class Inputs {
    private Inputs() {
    }

    /** n values uniform in [lo, hi], each at least {@code margin} away from every kink. */
    static Function<Random, float[]> avoiding(int n, double lo, double hi, double margin, double... kinks) {
        return rnd -> {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                double x;
                boolean near;
                do {
                    x = lo + (hi - lo) * rnd.nextDouble();
                    near = false;
                    for (double k : kinks) near |= Math.abs(x - k) < margin;
                } while (near);
                v[i] = (float) x;
            }
            return v;
        };
    }

    /** n values uniform in [lo, hi]. */
    static Function<Random, float[]> uniform(int n, double lo, double hi) {
        return avoiding(n, lo, hi, 0);
    }

    static int size(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Math.toIntExact(n);
    }

    static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rnd.nextGaussian();
        return v;
    }
}
