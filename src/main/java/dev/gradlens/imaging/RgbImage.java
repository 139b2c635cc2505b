package dev.gradlens.imaging;

/**
 * An opaque 8-bit RGB picture as packed 0xAARRGGBB ints (alpha always 0xFF), row-major.
 * The engine's image type: free of AWT and JavaFX so every layer can use it.
 */
public record RgbImage(int width, int height, int[] argb) {
    public RgbImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("empty image " + width + "x" + height);
        if (argb.length != width * height) throw new IllegalArgumentException("pixel count mismatch");
    }

    public int get(int x, int y) {
        return argb[y * width + x];
    }
}
