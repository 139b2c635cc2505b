package dev.gradlens.app;

import dev.gradlens.GradLensException;
import dev.gradlens.imaging.RgbImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Default {@link ImageSource}: javax.imageio (PNG, JPEG, BMP, GIF), transparency flattened on white. */
public final class ImageIoImageSource implements ImageSource {

    @Override
    public SourceImage load(Path file) {
        if (!Files.isRegularFile(file)) throw new GradLensException("No such image file: " + file);
        try (InputStream in = Files.newInputStream(file)) {
            SourceImage s = read(in, file.getFileName().toString());
            return new SourceImage(s.name(), file, s.image(), s.originalWidth(), s.originalHeight(), s.notes());
        } catch (IOException e) {
            throw new GradLensException("Could not read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SourceImage read(InputStream in, String name) {
        BufferedImage img;
        try {
            img = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new GradLensException("Could not decode " + name + ": " + e.getMessage(), e);
        }
        if (img == null) throw new GradLensException(name + " is not an image this version can read (use PNG, JPEG, BMP or GIF)");
        return fromBuffered(img, name);
    }

    public static SourceImage fromBuffered(BufferedImage img, String name) {
        int w = img.getWidth(), h = img.getHeight();
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        boolean transparent = false;
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            int a = p >>> 24;
            if (a != 0xFF) {
                transparent = true;
                int r = ((p >> 16) & 0xFF) * a / 255 + 255 - a;
                int g = ((p >> 8) & 0xFF) * a / 255 + 255 - a;
                int b = (p & 0xFF) * a / 255 + 255 - a;
                p = r << 16 | g << 8 | b;
            }
            px[i] = 0xFF000000 | p;
        }
        List<String> notes = new ArrayList<>();
        if (transparent) notes.add("transparency flattened on white");
        return new SourceImage(name, null, new RgbImage(w, h, px), w, h, notes);
    }

    @Override
    public List<String> extensions() {
        return List.of("png", "jpg", "jpeg", "bmp", "gif");
    }
}
