package dev.gradlens.imaging;

/**
 * A rectangle in an image's pixel coordinates (x right, y down, edges between pixels, so the whole
 * image is (0, 0, width, height)). Fractional because a centre crop taken after a resize maps back
 * onto the photo at non-integer positions.
 */
public record ImageRegion(double x, double y, double width, double height) {
    public ImageRegion {
        if (!(width > 0) || !(height > 0)) throw new IllegalArgumentException("empty region " + width + "x" + height);
    }

    public static ImageRegion full(int width, int height) {
        return new ImageRegion(0, 0, width, height);
    }

    /** True when this region is exactly the whole of a width x height image. */
    public boolean coversAll(int imageWidth, int imageHeight) {
        return x == 0 && y == 0 && width == imageWidth && height == imageHeight;
    }
}
