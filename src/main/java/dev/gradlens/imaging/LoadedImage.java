package dev.gradlens.imaging;

import java.util.List;

/**
 * A decoded, upright photo. {@code originalWidth} x {@code originalHeight} is the upright size
 * the file describes, which is larger than the image when it was downscaled while decoding.
 * {@code notes} are one-line remarks for the user about what was done to the file (EXIF
 * rotation, transparency, truncation, ...), empty when the file was unremarkable.
 */
public record LoadedImage(RgbImage image, int originalWidth, int originalHeight, List<String> notes) {
    public LoadedImage {
        notes = List.copyOf(notes);
    }

    public boolean downscaled() {
        return image.width() != originalWidth || image.height() != originalHeight;
    }
}
