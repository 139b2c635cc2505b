package dev.gradlens.imaging;

import dev.gradlens.GradLensException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** PNG export and the bridge between {@link RgbImage} and AWT images. */
public final class PngIO {
    private PngIO() {
    }

    /**
     * Writes the image as an 8-bit RGB PNG. Written to a temporary file beside the target and
     * moved into place, so a failed export never leaves a half-written PNG under the user's name.
     */
    public static void write(RgbImage img, Path file) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (dir != null) Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            Files.write(tmp, encode(img));
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            throw new GradLensException("Cannot write PNG '" + file.getFileName() + "': " + describe(e), e);
        } finally {
            if (tmp != null) try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temp file is hidden and harmless
            }
        }
    }

    /** PNG bytes of the image. */
    public static byte[] encode(RgbImage img) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(toBufferedImage(img), "png", bos)) throw new IllegalStateException("no PNG writer in this JDK");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return bos.toByteArray();
    }

    /** A TYPE_INT_RGB copy of the image. */
    public static BufferedImage toBufferedImage(RgbImage img) {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        bi.setRGB(0, 0, img.width(), img.height(), img.argb(), 0, img.width());
        return bi;
    }

    /**
     * Any AWT image to RgbImage, with the same rules as {@link ImageLoader}: grey rasters by their
     * stored samples (not ImageIO's linear-grey conversion), 16-bit samples by their high byte,
     * transparency composited on white.
     */
    public static RgbImage fromBufferedImage(BufferedImage img) {
        return Rasters.toRgb(img, new Rasters.Findings());
    }

    private static String describe(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (t instanceof java.nio.file.NoSuchFileException) return "folder does not exist";
        if (t instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
