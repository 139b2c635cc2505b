package dev.gradlens.dataset;

import dev.gradlens.GradLensException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ImageFolder convention (torchvision): one sub-folder per class, named by the class; every
 * non-hidden file inside is an image of that class. Folders and files are taken in name order, so
 * the item order (and with it the image ids) does not depend on the file system.
 */
public final class ImageFolderReader {
    private ImageFolderReader() {
    }

    public static Dataset read(Path root) {
        if (!Files.isDirectory(root)) throw new GradLensException("The data set folder " + root + " does not exist");
        List<DatasetItem> items = new ArrayList<>();
        List<Path> classes = children(root).stream().filter(Files::isDirectory).toList();
        if (classes.isEmpty()) {
            throw new GradLensException("The folder " + root + " has no class sub-folders (ImageFolder layout: ROOT/<class>/<image>)");
        }
        for (Path dir : classes) {
            String label = dir.getFileName().toString();
            for (Path f : children(dir)) {
                if (Files.isDirectory(f)) continue;
                items.add(new DatasetItem(0, root.relativize(f).toString().replace('\\', '/'), f, List.of(label), Map.of(),
                        RegionLoader.NONE, false));
            }
        }
        if (items.isEmpty()) throw new GradLensException("The class folders of " + root + " hold no files");
        return Dataset.of(DatasetKind.IMAGEFOLDER, root, items);
    }

    /** Non-hidden entries, sorted by name. */
    static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new GradLensException("Cannot list " + dir + ": " + e.getMessage());
        }
    }
}
