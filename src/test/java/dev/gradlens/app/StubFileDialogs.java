package dev.gradlens.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Answers file choosers with prepared paths and records what was asked. */
public final class StubFileDialogs implements FileDialogs {
    public volatile Path image;
    public volatile Path model;
    public volatile Path save;
    public volatile Path directory;
    public volatile Path file;
    public final List<String> asked = new ArrayList<>();

    @Override
    public Optional<Path> openImage(List<String> extensions) {
        asked.add("image");
        return Optional.ofNullable(image);
    }

    @Override
    public Optional<Path> openModel() {
        asked.add("model");
        return Optional.ofNullable(model);
    }

    @Override
    public Optional<Path> save(String title, String suggestedName, String extension) {
        asked.add("save " + suggestedName);
        return Optional.ofNullable(save);
    }

    @Override
    public Optional<Path> chooseDirectory(String title) {
        asked.add("directory");
        return Optional.ofNullable(directory);
    }

    @Override
    public Optional<Path> openFile(String title, String description, List<String> extensions) {
        asked.add("file " + title);
        return Optional.ofNullable(file);
    }
}
