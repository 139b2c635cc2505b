package dev.gradlens.service;

import dev.gradlens.GradLensException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The teaching models shipped inside the application (the jar's {@code models/} resources, built
 * from the repository's models/ folder). ONNX Runtime and the descriptor lookup want files, so they
 * are copied once into a per-user cache folder.
 */
public final class EmbeddedModels {
    public static final String DEFAULT = "scenes-clean";
    /** The shipped teaching models: the clean one, and its twin trained on badge-biased scenes (bias demo). */
    public static final java.util.List<String> NAMES = java.util.List.of(DEFAULT, "scenes-biased");

    private EmbeddedModels() {
    }

    /** The .onnx file of an embedded model, extracted if needed. */
    public static Path extract(String name) {
        Path dir = cacheDir().resolve("embedded");
        try {
            Files.createDirectories(dir);
            Path onnx = copy("models/" + name + ".onnx", dir.resolve(name + ".onnx"));
            copy("models/" + name + ".gradlens.json", dir.resolve(name + ".gradlens.json"));
            copyIfPresent("models/scenes-labels.txt", dir.resolve("scenes-labels.txt"));
            return onnx;
        } catch (IOException e) {
            throw new GradLensException("Cannot unpack the embedded model '" + name + "' into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = EmbeddedModels.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new GradLensException("The embedded model file '" + resource + "' is missing from this build");
            Path tmp = Files.createTempFile(target.getParent(), "part", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        }
    }

    private static void copyIfPresent(String resource, Path target) throws IOException {
        if (EmbeddedModels.class.getClassLoader().getResource(resource) != null) copy(resource, target);
    }

    static Path cacheDir() {
        String base = System.getProperty("gradlens.cache");
        if (base != null) return Path.of(base);
        String xdg = System.getenv("XDG_CACHE_HOME");
        return Path.of(xdg != null && !xdg.isBlank() ? xdg : System.getProperty("user.home") + "/.cache", "gradlens");
    }
}
