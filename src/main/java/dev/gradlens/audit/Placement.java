package dev.gradlens.audit;

import java.util.Arrays;

/**
 * A map of {@code mapW × mapH} (a CAM at the layer's resolution) placed on an original image of
 * {@code imageW × imageH} pixels with the documented CAM upsampling ({@link AxisTaps}), without ever
 * materialising the upsampled map: the upsampled map U = Wy · ReLU(M) · Wxᵀ is linear in M, so its mass
 * over any pixel set S is Σ_ab K_S[a,b] · M[a,b] with the set's pull-back K_S = Wyᵀ · 1_S · Wx, computed
 * once per image and region and shared by every method and class (O(h·w) per map instead of O(H·W)).
 * The peak is found exactly by evaluating only the map cells whose corner maximum can still beat the
 * best value seen (a bilinear value never exceeds its four corners).
 */
public final class Placement {
    final AxisTaps xs;
    final AxisTaps ys;
    private final int[][] colRanges;
    private final int[][] rowRanges;

    Placement(AxisTaps xs, AxisTaps ys) {
        this.xs = xs;
        this.ys = ys;
        colRanges = ranges(xs);
        rowRanges = ranges(ys);
    }

    /** The map covers the whole image (stretch resize). */
    public static Placement whole(int mapW, int mapH, int imageW, int imageH) {
        return new Placement(AxisTaps.whole(mapW, imageW), AxisTaps.whole(mapH, imageH));
    }

    /** The map covers {@code seen} (x, y, width, height in image pixels, fractional for a centre crop). */
    public static Placement over(int mapW, int mapH, int imageW, int imageH, double x, double y, double width, double height) {
        return new Placement(new AxisTaps(mapW, imageW, x, width), new AxisTaps(mapH, imageH, y, height));
    }

    public int imageWidth() {
        return xs.imageSize;
    }

    public int imageHeight() {
        return ys.imageSize;
    }

    public int mapWidth() {
        return xs.mapSize;
    }

    public int mapHeight() {
        return ys.mapSize;
    }

    /** For each map index along an axis: the image pixels [from, to) whose first tap it is. */
    private static int[][] ranges(AxisTaps t) {
        int[][] r = new int[t.mapSize][];
        for (int i = 0; i < t.imageSize; i++) {
            int a = t.i0[i];
            if (a < 0) continue;
            if (r[a] == null) r[a] = new int[] {i, i + 1};
            else r[a][1] = i + 1;
        }
        return r;
    }

    /** ReLU of a raw map (NaN → 0), as the display form and the energy share define it. */
    public static float[] relu(float[] raw) {
        float[] r = new float[raw.length];
        for (int i = 0; i < raw.length; i++) r[i] = raw[i] > 0 ? raw[i] : 0;
        return r;
    }

    /** Pull-back of the box [x0, x1) × [y0, y1) (clipped to the image). */
    public Pullback box(int x0, int y0, int x1, int y1) {
        double[] cx = xs.intervalWeights(x0, x1), cy = ys.intervalWeights(y0, y1);
        int w = xs.mapSize, h = ys.mapSize;
        double[] k = new double[w * h];
        for (int a = 0; a < h; a++) {
            if (cy[a] == 0) continue;
            for (int b = 0; b < w; b++) k[a * w + b] = cy[a] * cx[b];
        }
        return new Pullback(k);
    }

    /** Pull-back of the whole image. */
    public Pullback all() {
        return box(0, 0, xs.imageSize, ys.imageSize);
    }

    /**
     * Pull-back of a pixel set given as sorted, disjoint runs [starts[i], ends[i]) of row-major indices:
     * each run is split into its rows; a row's interval weights are gathered, then spread over the (one or
     * two) map rows the image row reads. Cost: the set's pixels plus 2·mapW per touched image row.
     */
    public Pullback runs(int[] starts, int[] ends) {
        int W = xs.imageSize, w = xs.mapSize, h = ys.mapSize;
        double[] k = new double[w * h];
        double[] row = new double[w];
        int currentY = -1;
        for (int i = 0; i < starts.length; i++) {
            int s = starts[i], e = ends[i];
            while (s < e) {
                int y = s / W, rowEnd = Math.min(e, (y + 1) * W);
                if (y != currentY) {
                    fold(k, row, currentY);
                    currentY = y;
                }
                xs.addInterval(row, s - y * W, rowEnd - y * W, 1.0);
                s = rowEnd;
            }
        }
        fold(k, row, currentY);
        return new Pullback(k);
    }

    /** Adds one image row's gathered weights to the map rows it reads, and clears them. */
    private void fold(double[] k, double[] row, int y) {
        if (y < 0) return;
        int w = xs.mapSize, a = ys.i0[y];
        if (a >= 0) {
            double fy = ys.f[y];
            for (int b = 0; b < w; b++) k[a * w + b] += (1 - fy) * row[b];
            if (fy != 0) for (int b = 0; b < w; b++) k[(a + 1) * w + b] += fy * row[b];
        }
        Arrays.fill(row, 0);
    }

    /** The mass of the upsampled (ReLU'd) map inside a pixel set, given the set's pull-back. */
    public static double mass(float[] reluMap, Pullback p) {
        double s = 0;
        double[] k = p.weights();
        for (int i = 0; i < k.length; i++) s += k[i] * reluMap[i];
        return s;
    }

    /**
     * The image pixel (y · imageW + x) where the upsampled ReLU'd map is largest, the first in row-major
     * order on ties (as tensor.Ranking.argmax on the upsampled map); -1 when the map has no peak: no
     * positive value, or constant (no contrast: a uniform map points nowhere).
     */
    public int peak(float[] reluMap) {
        int w = xs.mapSize, h = ys.mapSize;
        if (reluMap.length != w * h) throw new IllegalArgumentException("map has " + reluMap.length + " values, expected " + h + "x" + w);
        boolean flat = true;
        for (float v : reluMap) if (v != reluMap[0]) { flat = false; break; }
        if (flat) return -1;
        int cells = w * h;
        float[] cellMax = new float[cells];
        int top = 0;
        for (int a = 0; a < h; a++) {
            int a1 = Math.min(a + 1, h - 1);
            for (int b = 0; b < w; b++) {
                int b1 = Math.min(b + 1, w - 1);
                cellMax[a * w + b] = Math.max(Math.max(reluMap[a * w + b], reluMap[a * w + b1]), Math.max(reluMap[a1 * w + b], reluMap[a1 * w + b1]));
                if (cellMax[a * w + b] > cellMax[top]) top = a * w + b;
            }
        }
        // The cell around the map's maximum first gives a high lower bound; then one pass over the rest
        // skips every cell whose corners cannot reach it (a skipped cell's values are all below the
        // best at that moment, so not even a tie is lost).
        float[] best = {Float.NEGATIVE_INFINITY};
        int[] bestIdx = {Integer.MAX_VALUE};
        evaluate(reluMap, top, best, bestIdx);
        for (int c = 0; c < cells; c++) {
            if (c == top || cellMax[c] < best[0]) continue;
            evaluate(reluMap, c, best, bestIdx);
        }
        return best[0] > 0 ? bestIdx[0] : -1;
    }

    /** Evaluates every image pixel whose first taps are map cell {@code c}, keeping the first maximum. */
    private void evaluate(float[] reluMap, int c, float[] best, int[] bestIdx) {
        int w = xs.mapSize, W = xs.imageSize;
        int a = c / w, b = c % w;
        int[] rows = rowRanges[a], cols = colRanges[b];
        if (rows == null || cols == null) return;
        for (int y = rows[0]; y < rows[1]; y++) {
            double fy = ys.f[y];
            for (int x = cols[0]; x < cols[1]; x++) {
                float v = value(reluMap, w, a, b, x, fy);
                int idx = y * W + x;
                if (v > best[0] || (v == best[0] && idx < bestIdx[0])) {
                    best[0] = v;
                    bestIdx[0] = idx;
                }
            }
        }
    }

    /** The whole upsampled ReLU'd map on the image (0 where the model saw nothing), row-major. */
    public float[] render(float[] reluMap) {
        int W = xs.imageSize, H = ys.imageSize, w = xs.mapSize;
        float[] out = new float[W * H];
        for (int y = 0; y < H; y++) {
            int a = ys.i0[y];
            if (a < 0) continue;
            for (int x = 0; x < W; x++) {
                int b = xs.i0[x];
                if (b >= 0) out[y * W + x] = value(reluMap, w, a, b, x, ys.f[y]);
            }
        }
        return out;
    }

    /** One upsampled value with the exact arithmetic of imaging.Resample.apply (horizontal pass, then vertical, in double). */
    private float value(float[] m, int w, int a, int b, int x, double fy) {
        double fx = xs.f[x];
        double wx0 = 1 - fx;
        double r0 = row(m, w, a, b, wx0, fx);
        double acc = 0;
        double wy0 = 1 - fy;
        if (wy0 != 0) acc += wy0 * r0;
        if (fy != 0) acc += fy * row(m, w, a + 1, b, wx0, fx);
        return (float) acc;
    }

    private static double row(float[] m, int w, int a, int b, double wx0, double fx) {
        double acc = 0;
        if (wx0 != 0) acc += wx0 * m[a * w + b];
        if (fx != 0) acc += fx * m[a * w + b + 1];
        return acc;
    }

    /** The pull-back of a pixel set: weights over the map's cells (mapH × mapW, row-major). */
    public record Pullback(double[] weights) {
        /** The pull-back of {@code this} minus {@code other} (a set minus a subset of it). */
        public Pullback minus(Pullback other) {
            double[] k = weights.clone();
            for (int i = 0; i < k.length; i++) k[i] -= other.weights[i];
            return new Pullback(k);
        }
    }
}
