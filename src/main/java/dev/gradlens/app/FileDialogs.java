package dev.gradlens.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The file choosers the window needs; a seam so tests can answer without native dialogs. */
public interface FileDialogs {

    Optional<Path> openImage(List<String> extensions);

    Optional<Path> openModel();

    /** A file to save, suggested name given; {@code extension} without the dot ("png", "npy"). */
    Optional<Path> save(String title, String suggestedName, String extension);

    Optional<Path> chooseDirectory(String title);

    /** Any file to open (a run's .duckdb, a data-set manifest); {@code extensions} without dots, empty for any. */
    default Optional<Path> openFile(String title, String description, List<String> extensions) {
        return Optional.empty();
    }
}
