package dev.gradlens.scenes;

import dev.gradlens.GradLensException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A generated scene: the RGB image and its ground truth. */
public record Scene(BufferedImage image, SceneTruth truth) {

    /** The image as PNG bytes (deterministic: no timestamps or other metadata). */
    public byte[] pngBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@code baseName}.png and {@code baseName}.json into {@code dir}. */
    public void write(Path dir, String baseName) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(baseName + ".png"), pngBytes());
            Files.writeString(dir.resolve(baseName + ".json"), truth.toJson(baseName + ".png"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GradLensException("Cannot write scene " + baseName + " to " + dir + ": " + e.getMessage(), e);
        }
    }
}
