package dev.gradlens.app;

import dev.gradlens.imaging.RgbImage;

import java.nio.file.Path;
import java.util.List;

/**
 * A photo the window works on (mirrors the planned dev.gradlens.imaging.LoadedImage plus where it came from).
 *
 * @param name   shown in the title bar and figure captions
 * @param path   the file, or null for samples and pasted pictures
 * @param notes  facts from loading worth telling the user (e.g. "transparency flattened on white")
 */
public record SourceImage(String name, Path path, RgbImage image, int originalWidth, int originalHeight,
                          List<String> notes) {
    public SourceImage {
        notes = List.copyOf(notes);
    }
}
