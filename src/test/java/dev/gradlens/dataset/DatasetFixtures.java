package dev.gradlens.dataset;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small hand-made images for the reader tests. */
final class DatasetFixtures {
    private DatasetFixtures() {
    }

    static Path png(Path file, int w, int h) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (x * 9 & 0xFF) << 16 | (y * 7 & 0xFF) << 8);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** A grey mask PNG whose pixels (x, y) with x0 <= x < x1 and y0 <= y < y1 are 255. */
    static Path mask(Path file, int w, int h, int x0, int y0, int x1, int y1) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) img.getRaster().setSample(x, y, 0, 255);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }
}
