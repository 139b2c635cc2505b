package dev.gradlens.scenes;

/**
 * SplitMix64: a tiny, fully specified PRNG so that scenes are byte-identical for a seed on every JVM
 * (java.util.SplittableRandom's algorithm is an implementation detail). Math uses {@link StrictMath}.
 */
final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** The independent stream {@code stream} of scene {@code index} of a data set with seed {@code seed}. */
    static Rng forScene(long seed, long index, long stream) {
        return new Rng(mix(mix(mix(seed) + index * GOLDEN) ^ (stream * 0xD1B54A32D192ED03L)));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, n). */
    int nextInt(int n) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive");
        return (int) Math.floorMod(nextLong(), (long) n);
    }

    /** Uniform integer in [lo, hi] (both inclusive). */
    int range(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    double gaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    <T> T pick(java.util.List<T> list) {
        return list.get(nextInt(list.size()));
    }

    /** An opaque colour from hue/saturation/value ranges (each in [0,1]). */
    int hsv(double hLo, double hHi, double sLo, double sHi, double vLo, double vHi) {
        return hsvToRgb(uniform(hLo, hHi), uniform(sLo, sHi), uniform(vLo, vHi));
    }

    static int hsvToRgb(double h, double s, double v) {
        h = h - StrictMath.floor(h);
        double hh = h * 6.0;
        int i = (int) hh;
        double f = hh - i;
        double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
        double r, g, b;
        switch (i % 6) {
            case 0 -> { r = v; g = t; b = p; }
            case 1 -> { r = q; g = v; b = p; }
            case 2 -> { r = p; g = v; b = t; }
            case 3 -> { r = p; g = q; b = v; }
            case 4 -> { r = t; g = p; b = v; }
            default -> { r = v; g = p; b = q; }
        }
        return 0xFF000000 | (clamp8(r * 255) << 16) | (clamp8(g * 255) << 8) | clamp8(b * 255);
    }

    static int clamp8(double v) {
        long r = StrictMath.round(v);
        return r < 0 ? 0 : r > 255 ? 255 : (int) r;
    }
}
