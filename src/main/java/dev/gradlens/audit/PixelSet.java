package dev.gradlens.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of an image's pixels (row-major index y · width + x): a box or exact runs of pixels. Regions
 * are pixel sets; the audit needs their area, whether the map's peak is in them, and their pull-back
 * onto the map ({@link Placement}). Masks stay as runs (never a W × H array), so a region costs its
 * outline, not its image.
 */
public interface PixelSet {
    PixelSet EMPTY = new Runs(new int[0], new int[0], 1);

    long area();

    boolean contains(int index);

    Placement.Pullback pullback(Placement p);

    /** The set as sorted, disjoint runs [start, end) of row-major indices. */
    Runs runs();

    /** The box [x0, x1) × [y0, y1) of a {@code width × height} image, clipped to it (may be EMPTY). */
    static PixelSet box(int x0, int y0, int x1, int y1, int width, int height) {
        int cx0 = Math.max(0, x0), cy0 = Math.max(0, y0), cx1 = Math.min(width, x1), cy1 = Math.min(height, y1);
        if (cx1 <= cx0 || cy1 <= cy0) return EMPTY;
        return new Box(cx0, cy0, cx1, cy1, width);
    }

    /** A row-major pixel mask of an image {@code width} pixels wide. */
    static PixelSet mask(boolean[] mask, int width) {
        List<int[]> r = new ArrayList<>();
        int i = 0;
        while (i < mask.length) {
            if (!mask[i]) {
                i++;
                continue;
            }
            int s = i;
            while (i < mask.length && mask[i]) i++;
            r.add(new int[] {s, i});
        }
        return Runs.of(r, width);
    }

    /**
     * Run-length counts over the image in row-major order, alternating outside/inside and starting
     * outside ({@code rle-rowmajor}); the caller has checked that they add up to the image's pixels.
     */
    static PixelSet fromCounts(int[] counts, int width) {
        List<int[]> r = new ArrayList<>();
        int p = 0;
        for (int k = 0; k < counts.length; k++) {
            if (k % 2 == 1 && counts[k] > 0) r.add(new int[] {p, p + counts[k]});
            p += counts[k];
        }
        return Runs.of(r, width);
    }

    /** The union of several sets of one image {@code width} pixels wide. */
    static PixelSet union(List<PixelSet> sets, int width) {
        List<PixelSet> nonEmpty = sets.stream().filter(s -> s.area() > 0).toList();
        if (nonEmpty.isEmpty()) return EMPTY;
        if (nonEmpty.size() == 1) return nonEmpty.get(0);
        List<int[]> all = new ArrayList<>();
        for (PixelSet s : nonEmpty) {
            Runs r = s.runs();
            for (int i = 0; i < r.starts.length; i++) all.add(new int[] {r.starts[i], r.ends[i]});
        }
        all.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : all) {
            if (!merged.isEmpty() && r[0] <= merged.get(merged.size() - 1)[1]) {
                int[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new int[] {r[0], r[1]});
            }
        }
        return Runs.of(merged, width);
    }

    record Box(int x0, int y0, int x1, int y1, int width) implements PixelSet {
        @Override
        public long area() {
            return (long) (x1 - x0) * (y1 - y0);
        }

        @Override
        public boolean contains(int index) {
            int x = index % width, y = index / width;
            return x >= x0 && x < x1 && y >= y0 && y < y1;
        }

        @Override
        public Placement.Pullback pullback(Placement p) {
            return p.box(x0, y0, x1, y1);
        }

        @Override
        public Runs runs() {
            int h = y1 - y0;
            int[] s = new int[h], e = new int[h];
            for (int y = y0; y < y1; y++) {
                s[y - y0] = y * width + x0;
                e[y - y0] = y * width + x1;
            }
            return new Runs(s, e, width);
        }
    }

    /** Sorted, disjoint runs [starts[i], ends[i]) of row-major pixel indices. */
    final class Runs implements PixelSet {
        final int[] starts;
        final int[] ends;
        final int width;
        private final long area;

        Runs(int[] starts, int[] ends, int width) {
            this.starts = starts;
            this.ends = ends;
            this.width = width;
            long a = 0;
            for (int i = 0; i < starts.length; i++) a += ends[i] - starts[i];
            this.area = a;
        }

        static PixelSet of(List<int[]> runs, int width) {
            if (runs.isEmpty()) return EMPTY;
            int[] s = new int[runs.size()], e = new int[runs.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = runs.get(i)[0];
                e[i] = runs.get(i)[1];
            }
            return new Runs(s, e, width);
        }

        @Override
        public long area() {
            return area;
        }

        @Override
        public boolean contains(int index) {
            int k = Arrays.binarySearch(starts, index);
            if (k >= 0) return true;
            int before = -k - 2;
            return before >= 0 && index < ends[before];
        }

        @Override
        public Placement.Pullback pullback(Placement p) {
            return p.runs(starts, ends);
        }

        @Override
        public Runs runs() {
            return this;
        }
    }
}
