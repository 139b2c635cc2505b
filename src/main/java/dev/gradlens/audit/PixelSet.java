package dev.gradlens.audit;

/**
 * A set of an image's pixels (row-major index y · width + x): a box or an exact mask. Regions are
 * pixel sets; the audit needs their area, whether the map's peak is in them, and their pull-back
 * onto the map ({@link Placement}).
 */
public interface PixelSet {
    PixelSet EMPTY = new PixelSet() {
        @Override
        public long area() {
            return 0;
        }

        @Override
        public boolean contains(int index) {
            return false;
        }

        @Override
        public Placement.Pullback pullback(Placement p) {
            return new Placement.Pullback(new double[p.mapWidth() * p.mapHeight()]);
        }

        @Override
        public void addTo(boolean[] mask) {
        }
    };

    long area();

    boolean contains(int index);

    Placement.Pullback pullback(Placement p);

    /** Sets this set's pixels in a row-major mask of the image's size. */
    void addTo(boolean[] mask);

    /** The box [x0, x1) × [y0, y1) of a {@code width × height} image, clipped to it (may be EMPTY). */
    static PixelSet box(int x0, int y0, int x1, int y1, int width, int height) {
        int cx0 = Math.max(0, x0), cy0 = Math.max(0, y0), cx1 = Math.min(width, x1), cy1 = Math.min(height, y1);
        if (cx1 <= cx0 || cy1 <= cy0) return EMPTY;
        return new Box(cx0, cy0, cx1, cy1, width);
    }

    static PixelSet mask(boolean[] mask) {
        long n = 0;
        for (boolean b : mask) if (b) n++;
        return n == 0 ? EMPTY : new Mask(mask, n);
    }

    /** The union of several sets of one {@code width × height} image. */
    static PixelSet union(java.util.List<PixelSet> sets, int width, int height) {
        java.util.List<PixelSet> nonEmpty = sets.stream().filter(s -> s.area() > 0).toList();
        if (nonEmpty.isEmpty()) return EMPTY;
        if (nonEmpty.size() == 1) return nonEmpty.get(0);
        boolean[] m = new boolean[width * height];
        for (PixelSet s : nonEmpty) s.addTo(m);
        return mask(m);
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
        public void addTo(boolean[] mask) {
            for (int y = y0; y < y1; y++) java.util.Arrays.fill(mask, y * width + x0, y * width + x1, true);
        }
    }

    record Mask(boolean[] pixels, long area) implements PixelSet {
        @Override
        public boolean contains(int index) {
            return pixels[index];
        }

        @Override
        public Placement.Pullback pullback(Placement p) {
            return p.mask(pixels);
        }

        @Override
        public void addTo(boolean[] mask) {
            for (int i = 0; i < pixels.length; i++) if (pixels[i]) mask[i] = true;
        }

        /** The complement of this mask (used for the background). */
        Mask complement() {
            boolean[] c = new boolean[pixels.length];
            for (int i = 0; i < c.length; i++) c[i] = !pixels[i];
            return new Mask(c, pixels.length - area);
        }
    }
}
