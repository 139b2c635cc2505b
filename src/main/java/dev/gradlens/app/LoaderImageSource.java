package dev.gradlens.app;

import dev.gradlens.GradLensException;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.imaging.LoadedImage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The window's {@link ImageSource}: the engine's {@link ImageLoader} (EXIF orientation, grey and
 * 16-bit rasters, CMYK JPEGs, transparency, decompression bombs downscaled while decoding).
 */
public final class LoaderImageSource implements ImageSource {
    private final ImageLoader loader = new ImageLoader();

    @Override
    public SourceImage load(Path file) {
        return of(loader.load(file), file.getFileName().toString(), file);
    }

    @Override
    public SourceImage read(InputStream in, String name) {
        try {
            return of(loader.load(in.readAllBytes(), name), name, null);
        } catch (IOException e) {
            throw new GradLensException("Could not read " + name + ": " + e.getMessage(), e);
        }
    }

    private static SourceImage of(LoadedImage li, String name, Path path) {
        return new SourceImage(name, path, li.image(), li.originalWidth(), li.originalHeight(), li.notes());
    }

    @Override
    public List<String> extensions() {
        return List.of("png", "jpg", "jpeg", "bmp", "gif");
    }
}
