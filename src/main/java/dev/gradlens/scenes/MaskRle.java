package dev.gradlens.scenes;

import java.util.Arrays;

/**
 * The run-length encoding of the scene masks ({@code "encoding": "rle-rowmajor"}): {@code counts} are the lengths of
 * alternating runs of 0 (background) and 1 (object) pixels in row-major order (pixel index = y * width + x), starting
 * with a background run (which may be 0); the counts add up to width * height. Example: a 4x2 image whose pixels
 * (1,0), (2,0) and (2,1) are set is {@code [1, 2, 3, 1, 1]}.
 */
public final class MaskRle {
    public static final String ENCODING = "rle-rowmajor";

    private MaskRle() {
    }

    public static int[] encode(boolean[] mask) {
        int[] runs = new int[mask.length + 1];
        int n = 0;
        boolean current = false;
        int run = 0;
        for (boolean m : mask) {
            if (m == current) {
                run++;
            } else {
                runs[n++] = run;
                current = m;
                run = 1;
            }
        }
        runs[n++] = run;
        return Arrays.copyOf(runs, n);
    }

    public static boolean[] decode(int[] counts, int pixels) {
        boolean[] mask = new boolean[pixels];
        int p = 0;
        boolean v = false;
        for (int c : counts) {
            if (c < 0 || p + c > pixels) throw new IllegalArgumentException("RLE counts exceed " + pixels + " pixels");
            if (v) Arrays.fill(mask, p, p + c, true);
            p += c;
            v = !v;
        }
        if (p != pixels) throw new IllegalArgumentException("RLE counts cover " + p + " of " + pixels + " pixels");
        return mask;
    }

    /** {x, y, w, h} of the set pixels of a row-major mask, or null when it is empty. */
    public static int[] box(boolean[] mask, int width, int height) {
        int x0 = width, y0 = height, x1 = -1, y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (mask[y * width + x]) {
                    if (x < x0) x0 = x;
                    if (x > x1) x1 = x;
                    if (y < y0) y0 = y;
                    if (y > y1) y1 = y;
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    public static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) if (b) n++;
        return n;
    }
}
