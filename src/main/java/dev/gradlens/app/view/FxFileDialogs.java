package dev.gradlens.app.view;

import dev.gradlens.app.FileDialogs;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The native file choosers, remembering the last folder used. */
public final class FxFileDialogs implements FileDialogs {
    private final Supplier<Window> owner;
    private File lastDirectory;

    public FxFileDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Path> openImage(List<String> extensions) {
        FileChooser c = chooser("Open image");
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images", extensions.stream().map(e -> "*." + e).toList()));
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*.*"));
        return remember(c.showOpenDialog(owner.get()));
    }

    @Override
    public Optional<Path> openModel() {
        FileChooser c = chooser("Open ONNX model");
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("ONNX models", "*.onnx"));
        return remember(c.showOpenDialog(owner.get()));
    }

    @Override
    public Optional<Path> save(String title, String suggestedName, String extension) {
        FileChooser c = chooser(title);
        c.setInitialFileName(suggestedName);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension.toUpperCase() + " files", "*." + extension));
        File f = c.showSaveDialog(owner.get());
        if (f != null && !f.getName().contains(".")) f = new File(f.getParentFile(), f.getName() + "." + extension);
        return remember(f);
    }

    @Override
    public Optional<Path> chooseDirectory(String title) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title);
        if (lastDirectory != null && lastDirectory.isDirectory()) c.setInitialDirectory(lastDirectory);
        File d = c.showDialog(owner.get());
        if (d != null) lastDirectory = d;
        return Optional.ofNullable(d).map(File::toPath);
    }

    @Override
    public Optional<Path> openFile(String title, String description, List<String> extensions) {
        FileChooser c = chooser(title);
        if (!extensions.isEmpty()) c.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, extensions.stream().map(e -> "*." + e).toList()));
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*.*"));
        return remember(c.showOpenDialog(owner.get()));
    }

    private FileChooser chooser(String title) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        if (lastDirectory != null && lastDirectory.isDirectory()) c.setInitialDirectory(lastDirectory);
        return c;
    }

    private Optional<Path> remember(File f) {
        if (f == null) return Optional.empty();
        lastDirectory = f.getParentFile();
        return Optional.of(f.toPath());
    }
}
