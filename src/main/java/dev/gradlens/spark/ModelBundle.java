package dev.gradlens.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.GradLensException;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model as the job broadcasts it: the .onnx bytes and the sidecar files that
 * {@code ModelSession.open} reads beside it (the descriptor, its labels file, synsets.txt), so that
 * an executor opens exactly the model the driver checked. Keyed by the model's SHA-256.
 */
final class ModelBundle implements Serializable {
    private static final long serialVersionUID = 1L;
    final String sha256;
    final String onnxName;
    final LinkedHashMap<String, byte[]> files;

    private ModelBundle(String sha256, String onnxName, LinkedHashMap<String, byte[]> files) {
        this.sha256 = sha256;
        this.onnxName = onnxName;
        this.files = files;
    }

    static ModelBundle read(String modelUri, HadoopFiles fs) {
        Path onnx = new Path(modelUri);
        if (!fs.exists(onnx)) throw new GradLensException("The model " + modelUri + " does not exist");
        String name = onnx.getName();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        LinkedHashMap<String, byte[]> files = new LinkedHashMap<>();
        files.put(name, fs.read(onnx));
        Path dir = onnx.getParent();
        for (String side : List.of(base + ".gradlens.json", base + ".json", "model.json", "synsets.txt")) {
            Path p = new Path(dir, side);
            if (fs.exists(p)) files.put(side, fs.read(p));
        }
        // the labels file a descriptor names, relative to it
        for (String d : List.of(base + ".gradlens.json", base + ".json", "model.json")) {
            if (!files.containsKey(d)) continue;
            try {
                JsonNode labels = new ObjectMapper().readTree(files.get(d)).get("labels");
                if (labels != null && labels.isTextual() && !labels.asText().contains("/")) {
                    Path p = new Path(dir, labels.asText());
                    if (fs.exists(p)) files.put(labels.asText(), fs.read(p));
                }
            } catch (IOException e) {
                // not JSON: ModelSession.open reports it with its own message
            }
        }
        return new ModelBundle(sha256(files.get(name)), name, files);
    }

    /** Writes the files into {@code dir}; returns the .onnx file. */
    java.nio.file.Path writeTo(java.nio.file.Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> f : files.entrySet()) Files.write(dir.resolve(f.getKey()), f.getValue());
        } catch (IOException e) {
            throw new GradLensException("Cannot write the model to " + dir + ": " + e.getMessage());
        }
        return dir.resolve(onnxName);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
