package dev.gradlens.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradlens.GradLensException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Saves a {@link ModelDescriptor} (typically the user's preprocessing choices) in the format
 * {@link ModelDescriptorReader} reads, using our resize ids rather than prose. When the target
 * already exists and parses, only the fields we know are replaced: provenance, notes and
 * anything else a person wrote stay. Written via a temporary file and an atomic move.
 */
public final class ModelDescriptorWriter {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ModelDescriptorWriter() {
    }

    /**
     * Where user choices for {@code onnx} are saved: {@code <basename>.gradlens.json}, the
     * first file the reader looks for, so a shipped model.json stays untouched.
     */
    public static Path defaultPathFor(Path onnx) {
        return ModelDescriptorReader.candidates(onnx).get(0);
    }

    public static void write(ModelDescriptor d, Path target) {
        ObjectNode root = existing(target);
        String json = toJson(d, root);
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new GradLensException("Cannot save model settings to '" + target.getFileName() + "': " + e.getMessage(), e);
        } finally {
            if (tmp != null) try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // hidden temp file; harmless if left
            }
        }
    }

    /** The descriptor as JSON text (a fresh object). */
    public static String toJson(ModelDescriptor d) {
        return toJson(d, JSON.createObjectNode());
    }

    private static String toJson(ModelDescriptor d, ObjectNode root) {
        put(root, "name", d.name());
        put(root, "default_layer", d.defaultLayer());
        if (d.source() != null && !root.path("source").isObject()) root.put("source", d.source()); // keep structured provenance
        if (d.license() != null && !d.license().equals(root.path("source").path("license").asText(null))) root.put("license", d.license());

        ObjectNode in = root.path("input") instanceof ObjectNode o ? o : root.putObject("input");
        ModelDescriptor.Input i = d.input();
        put(in, "name", i.name());
        if (i.layout() != null) in.put("layout", i.layout().name());
        if (i.width() != null && i.height() != null) {
            ArrayNode size = in.putArray("size");
            size.add(i.width());
            size.add(i.height());
            if (i.layout() != null && i.channels() != null) {
                // a stale shape next to a new size would contradict it; rewrite it consistently
                ArrayNode shape = in.putArray("shape");
                shape.add(1);
                if (i.layout() == Layout.NCHW) shape.add(i.channels()).add(i.height()).add(i.width());
                else shape.add(i.height()).add(i.width()).add(i.channels());
            } else {
                in.remove("shape");
            }
        }
        if (i.channels() != null) {
            in.put("channels", i.channels());
            in.put("color", i.channels() == 1 ? "GRAY" : Boolean.TRUE.equals(i.bgr()) ? "BGR" : "RGB");
        } else if (i.bgr() != null) {
            in.put("color", i.bgr() ? "BGR" : "RGB");
        }
        if (i.resize() != null) {
            // keep a prose description as a note instead of losing it to our id
            JsonNode previous = in.get("resize");
            String prose = i.resizeText() != null ? i.resizeText()
                    : previous != null && previous.isTextual() && ModelDescriptorReader.resizeById(previous.asText()) == null ? previous.asText() : null;
            if (prose != null && !in.has("resize_note")) in.put("resize_note", prose);
            in.put("resize", i.resize().id());
            if (i.resize() == ResizeMode.SHORTER_SIDE_CENTER_CROP && i.resizeShorter() != null) in.put("resize_shorter", i.resizeShorter());
            else in.remove("resize_shorter");
        }
        if (i.scale() != null) in.put("scale", Math.abs(i.scale() * 255.0 - 1) < 1e-6 ? 1.0 / 255 : exact(i.scale())); // 1/255 in full
        if (i.mean() != null) floats(in.putArray("mean"), i.mean());
        if (i.std() != null) floats(in.putArray("std"), i.std());
        if (in.isEmpty()) root.remove("input");

        ModelDescriptor.Output o = d.output();
        if (o.name() != null || o.kind() != null) {
            ObjectNode out = root.path("output") instanceof ObjectNode on ? on : root.putObject("output");
            put(out, "name", o.name());
            if (o.kind() != null) out.put("kind", o.kind().id());
        }

        if (d.labelsFile() != null) root.put("labels", d.labelsFile());
        else if (!d.labels().isEmpty()) {
            ArrayNode arr = root.putArray("labels");
            d.labels().forEach(arr::add);
        }
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of plain nodes always serialises
        }
    }

    /** The float as the shortest decimal that reads back to it (0.485, not 0.48500001430511475). */
    private static double exact(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static void floats(ArrayNode arr, float[] values) {
        for (float v : values) arr.add(exact(v));
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) node.put(field, value);
    }

    private static ObjectNode existing(Path target) {
        if (!Files.isRegularFile(target)) return JSON.createObjectNode();
        try {
            JsonNode n = JSON.readTree(Files.readString(target, StandardCharsets.UTF_8));
            if (n instanceof ObjectNode o) return o;
        } catch (IOException e) {
            // unreadable or not JSON: replaced by a fresh file below
        }
        return JSON.createObjectNode();
    }
}
