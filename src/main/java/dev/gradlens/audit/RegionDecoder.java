package dev.gradlens.audit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns a {@code regions} row into pixels. Masks are run lengths (little-endian int32, alternating
 * outside/inside, starting outside, row-major over the original image: the scene generator's
 * {@code rle-rowmajor}, see scenes.MaskRle), kept as runs. A mask that does not cover exactly the image's
 * pixels, an empty mask or an empty box is not an error for the audit: the region is skipped and the
 * reason recorded, so one bad annotation cannot stop an audit of 10,000 images.
 */
public final class RegionDecoder {
    /** Which pixels stand for a region that has a mask: the mask itself (default) or its stored box. */
    public enum Shape {
        MASK, BOX;

        public static Shape parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "mask" -> MASK;
                case "box" -> BOX;
                default -> throw new dev.gradlens.GradLensException("Unknown region shape '" + s + "': use mask or box");
            };
        }
    }

    private RegionDecoder() {
    }

    /**
     * The region's pixels on a {@code width × height} image, or null when it is skipped (the reason goes
     * to {@code notes}, {@code where} names the image).
     */
    public static PixelSet decode(String name, int x0, int y0, int x1, int y1, byte[] mask, int width, int height,
                                  Shape shape, Notes notes, String where) {
        if (mask == null || shape == Shape.BOX) {
            PixelSet box = PixelSet.box(x0, y0, x1, y1, width, height);
            if (box.area() == 0) {
                notes.add("empty region box skipped", where + ": " + name + " box [" + x0 + "," + y0 + ")-(" + x1 + "," + y1 + ") covers no pixel of the " + width + "x" + height + " image");
                return null;
            }
            return box;
        }
        if (mask.length % 4 != 0) {
            notes.add("unreadable region mask skipped", where + ": " + name + " mask has " + mask.length + " bytes, not a whole number of int32 counts");
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(mask).order(ByteOrder.LITTLE_ENDIAN);
        int[] counts = new int[mask.length / 4];
        long covered = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = b.getInt();
            if (counts[i] < 0) {
                notes.add("unreadable region mask skipped", where + ": " + name + " mask has a negative run length");
                return null;
            }
            covered += counts[i];
        }
        long pixels = (long) width * height;
        if (covered != pixels) {
            notes.add("region mask of the wrong size skipped", where + ": " + name + " mask covers " + covered + " pixels, the image has " + width + "x" + height + " = " + pixels);
            return null;
        }
        PixelSet set = PixelSet.fromCounts(counts, width);
        if (set.area() == 0) {
            notes.add("empty region mask skipped", where + ": " + name + " mask has no pixel set");
            return null;
        }
        return set;
    }
}
