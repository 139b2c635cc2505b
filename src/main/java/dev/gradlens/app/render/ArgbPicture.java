package dev.gradlens.app.render;

import dev.gradlens.imaging.RgbImage;

/** A rendered picture as packed 0xAARRGGBB ints, row-major; free of any toolkit so view models can hold it. */
public record ArgbPicture(int width, int height, int[] argb) {
    public ArgbPicture {
        if (argb.length != width * height) throw new IllegalArgumentException("pixel count mismatch");
    }

    public static ArgbPicture of(RgbImage image) {
        return new ArgbPicture(image.width(), image.height(), image.argb());
    }

    public int get(int x, int y) {
        return argb[y * width + x];
    }
}
