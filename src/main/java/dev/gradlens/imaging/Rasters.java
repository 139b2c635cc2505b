package dev.gradlens.imaging;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Decoded AWT images to {@link RgbImage}, reading raster samples wherever ImageIO's own colour
 * conversion would change them: getRGB treats grey PNGs as *linear* grey and brightens mid-tones
 * (159 becomes 207), while Pillow, browsers and training pipelines use the stored value.
 * Transparent pixels are composited on white.
 */
final class Rasters {
    private Rasters() {
    }

    /** What a conversion found worth telling the user. */
    static final class Findings {
        boolean transparency;
        boolean ignoredProfile;
    }

    static RgbImage toRgb(BufferedImage img, Findings found) {
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        int csType = cm.getColorSpace().getType();
        boolean integerSamples = r.getTransferType() == DataBuffer.TYPE_BYTE || r.getTransferType() == DataBuffer.TYPE_USHORT;
        if (cm instanceof IndexColorModel icm) return fromIndexed(r, icm, found);
        if (cm instanceof ComponentColorModel && integerSamples) {
            if (csType == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1) return fromComponents(r, cm, 1, found);
            if (csType == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3) {
                // Raw samples even when an ICC profile is attached: that is what Pillow (and so
                // nearly every training pipeline) feeds the model.
                if (!cm.getColorSpace().isCS_sRGB()) found.ignoredProfile = true;
                return fromComponents(r, cm, 3, found);
            }
            if (csType == ColorSpace.TYPE_CMYK && cm.getNumColorComponents() == 4 && !cm.hasAlpha())
                return fromCmyk(r, false, found);
        }
        return viaGetRgb(img, cm.hasAlpha(), found);
    }

    private static RgbImage fromIndexed(Raster r, IndexColorModel icm, Findings found) {
        int w = r.getWidth(), h = r.getHeight();
        int[] palette = new int[icm.getMapSize()];
        icm.getRGBs(palette);
        boolean[] seeThrough = new boolean[palette.length];
        for (int i = 0; i < palette.length; i++) {
            seeThrough[i] = palette[i] >>> 24 != 255;
            palette[i] = composite(palette[i], null);
        }
        int[] out = new int[w * h];
        int[] row = new int[w];
        int minX = r.getMinX(), minY = r.getMinY();
        for (int y = 0; y < h; y++) {
            r.getSamples(minX, minY + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int idx = row[x];
                if (idx >= palette.length) {
                    out[y * w + x] = 0xFF000000; // corrupt index: black, as decoders do
                    continue;
                }
                // only transparency a pixel actually uses is worth a note
                if (seeThrough[idx]) found.transparency = true;
                out[y * w + x] = palette[idx];
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Grey (colours = 1) or RGB (colours = 3) component images, with or without an alpha band. */
    private static RgbImage fromComponents(Raster r, ColorModel cm, int colours, Findings found) {
        int w = r.getWidth(), h = r.getHeight();
        int bands = r.getNumBands();
        boolean alpha = cm.hasAlpha() && bands > colours;
        boolean premultiplied = cm.isAlphaPremultiplied();
        int[] shift = new int[bands];
        for (int b = 0; b < bands; b++) shift[b] = Math.max(0, cm.getComponentSize(b) - 8);
        double alphaMax = alpha ? (1 << cm.getComponentSize(colours)) - 1 : 1;
        int[] out = new int[w * h];
        int[][] rows = new int[bands][w];
        int minX = r.getMinX(), minY = r.getMinY();
        for (int y = 0; y < h; y++) {
            for (int b = 0; b < bands; b++) r.getSamples(minX, minY + y, w, 1, b, rows[b]);
            for (int x = 0; x < w; x++) {
                // 16-bit samples keep their high byte (sample >> 8), as Pillow converts I;16 to L
                int c0 = rows[0][x] >> shift[0];
                int c1 = colours == 3 ? rows[1][x] >> shift[1] : c0;
                int c2 = colours == 3 ? rows[2][x] >> shift[2] : c0;
                if (alpha) {
                    double a = rows[colours][x] / alphaMax;
                    if (a < 1) {
                        found.transparency = true;
                        double bg = 255 * (1 - a);
                        double k = premultiplied ? 1 : a;
                        c0 = Resample.clamp8(c0 * k + bg);
                        c1 = Resample.clamp8(c1 * k + bg);
                        c2 = Resample.clamp8(c2 * k + bg);
                    }
                }
                out[y * w + x] = 0xFF000000 | c0 << 16 | c1 << 8 | c2;
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * 4-band CMYK samples to RGB with the naive formula Pillow uses, R = (255 - C)(255 - K)/255.
     * {@code inverted}: the samples are stored as 255 - ink (Adobe/Photoshop JPEGs), so
     * R = C_stored * K_stored / 255. ICC profiles are not applied.
     */
    static RgbImage fromCmyk(Raster r, boolean inverted, Findings found) {
        int w = r.getWidth(), h = r.getHeight();
        int[] out = new int[w * h];
        int[] px = new int[4 * w];
        int minX = r.getMinX(), minY = r.getMinY();
        for (int y = 0; y < h; y++) {
            r.getPixels(minX, minY + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int c = px[4 * x], m = px[4 * x + 1], ye = px[4 * x + 2], k = px[4 * x + 3];
                if (!inverted) {
                    c = 255 - c;
                    m = 255 - m;
                    ye = 255 - ye;
                    k = 255 - k;
                }
                out[y * w + x] = 0xFF000000 | Resample.clamp8(c * k / 255.0) << 16 | Resample.clamp8(m * k / 255.0) << 8
                        | Resample.clamp8(ye * k / 255.0);
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * Adobe YCCK JPEG samples (Y, Cb, Cr, K as stored) to RGB: JFIF YCbCr->RGB gives the inverted
     * CMY, which then goes through the inverted-CMYK formula (libjpeg's YCCK->CMYK plus the Adobe
     * inversion, as Pillow and ImageIO's own read() do).
     */
    static RgbImage fromYcck(Raster r, Findings found) {
        int w = r.getWidth(), h = r.getHeight();
        int[] out = new int[w * h];
        int[] px = new int[4 * w];
        int minX = r.getMinX(), minY = r.getMinY();
        for (int y = 0; y < h; y++) {
            r.getPixels(minX, minY + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                double yy = px[4 * x], cb = px[4 * x + 1] - 128.0, cr = px[4 * x + 2] - 128.0;
                int k = px[4 * x + 3];
                int rr = Resample.clamp8(yy + 1.402 * cr);
                int gg = Resample.clamp8(yy - 0.344136 * cb - 0.714136 * cr);
                int bb = Resample.clamp8(yy + 1.772 * cb);
                // libjpeg: C = 255 - R'; Adobe files store 255 - ink, so ink = R' and
                // red = (255 - ink)(255 - inkK)/255 = (255 - R') * K_stored / 255.
                out[y * w + x] = 0xFF000000 | Resample.clamp8((255 - rr) * k / 255.0) << 16
                        | Resample.clamp8((255 - gg) * k / 255.0) << 8 | Resample.clamp8((255 - bb) * k / 255.0);
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Any other layout (packed RGB, BMP bitfields, float rasters): trust ImageIO's sRGB conversion. */
    private static RgbImage viaGetRgb(BufferedImage img, boolean hasAlpha, Findings found) {
        int w = img.getWidth(), h = img.getHeight();
        int[] out = new int[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) out[y * w + x] = hasAlpha ? composite(row[x], found) : (row[x] | 0xFF000000);
        }
        return new RgbImage(w, h, out);
    }

    /** Non-premultiplied ARGB over white. */
    static int composite(int argb, Findings found) {
        int a = argb >>> 24;
        if (a == 255) return argb;
        if (found != null) found.transparency = true;
        double f = a / 255.0, bg = 255 * (1 - f);
        int r = Resample.clamp8(((argb >> 16) & 0xFF) * f + bg);
        int g = Resample.clamp8(((argb >> 8) & 0xFF) * f + bg);
        int b = Resample.clamp8((argb & 0xFF) * f + bg);
        return 0xFF000000 | r << 16 | g << 8 | b;
    }
}
