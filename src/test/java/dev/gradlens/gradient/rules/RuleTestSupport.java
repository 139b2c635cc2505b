package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.RectifierPolicy;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small value makers shared by the rule tests. */
final class RuleTestSupport {
    private RuleTestSupport() {
    }

    static int size(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Math.toIntExact(n);
    }

    /** Gaussian constants, reproducible from {@code seed}. */
    static float[] gaussian(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        return v;
    }

    /** Values of either sign with |v| in [lo, lo + 1): safe divisors. */
    static Function<Random, float[]> awayFromZero(int n, double lo) {
        return rnd -> {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) ((rnd.nextBoolean() ? 1 : -1) * (lo + rnd.nextDouble()));
            return v;
        };
    }

    /** Constants of alternating sign, e.g. upstream weights that make some gradients negative. */
    static float[] mixedSigns(int n, long seed) {
        float[] v = gaussian(n, seed);
        for (int i = 0; i < n; i++) v[i] = (i % 2 == 0 ? 1 : -1) * (0.25f + Math.abs(v[i]));
        return v;
    }

    /**
     * For a model x → f → r → Mul(r, c) → y, compares the built gradient ∂(Σ seed·y)/∂x under
     * {@code policy} with the value computed here from the known upstream gradient u = seed·c:
     * standard u·f'(x), guided ReLU(u)·f'(x), deconvnet ReLU(u); a non-rectifier keeps u·f'(x) under
     * every policy.
     */
    static void assertPolicyGradient(GradientCheck check, RectifierPolicy policy, float[] c, DoubleUnaryOperator fPrime,
                                     boolean rectifier) {
        float[] x = check.value("x");
        int n = x.length;
        float[] seeds = gaussian(2 * n, 1234);
        float[] g = check.gradients(policy, seeds, 2, "x").get("x");
        assertEquals(2 * n, g.length, "two gradient rows");
        int positive = 0, negative = 0;
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < n; i++) {
                float u = seeds[s * n + i] * c[i];
                float d = (float) fPrime.applyAsDouble(x[i]);
                float relu = Math.max(u, 0f);
                float expected = !rectifier || policy == RectifierPolicy.STANDARD ? u * d
                        : policy == RectifierPolicy.GUIDED ? relu * d : relu;
                assertEquals(expected, g[s * n + i], 1e-6f * Math.max(1f, Math.abs(expected)),
                        policy + " seed " + s + " element " + i + " (x=" + x[i] + ", upstream " + u + ")");
                if (u > 0) positive++;
                if (u < 0) negative++;
            }
        }
        // the case is only telling when upstream gradients of both signs reach both sides of the kinks
        assertEquals(true, positive > 0 && negative > 0, "upstream gradients of both signs");
    }
}
