package dev.gradlens.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reader of ../shared/reference: four exported classifiers with PyTorch-autograd maps. */
public final class ReferenceSet {
    private final Path dir;
    private final JsonNode manifest;

    public ReferenceSet(Path dir) {
        this.dir = dir;
        try {
            this.manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ReferenceSet load() {
        return new ReferenceSet(SharedData.require("reference/manifest.json").getParent());
    }

    public JsonNode model(String name) {
        for (JsonNode m : manifest.get("models")) if (m.get("name").asText().equals(name)) return m;
        throw new IllegalArgumentException(name);
    }

    public Path onnx(String name) {
        return dir.resolve(model(name).get("onnx").asText());
    }

    public String targetLayer(String name) {
        return model(name).get("target_layer").get("onnx_tensor").asText();
    }

    public float[] image(String id) {
        JsonNode a = manifest.get("images").get("arrays").get(id);
        return read(dir.resolve(manifest.get("images").get("file").asText()), a);
    }

    public float[] array(String model, String key) {
        JsonNode m = model(model);
        JsonNode a = m.get("arrays").get(key);
        if (a == null) throw new IllegalArgumentException("no array " + key + " for " + model);
        return read(dir.resolve(m.get("data_file").asText()), a);
    }

    public boolean hasArray(String model, String key) {
        return model(model).get("arrays").has(key);
    }

    /** (image id, target prefix, class) for every recorded case of a model. */
    public List<Case> cases(String model) {
        List<Case> out = new ArrayList<>();
        for (JsonNode c : model(model).get("cases")) {
            for (JsonNode t : c.get("targets")) out.add(new Case(c.get("image").asText(), t.get("prefix").asText(), t.get("class").asInt()));
        }
        return out;
    }

    public record Case(String image, String prefix, int classIndex) {
    }

    private static float[] read(Path file, JsonNode a) {
        long offset = a.get("offset").asLong();
        long n = 1;
        for (JsonNode d : a.get("shape")) n *= d.asLong();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] buf = new byte[Math.toIntExact(n * 4)];
            raf.seek(offset);
            raf.readFully(buf);
            ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[(int) n];
            b.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
