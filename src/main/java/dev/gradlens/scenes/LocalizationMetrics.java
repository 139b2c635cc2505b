package dev.gradlens.scenes;

import dev.gradlens.tensor.Ranking;

import java.util.ArrayDeque;

/**
 * How well a saliency map (already upsampled to the scene, row-major, non-negative) points at known
 * objects. Pure functions; the scene generator's masks are the ground truth.
 */
public final class LocalizationMetrics {
    /** Grad-CAM paper §4.1: the map is thresholded at 15 % of its maximum before taking a box. */
    public static final double BOX_THRESHOLD = 0.15;

    private LocalizationMetrics() {
    }

    /** Position (x, y) of the map's maximum (the first one in row-major order on ties). */
    public static int[] argmax(float[] map, int width) {
        int best = Ranking.argmax(map);
        return new int[] {best % width, best / width};
    }

    /**
     * Pointing game (Zhang et al., ECCV 2016): a hit when the map's maximum lies within
     * {@code tolerance} pixels of a pixel of the object mask. A map with no positive value never hits.
     */
    public static boolean pointingHit(float[] map, int width, int height, boolean[] mask, int tolerance) {
        int[] p = argmax(map, width);
        if (!(map[p[1] * width + p[0]] > 0)) return false;
        int t2 = tolerance * tolerance;
        for (int y = Math.max(0, p[1] - tolerance); y <= Math.min(height - 1, p[1] + tolerance); y++) {
            for (int x = Math.max(0, p[0] - tolerance); x <= Math.min(width - 1, p[0] + tolerance); x++) {
                int dx = x - p[0], dy = y - p[1];
                if (dx * dx + dy * dy <= t2 && mask[y * width + x]) return true;
            }
        }
        return false;
    }

    /** The pointing-game tolerance scaled from the 15 px used at 224 px to a scene of {@code side} px. */
    public static int tolerance(int side) {
        return Math.max(1, (int) Math.round(15.0 * side / 224.0));
    }

    /** Fraction of the map's total mass (sum of positive values) inside {@code region}. 0 for an empty map. */
    public static double massInside(float[] map, boolean[] region) {
        double inside = 0, total = 0;
        for (int i = 0; i < map.length; i++) {
            double v = Math.max(0, map[i]);
            total += v;
            if (region[i]) inside += v;
        }
        return total > 0 ? inside / total : 0;
    }

    /**
     * Grad-CAM's weakly supervised box: the bounding box {x, y, w, h} of the largest 4-connected
     * segment of pixels at or above {@link #BOX_THRESHOLD} of the maximum; null for a map without a
     * positive value.
     */
    public static int[] thresholdBox(float[] map, int width, int height) {
        float max = 0;
        for (float v : map) max = Math.max(max, v);
        if (!(max > 0)) return null;
        float cut = (float) (BOX_THRESHOLD * max);
        int[] label = new int[map.length];
        int[] best = null;
        int bestSize = 0, next = 1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < map.length; start++) {
            if (label[start] != 0 || map[start] < cut) continue;
            int id = next++, size = 0, x0 = width, y0 = height, x1 = -1, y1 = -1;
            label[start] = id;
            queue.add(start);
            while (!queue.isEmpty()) {
                int i = queue.poll(), x = i % width, y = i / width;
                size++;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x);
                y1 = Math.max(y1, y);
                int[] nb = {x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1};
                for (int n : nb) {
                    if (n >= 0 && label[n] == 0 && map[n] >= cut) {
                        label[n] = id;
                        queue.add(n);
                    }
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
            }
        }
        return best;
    }

    /** Intersection over union of two boxes {x, y, w, h}. */
    public static double iou(int[] a, int[] b) {
        int ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
        int iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
        double inter = (double) ix * iy;
        double union = (double) a[2] * a[3] + (double) b[2] * b[3] - inter;
        return union > 0 ? inter / union : 0;
    }

    /**
     * The pointing game as the teaching models' cards report it: a hit when the map's maximum lies in
     * the object's box {x, y, w, h} grown by {@code tolerance} px on every side.
     */
    public static boolean pointingHitBox(float[] map, int width, int[] box, int tolerance) {
        int[] p = argmax(map, width);
        if (!(map[p[1] * width + p[0]] > 0)) return false;
        return p[0] >= box[0] - tolerance && p[0] < box[0] + box[2] + tolerance
                && p[1] >= box[1] - tolerance && p[1] < box[1] + box[3] + tolerance;
    }

    /** Fraction of the map's positive mass inside a box {x, y, w, h} (clipped to the map). */
    public static double massInsideBox(float[] map, int width, int height, int[] box) {
        boolean[] region = new boolean[map.length];
        for (int y = Math.max(0, box[1]); y < Math.min(height, box[1] + box[3]); y++)
            for (int x = Math.max(0, box[0]); x < Math.min(width, box[0] + box[2]); x++) region[y * width + x] = true;
        return massInside(map, region);
    }
}
