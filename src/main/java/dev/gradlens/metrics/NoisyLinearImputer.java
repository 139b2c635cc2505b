package dev.gradlens.metrics;

import java.util.Random;

/**
 * ROAD's noisy linear imputation (Rong et al. 2022, §4.2): every removed pixel takes the weighted
 * mean of its eight neighbours, weight 1/6 for the four direct ones and 1/12 for the diagonals,
 * renormalised over the neighbours that lie inside the image. Removed neighbours are unknowns too,
 * so the removed values solve one sparse linear system per channel:
 * <pre>  W_i·x_i − Σ_{j removed} w_ij·x_j = Σ_{j kept} w_ij·x_j,   W_i = Σ_{j inside} w_ij</pre>
 * (symmetric, diagonally dominant, positive definite as long as one pixel is kept: solved by
 * conjugate gradients to a relative residual of 1e-10). Gaussian noise of standard deviation
 * {@code noise} (in the model's normalised input) is then added to the imputed values, which hides
 * the removal pattern from the model.
 */
public final class NoisyLinearImputer {
    private static final int[][] OFFSETS = {{-1, -1}, {-1, 0}, {-1, 1}, {0, -1}, {0, 1}, {1, -1}, {1, 0}, {1, 1}};
    private static final double DIRECT = 1.0 / 6, DIAGONAL = 1.0 / 12;

    private final double noise;

    public NoisyLinearImputer(double noise) {
        this.noise = noise;
    }

    /**
     * The image with the pixels in {@code removed} (flags per pixel) imputed in every channel.
     * At least one pixel must be kept.
     */
    public float[] impute(float[] input, InputSpace space, boolean[] removed, Random rnd) {
        return imputeAll(input, space, java.util.List.of(removed), rnd, false).get(0);
    }

    /**
     * One imputed image per removal pattern, the same values as {@link #impute} called for each pattern in turn with
     * the same {@code rnd}: the noise is drawn first, in that order (pattern, channel, pixel), and the linear systems
     * (one per pattern and channel, independent) are then solved on all cores. ROAD's 18 images × 3 channels were
     * solved one after another (7.6 s per map on the teaching model, docs/performance.md).
     */
    public java.util.List<float[]> imputeAll(float[] input, InputSpace space, java.util.List<boolean[]> removed, Random rnd) {
        return imputeAll(input, space, removed, rnd, true);
    }

    private java.util.List<float[]> imputeAll(float[] input, InputSpace space, java.util.List<boolean[]> removed, Random rnd, boolean parallel) {
        int channels = space.channels();
        java.util.List<LinearSystem> systems = new java.util.ArrayList<>();
        for (boolean[] gone : removed) systems.add(new LinearSystem(space, gone));
        double[][][] noiseOf = new double[systems.size()][channels][];
        for (int i = 0; i < systems.size(); i++) {
            int m = systems.get(i).unknown.length;
            for (int c = 0; c < channels; c++) {
                double[] z = new double[m];
                if (noise > 0) for (int k = 0; k < m; k++) z[k] = noise * rnd.nextGaussian();
                noiseOf[i][c] = z;
            }
        }
        java.util.List<float[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < systems.size(); i++) out.add(input.clone());
        java.util.stream.IntStream tasks = java.util.stream.IntStream.range(0, systems.size() * channels);
        (parallel ? tasks.parallel() : tasks).forEach(t -> {
            int i = t / channels, c = t % channels;
            systems.get(i).solveInto(input, space, c, noiseOf[i][c], out.get(i));
        });
        return out;
    }

    /** The sparse system of one removal pattern (the same for every channel). */
    private static final class LinearSystem {
        final int[] unknown;
        final int[] nbSlot, nbPixel;
        final double[] nbWeight, diag;

        LinearSystem(InputSpace space, boolean[] removed) {
            int h = space.height(), w = space.width(), n = h * w;
            int[] unknown = new int[n];
            int m = 0;
            int[] slot = new int[n];
            java.util.Arrays.fill(slot, -1);
            for (int p = 0; p < n; p++) if (removed[p]) {
                slot[p] = m;
                unknown[m++] = p;
            }
            if (m == n) throw new IllegalArgumentException("ROAD imputation needs at least one kept pixel");
            this.unknown = java.util.Arrays.copyOf(unknown, m);
            // Sparse rows: for unknown k, neighbours (unknown slot or −1) with weights, and the diagonal.
            nbSlot = new int[m * 8];
            nbPixel = new int[m * 8];
            nbWeight = new double[m * 8];
            diag = new double[m];
            for (int k = 0; k < m; k++) {
                int p = unknown[k], y = p / w, x = p % w;
                for (int o = 0; o < 8; o++) {
                    int yy = y + OFFSETS[o][0], xx = x + OFFSETS[o][1];
                    int idx = k * 8 + o;
                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                        nbWeight[idx] = 0;
                        nbSlot[idx] = -1;
                        nbPixel[idx] = -1;
                        continue;
                    }
                    double wt = OFFSETS[o][0] == 0 || OFFSETS[o][1] == 0 ? DIRECT : DIAGONAL;
                    int q = yy * w + xx;
                    nbWeight[idx] = wt;
                    nbPixel[idx] = q;
                    nbSlot[idx] = slot[q];
                    diag[k] += wt;
                }
            }
        }

        /** Channel c's removed values, solved, plus their noise, written into {@code out}. */
        void solveInto(float[] input, InputSpace space, int c, double[] noise, float[] out) {
            int m = unknown.length;
            if (m == 0) return;
            double[] b = new double[m];
            for (int k = 0; k < m; k++) {
                double s = 0;
                for (int o = 0; o < 8; o++) {
                    int idx = k * 8 + o;
                    if (nbPixel[idx] >= 0 && nbSlot[idx] < 0) s += nbWeight[idx] * input[space.index(c, nbPixel[idx])];
                }
                b[k] = s;
            }
            double[] x = conjugateGradient(b, diag, nbSlot, nbWeight);
            for (int k = 0; k < m; k++) out[space.index(c, unknown[k])] = (float) (x[k] + noise[k]);
        }
    }

    private static void multiply(double[] v, double[] diag, int[] nbSlot, double[] nbWeight, double[] out) {
        for (int k = 0; k < v.length; k++) {
            double s = diag[k] * v[k];
            for (int o = 0; o < 8; o++) {
                int j = nbSlot[k * 8 + o];
                if (j >= 0) s -= nbWeight[k * 8 + o] * v[j];
            }
            out[k] = s;
        }
    }

    static double[] conjugateGradient(double[] b, double[] diag, int[] nbSlot, double[] nbWeight) {
        int m = b.length;
        double[] x = new double[m];
        for (int k = 0; k < m; k++) x[k] = b[k] / diag[k]; // Jacobi start
        double[] r = new double[m], ap = new double[m], z = new double[m], p = new double[m];
        multiply(x, diag, nbSlot, nbWeight, ap);
        double bn = 0;
        for (int k = 0; k < m; k++) {
            r[k] = b[k] - ap[k];
            bn += b[k] * b[k];
        }
        double tol = 1e-20 * Math.max(bn, 1e-30); // (1e-10 relative)²
        for (int k = 0; k < m; k++) {
            z[k] = r[k] / diag[k]; // Jacobi preconditioner
            p[k] = z[k];
        }
        double rz = dot(r, z);
        for (int it = 0; it < 10 * m + 100 && dot(r, r) > tol; it++) {
            multiply(p, diag, nbSlot, nbWeight, ap);
            double alpha = rz / dot(p, ap);
            for (int k = 0; k < m; k++) {
                x[k] += alpha * p[k];
                r[k] -= alpha * ap[k];
                z[k] = r[k] / diag[k];
            }
            double rzNew = dot(r, z);
            double beta = rzNew / rz;
            rz = rzNew;
            for (int k = 0; k < m; k++) p[k] = z[k] + beta * p[k];
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
