package dev.gradlens.dataset;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Mask helpers for the readers. Masks are stored as the scene generator's {@code rle-rowmajor}
 * run lengths ({@link dev.gradlens.scenes.MaskRle#encode}): row-major over the whole image,
 * alternating outside/inside, starting with an outside run (possibly 0).
 */
final class Masks {
    private Masks() {
    }

    /** {x0, y0, x1, y1} (x1, y1 exclusive) of the set pixels, or null when none is set. */
    static int[] box(boolean[] mask, int width) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) continue;
            int x = i % width, y = i / width;
            x0 = Math.min(x0, x);
            y0 = Math.min(y0, y);
            x1 = Math.max(x1, x);
            y1 = Math.max(y1, y);
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1 + 1, y1 + 1};
    }

    /** A mask PNG (any image ImageIO reads): non-zero in any band = inside. */
    static boolean[] readPng(Path file, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) throw new IOException("the mask " + file.getFileName() + " is not a readable image");
        if (img.getWidth() != width || img.getHeight() != height) {
            throw new IOException("the mask " + file.getFileName() + " is " + img.getWidth() + "×" + img.getHeight()
                    + " but the image is " + width + "×" + height);
        }
        Raster r = img.getRaster();
        boolean[] mask = new boolean[width * height];
        int[] px = new int[r.getNumBands()];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                r.getPixel(x, y, px);
                for (int v : px) if (v != 0) {
                    mask[y * width + x] = true;
                    break;
                }
            }
        }
        return mask;
    }

    /** Filled polygons (COCO's [x1, y1, x2, y2, ...] lists, pixel corners at integer coordinates). */
    static boolean[] polygons(List<double[]> polys, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        for (double[] p : polys) {
            if (p.length < 6) continue;
            Path2D.Double path = new Path2D.Double();
            path.moveTo(p[0], p[1]);
            for (int i = 2; i + 1 < p.length; i += 2) path.lineTo(p[i], p[i + 1]);
            path.closePath();
            g.fill(path);
        }
        g.dispose();
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        boolean[] mask = new boolean[width * height];
        for (int i = 0; i < mask.length; i++) mask[i] = data[i] != 0;
        return mask;
    }

    /**
     * COCO's run lengths are column-major (pixel index = x * height + y); this reorders them into a
     * row-major mask.
     */
    static boolean[] fromColumnMajorCounts(int[] counts, int width, int height) {
        boolean[] mask = new boolean[width * height];
        int p = 0;
        boolean v = false;
        for (int c : counts) {
            if (c < 0 || p + c > mask.length) throw new IllegalArgumentException("RLE counts exceed " + mask.length + " pixels");
            if (v) for (int i = p; i < p + c; i++) mask[(i % height) * width + i / height] = true;
            p += c;
            v = !v;
        }
        return mask;
    }

    /**
     * Decodes COCO's compressed RLE string (pycocotools' rleFrString): each count is a little-endian
     * base-32 number of 5-bit groups in chars offset by 48, bit 0x20 meaning "more groups follow" and
     * the last group's 0x10 bit its sign; counts after the second are stored as a difference from the
     * count two before.
     */
    static int[] cocoCounts(String s) {
        int[] counts = new int[s.length()];
        int m = 0, p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= s.length()) throw new IllegalArgumentException("truncated RLE string");
                int c = s.charAt(p) - 48;
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
            }
            if (m > 2) x += counts[m - 2];
            counts[m++] = (int) x;
        }
        return Arrays.copyOf(counts, m);
    }
}
