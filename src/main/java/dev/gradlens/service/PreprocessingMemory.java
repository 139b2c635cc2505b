package dev.gradlens.service;

import dev.gradlens.GradLensException;
import dev.gradlens.inference.ModelDescriptor;
import dev.gradlens.inference.ModelDescriptorReader;
import dev.gradlens.inference.ModelDescriptorWriter;
import dev.gradlens.inference.Preprocessing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Remembers the preprocessing a user chose for a bare .onnx, keyed by the file's SHA-256 (so a
 * renamed or moved copy is recognised), as descriptor JSON under the user's config folder.
 */
public final class PreprocessingMemory {
    private final Path dir;

    public PreprocessingMemory(Path dir) {
        this.dir = dir;
    }

    public static PreprocessingMemory forUser() {
        String base = System.getProperty("gradlens.config");
        if (base == null) {
            String xdg = System.getenv("XDG_CONFIG_HOME");
            base = (xdg != null && !xdg.isBlank() ? xdg : System.getProperty("user.home") + "/.config") + "/gradlens";
        }
        return new PreprocessingMemory(Path.of(base, "preprocessing"));
    }

    public Optional<Preprocessing> recall(Path onnx) {
        Path f = dir.resolve(sha256(onnx) + ".json");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            ModelDescriptor d = ModelDescriptorReader.read(f);
            Integer w = d.input().width(), h = d.input().height();
            if (w == null || h == null) return Optional.empty();
            return Optional.of(d.toPreprocessing(w, h, d.input().layout(), d.input().channels() == null ? 3 : d.input().channels()));
        } catch (GradLensException unreadable) {
            return Optional.empty(); // a damaged memory file is simply forgotten
        }
    }

    public void remember(Path onnx, Preprocessing p) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new GradLensException("Cannot save preprocessing settings in " + dir + ": " + e.getMessage(), e);
        }
        ModelDescriptorWriter.write(ModelDescriptor.of(p), dir.resolve(sha256(onnx) + ".json"));
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new GradLensException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
