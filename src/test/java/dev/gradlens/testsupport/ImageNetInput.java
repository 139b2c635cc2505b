package dev.gradlens.testsupport;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Test-only ImageNet preprocessing (the real one is inference.Preprocessor): shorter side to 256 with
 * PIL-style antialiased bilinear (longer side rounded half-to-even), centre crop 224 at
 * (w/2 − 112, h/2 − 112), value = (pixel/255 − mean)/std, NCHW [1,3,224,224], RGB.
 */
public final class ImageNetInput {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ImageNetInput() {
    }

    public static float[] load(Path png) {
        BufferedImage img;
        try {
            img = ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + png, e);
        }
        int w = img.getWidth(), h = img.getHeight();
        float[][] rgb = new float[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                rgb[0][y * w + x] = (p >> 16) & 0xff;
                rgb[1][y * w + x] = (p >> 8) & 0xff;
                rgb[2][y * w + x] = p & 0xff;
            }
        }
        int nw, nh;
        if (w <= h) {
            nw = 256;
            nh = (int) Math.rint(256.0 * h / w);
        } else {
            nh = 256;
            nw = (int) Math.rint(256.0 * w / h);
        }
        int x0 = nw / 2 - 112, y0 = nh / 2 - 112;
        float[] out = new float[3 * 224 * 224];
        for (int c = 0; c < 3; c++) {
            float[] horiz = resize1d(rgb[c], w, h, nw, true);
            float[] both = resize1d(horiz, nw, h, nh, false);
            for (int y = 0; y < 224; y++) {
                for (int x = 0; x < 224; x++) {
                    float v = both[(y + y0) * nw + (x + x0)];
                    out[(c * 224 + y) * 224 + x] = (v / 255f - MEAN[c]) / STD[c];
                }
            }
        }
        return out;
    }

    /** Resizes along x (horizontal) or y with a triangle filter widened by the downscale factor. */
    private static float[] resize1d(float[] src, int w, int h, int newLen, boolean horizontal) {
        int inLen = horizontal ? w : h;
        int ow = horizontal ? newLen : w, oh = horizontal ? h : newLen;
        double scale = (double) inLen / newLen;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale;
        float[] out = new float[ow * oh];
        for (int o = 0; o < newLen; o++) {
            double center = (o + 0.5) * scale;
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), inLen);
            double[] wts = new double[max - min];
            double sum = 0;
            for (int i = min; i < max; i++) {
                double t = Math.abs((i - center + 0.5) / filterScale);
                double wt = t < 1 ? 1 - t : 0;
                wts[i - min] = wt;
                sum += wt;
            }
            for (int i = 0; i < wts.length; i++) wts[i] /= sum;
            int lines = horizontal ? h : w;
            for (int l = 0; l < lines; l++) {
                double acc = 0;
                for (int i = min; i < max; i++) {
                    acc += wts[i - min] * (horizontal ? src[l * w + i] : src[i * w + l]);
                }
                if (horizontal) out[l * ow + o] = (float) acc;
                else out[o * ow + l] = (float) acc;
            }
        }
        return out;
    }
}
