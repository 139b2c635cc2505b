package dev.gradlens.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradlens.GradLensException;
import dev.gradlens.onnx.OnnxGraph;
import dev.gradlens.onnx.OnnxModel;
import dev.gradlens.onnx.OnnxModelLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the GradLens descriptor ({@code model.gradlens.json}) beside a fetched model, from its
 * catalog entry, and the labels file it points to.
 */
final class Descriptors {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Descriptors() {
    }

    /** Where labels.txt came from: a verified list, or numbered placeholders (with the reason). */
    record LabelsOutcome(boolean placeholder, String source, String note) {
        static LabelsOutcome real(String source) {
            return new LabelsOutcome(false, source, null);
        }

        static LabelsOutcome placeholder(String note) {
            return new LabelsOutcome(true, null, note);
        }
    }

    /**
     * Writes the descriptor; returns notes (a default layer that could not be resolved). The
     * model is parsed to check the layer hint or apply the layer rule.
     */
    static List<String> write(CatalogEntry e, Path model, Path descriptor, LabelsOutcome labels, String url) throws IOException {
        List<String> notes = new ArrayList<>();
        ObjectNode d = JSON.createObjectNode();
        d.put("name", e.name());
        CatalogEntry.Input in = e.input();
        ObjectNode input = d.putObject("input");
        input.put("name", in.name());
        input.put("layout", in.layout());
        ArrayNode shape = input.putArray("shape");
        for (Object o : in.shape()) {
            if (o instanceof Number n) shape.add(n.longValue());
            else shape.add(String.valueOf(o));
        }
        ArrayNode size = input.putArray("size");
        in.size().forEach(size::add);
        input.put("color", in.color());
        input.put("resize", in.resize());
        if (in.resizeShorter() != null) input.put("resize_shorter", in.resizeShorter());
        input.put("scale", in.scale());
        ArrayNode mean = input.putArray("mean");
        in.mean().forEach(mean::add);
        ArrayNode std = input.putArray("std");
        in.std().forEach(std::add);
        ObjectNode output = d.putObject("output");
        output.put("name", e.output().name());
        output.put("kind", e.output().kind());
        d.put("labels", ModelFetcher.LABELS_FILE);
        if (labels.placeholder()) d.put("labels_note", labels.note());
        String layer = defaultLayer(e, model, notes);
        if (layer != null) d.put("default_layer", layer);
        d.put("source", "ONNX Model Zoo '" + e.id() + "', downloaded from " + url + " (sha256 " + e.sha256() + ")");
        if (labels.source() != null) d.put("labels_source", labels.source());
        d.put("license", e.license());
        if (e.top1() != null) d.put("top1", e.top1());
        if ("probable".equals(e.preprocessingConfidence())) {
            d.put("preprocessing_note", "preprocessing inferred, not documented by the model's README: " + String.join("; ", e.notes()));
        }
        Path tmp = descriptor.resolveSibling(descriptor.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), d);
        Files.move(tmp, descriptor, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return notes;
    }

    /** The hint when the model has that tensor, else the rule's tensor, else null (GradLens picks at runtime). */
    static String defaultLayer(CatalogEntry e, Path model, List<String> notes) {
        if (e.targetLayerHint() == null && e.targetLayerRule() == null) return null;
        OnnxGraph g;
        try {
            OnnxModel m = OnnxModelLoader.load(model);
            g = m.graph();
        } catch (GradLensException ex) {
            notes.add("the default layer could not be checked: " + ex.getMessage());
            return e.targetLayerHint();
        }
        if (e.targetLayerHint() != null) {
            if (g.producerOf(e.targetLayerHint()) >= 0) return e.targetLayerHint();
            notes.add("the catalog's layer '" + e.targetLayerHint() + "' is not in the model");
        }
        CatalogEntry.LayerRule rule = e.targetLayerRule();
        if (rule != null) {
            int p = g.producerOf(rule.nodeOutput());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("input\\[(\\d+)]").matcher(rule.take() == null ? "" : rule.take());
            if (p >= 0 && m.matches() && Integer.parseInt(m.group(1)) < g.node(p).getInputCount()) {
                return g.node(p).getInput(Integer.parseInt(m.group(1)));
            }
            notes.add("the catalog's layer rule (" + rule.take() + " of the node making '" + rule.nodeOutput() + "') does not fit the model");
        }
        notes.add("GradLens will pick the Grad-CAM layer itself");
        return null;
    }

    /** "n01440764 tench, Tinca tinca" → "tench" (first name; the WordNet id is dropped). */
    static List<String> synsetNames(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty()) continue;
            int sp = t.indexOf(' ');
            String names = sp > 0 && t.substring(0, sp).matches("n\\d{8}") ? t.substring(sp + 1) : t;
            int comma = names.indexOf(',');
            out.add((comma > 0 ? names.substring(0, comma) : names).strip());
        }
        return out;
    }

    static void writePlaceholderLabels(Path file, int classes) throws IOException {
        List<String> lines = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) lines.add("class " + i);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Classes from the output shape ([N, K] or [N, K, 1, 1]); 1000 when unknown. */
    static int classCount(CatalogEntry e) {
        List<Object> s = e.output().shape();
        if (s != null && s.size() >= 2 && s.get(1) instanceof Number n && n.intValue() > 1) return n.intValue();
        return 1000;
    }

    /** True when a descriptor exists and says its labels are placeholders (so a later fetch retries them). */
    static boolean isPlaceholder(Path descriptor) {
        if (!Files.isRegularFile(descriptor)) return true;
        try {
            JsonNode n = JSON.readTree(descriptor.toFile());
            return n.has("labels_note");
        } catch (IOException ex) {
            return true;
        }
    }
}
