package dev.gradlens.app;

import dev.gradlens.imaging.RgbImage;

/** Small synthetic photos for view-model tests. */
public final class TestImages {
    private TestImages() {
    }

    public static RgbImage gradient(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = 0xFF000000 | (x * 4 % 256) << 16 | (y * 4 % 256) << 8 | 128;
        return new RgbImage(w, h, px);
    }

    public static SourceImage source(String name, int w, int h) {
        return new SourceImage(name, null, gradient(w, h), w, h, java.util.List.of());
    }
}
