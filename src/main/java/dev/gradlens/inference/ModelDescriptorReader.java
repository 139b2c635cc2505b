package dev.gradlens.inference;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gradlens.GradLensException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and reads the sidecar JSON of an .onnx model. Lookup order in the model's folder:
 * {@code <basename>.gradlens.json}, {@code <basename>.json}, {@code model.json}. A TensorFlow.js
 * {@code model.json} (modelTopology / weightsManifest) is not ours and is skipped.
 *
 * <p>Format (all fields optional):
 * <pre>
 * {
 *   "name": "mobilenet_v1_025",
 *   "source": "STMicroelectronics/stm32ai-modelzoo ..." or {"repo": ..., "path": ..., "license": ...},
 *   "license": "Apache-2.0",
 *   "input": {
 *     "name": "input", "layout": "NCHW", "size": [224, 224] (width, height), "shape": [1, 3, 224, 224],
 *     "color": "RGB" | "BGR" | "GRAY", "channels": 3,
 *     "resize": "stretch" | "stretch-align-corners" | "shorter-side-center-crop" | free text,
 *     "resize_shorter": 256,
 *     "scale": 0.00392156862745098 (or "1/255"), "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]
 *   },
 *   "output": {"name": "logits", "kind": "logits" | "probabilities" | "log_probabilities"},
 *   "default_layer": "conv_pw_13_relu",
 *   "labels": "labels.txt" (relative to the descriptor) or ["tench", "goldfish", ...]
 * }
 * </pre>
 * Free-text "resize": contains align_corners=true → stretch-align-corners; mentions a crop (not
 * "no crop") → shorter-side-center-crop with the shorter side it names (default 256); otherwise
 * stretch. Without "labels", a {@code labels.txt} beside the descriptor is used when present.
 * Comments and trailing commas are tolerated, since these files are edited by hand.
 */
public final class ModelDescriptorReader {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private static final Pattern ALIGN_CORNERS_TRUE = Pattern.compile("align[_\\- ]?corners\\s*[=:]?\\s*true");
    private static final Pattern NO_CROP = Pattern.compile("\\b(no|without|not|never)\\s+(centre\\s+|center\\s+)?crop\\w*");
    private static final Pattern SHORTER_N = Pattern.compile("(?:shorter|short|smaller|shortest|min)(?:\\s+|_|-)?(?:side|edge)?\\s*(?:to|=|:|of)?\\s*(\\d{2,4})\\b");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\dx×.])(\\d{2,4})(?![\\dx×.])");

    private ModelDescriptorReader() {
    }

    /** The sidecar files looked for, in order of preference. */
    public static List<Path> candidates(Path onnx) {
        Path dir = onnx.toAbsolutePath().getParent();
        String file = String.valueOf(onnx.getFileName());
        String base = file.toLowerCase(Locale.ROOT).endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        List<Path> out = new ArrayList<>();
        out.add(dir.resolve(base + ".gradlens.json"));
        Path own = dir.resolve(base + ".json");
        out.add(own);
        Path generic = dir.resolve("model.json");
        if (!generic.equals(own)) out.add(generic);
        return out;
    }

    /** The first existing candidate that is a GradLens-style descriptor, if any. */
    public static Optional<Path> find(Path onnx) {
        for (Path p : candidates(onnx)) {
            if (!Files.isRegularFile(p)) continue;
            if (p.getFileName().toString().endsWith(".gradlens.json") || !isForeign(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Reads the descriptor found for {@code onnx}; empty when there is none. */
    public static Optional<ModelDescriptor> readFor(Path onnx) {
        return find(onnx).map(ModelDescriptorReader::read);
    }

    public static ModelDescriptor read(Path json) {
        String text;
        try {
            text = Files.readString(json, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GradLensException("Model descriptor '" + json.getFileName() + "' not found", e);
        } catch (IOException e) {
            throw new GradLensException("Cannot read model descriptor '" + json.getFileName() + "': " + e.getMessage(), e);
        }
        return parse(text, json);
    }

    /**
     * Parses descriptor text. {@code file} names it in messages and anchors relative label paths;
     * it may be null for text not from a file (then a "labels" file name cannot be resolved).
     */
    public static ModelDescriptor parse(String text, Path file) {
        String name = file == null ? "(inline)" : String.valueOf(file.getFileName());
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc != null && loc.getLineNr() > 0 ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() : "";
            String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new GradLensException("Model descriptor '" + name + "' is not valid JSON" + where + ": " + msg, e);
        }
        if (root == null || root.isMissingNode()) throw new GradLensException("Model descriptor '" + name + "' is empty");
        if (!root.isObject()) throw new GradLensException("Model descriptor '" + name + "' must be a JSON object { ... }");
        try {
            return build(root, file);
        } catch (IllegalArgumentException e) {
            throw new GradLensException("Model descriptor '" + name + "': " + e.getMessage(), e);
        }
    }

    private static ModelDescriptor build(JsonNode root, Path file) {
        JsonNode in = root.path("input");
        if (!in.isMissingNode() && !in.isObject()) throw new IllegalArgumentException("\"input\" must be an object");
        JsonNode out = root.path("output");
        if (!out.isMissingNode() && !out.isObject()) throw new IllegalArgumentException("\"output\" must be an object");

        Layout layout = null;
        String layoutText = text(in, "layout");
        if (layoutText != null) layout = parseLayout(layoutText);

        Integer channels = null, width = null, height = null;
        Boolean bgr = null;
        JsonNode shape = in.path("shape");
        if (!shape.isMissingNode()) {
            if (!shape.isArray() || shape.size() != 4) throw new IllegalArgumentException("input.shape must be a 4-element array like [1, 3, 224, 224]");
            Integer[] d = new Integer[4];
            for (int i = 0; i < 4; i++) d[i] = shape.get(i).isInt() && shape.get(i).asInt() > 0 ? shape.get(i).asInt() : null;
            if (layout == null) layout = guessLayout(d);
            if (layout == Layout.NHWC) {
                height = d[1];
                width = d[2];
                channels = d[3];
            } else if (layout == Layout.NCHW) {
                channels = d[1];
                height = d[2];
                width = d[3];
            }
        }
        JsonNode size = in.path("size");
        if (!size.isMissingNode()) {
            if (!size.isArray() || size.size() != 2 || !size.get(0).isInt() || !size.get(1).isInt() || size.get(0).asInt() <= 0 || size.get(1).asInt() <= 0)
                throw new IllegalArgumentException("input.size must be [width, height], e.g. [224, 224]");
            int sw = size.get(0).asInt(), sh = size.get(1).asInt();
            if (width != null && height != null && (width != sw || height != sh))
                throw new IllegalArgumentException("input.size " + sw + "x" + sh + " contradicts input.shape (" + width + "x" + height + ")");
            width = sw;
            height = sh;
        }
        String color = text(in, "color");
        if (color == null) color = text(in, "colour");
        if (color != null) {
            switch (color.strip().toUpperCase(Locale.ROOT)) {
                case "RGB" -> bgr = false;
                case "BGR" -> bgr = true;
                case "GRAY", "GREY", "L", "GRAYSCALE", "GREYSCALE" -> {
                    if (channels != null && channels != 1) throw new IllegalArgumentException("input.color " + color + " contradicts " + channels + " channels");
                    channels = 1;
                    bgr = false;
                }
                default -> throw new IllegalArgumentException("input.color must be RGB, BGR or GRAY, not '" + color + "'");
            }
        }
        JsonNode ch = in.path("channels");
        if (!ch.isMissingNode()) {
            if (!ch.isInt() || (ch.asInt() != 1 && ch.asInt() != 3)) throw new IllegalArgumentException("input.channels must be 1 or 3");
            if (channels != null && channels != ch.asInt()) throw new IllegalArgumentException("input.channels contradicts input.shape/color");
            channels = ch.asInt();
        }
        if (channels != null && channels != 1 && channels != 3)
            throw new IllegalArgumentException("the input has " + channels + " channels; GradLens handles 1 (grey) or 3 (colour)");

        ResizeMode resize = null;
        Integer shorter = null;
        String resizeText = null;
        String resizeValue = text(in, "resize");
        if (resizeValue != null) {
            ResizeMode byId = resizeById(resizeValue);
            if (byId != null) {
                resize = byId;
            } else {
                resizeText = resizeValue;
                resize = resizeFromProse(resizeValue);
                if (resize == ResizeMode.SHORTER_SIDE_CENTER_CROP) shorter = shorterFromProse(resizeValue, width, height);
            }
        }
        JsonNode rs = in.path("resize_shorter");
        if (!rs.isMissingNode()) {
            if (!rs.isInt() || rs.asInt() <= 0) throw new IllegalArgumentException("input.resize_shorter must be a positive integer");
            shorter = rs.asInt();
        }

        Float scale = null;
        JsonNode sc = in.path("scale");
        if (!sc.isMissingNode()) scale = parseScale(sc);
        float[] mean = floats(in.path("mean"), "input.mean");
        float[] std = floats(in.path("std"), "input.std");
        if (std != null) for (float s : std) if (!(s != 0) || !Float.isFinite(s)) throw new IllegalArgumentException("input.std values must be finite and non-zero");
        if (mean != null && std != null && mean.length != std.length && mean.length != 1 && std.length != 1)
            throw new IllegalArgumentException("input.mean and input.std have different lengths");
        if (channels != null) {
            if (mean != null && mean.length != 1 && mean.length != channels)
                throw new IllegalArgumentException("input.mean has " + mean.length + " values but the input has " + channels + " channel(s)");
            if (std != null && std.length != 1 && std.length != channels)
                throw new IllegalArgumentException("input.std has " + std.length + " values but the input has " + channels + " channel(s)");
        }
        // Preprocessing wants mean and std of equal length: widen a single value to match the other
        if (mean != null && std != null && mean.length != std.length) {
            if (mean.length == 1) mean = fill(mean[0], std.length);
            else std = fill(std[0], mean.length);
        }

        ModelDescriptor.Input input = new ModelDescriptor.Input(text(in, "name"), layout, width, height, channels, bgr,
                resize, shorter, resizeText, scale, mean, std);

        ModelDescriptor.OutputKind kind = null;
        String kindText = text(out, "kind");
        if (kindText != null) kind = ModelDescriptor.OutputKind.parse(kindText);
        ModelDescriptor.Output output = new ModelDescriptor.Output(text(out, "name"), kind);

        String license = text(root, "license");
        String source = null;
        JsonNode src = root.path("source");
        if (src.isTextual()) source = src.asText();
        else if (src.isObject()) {
            StringBuilder sb = new StringBuilder();
            for (String key : new String[] {"url", "repo", "path"}) {
                String v = text(src, key);
                if (v != null) sb.append(sb.length() > 0 ? " : " : "").append(v);
            }
            source = sb.length() > 0 ? sb.toString() : null;
            if (license == null) license = text(src, "license");
        }

        List<String> labels = List.of();
        String labelsFile = null;
        JsonNode lab = root.path("labels");
        Path dir = file == null ? null : file.toAbsolutePath().getParent();
        if (lab.isArray()) {
            List<String> inline = new ArrayList<>();
            for (JsonNode n : lab) {
                if (!n.isTextual()) throw new IllegalArgumentException("\"labels\" must be a file name or an array of strings");
                inline.add(n.asText());
            }
            labels = inline;
        } else if (lab.isTextual()) {
            labelsFile = lab.asText();
            if (dir == null) throw new IllegalArgumentException("\"labels\" names a file, but the descriptor has no folder to resolve it in");
            Path lf = dir.resolve(labelsFile);
            if (!Files.isRegularFile(lf)) throw new IllegalArgumentException("labels file '" + labelsFile + "' not found next to the descriptor");
            labels = Labels.load(lf).names();
        } else if (!lab.isMissingNode() && !lab.isNull()) {
            throw new IllegalArgumentException("\"labels\" must be a file name or an array of strings");
        } else if (dir != null && Files.isRegularFile(dir.resolve("labels.txt"))) {
            labelsFile = "labels.txt";
            labels = Labels.load(dir.resolve("labels.txt")).names();
        }

        return new ModelDescriptor(text(root, "name"), input, output, text(root, "default_layer"), source, license,
                labels, labelsFile, file);
    }

    static ResizeMode resizeById(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ResizeMode m : ResizeMode.values()) if (m.id().equals(v)) return m;
        return null;
    }

    static ResizeMode resizeFromProse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (ALIGN_CORNERS_TRUE.matcher(t).find()) return ResizeMode.STRETCH_ALIGN_CORNERS;
        String withoutNegations = NO_CROP.matcher(t).replaceAll(" ");
        if (withoutNegations.contains("crop")) return ResizeMode.SHORTER_SIDE_CENTER_CROP;
        return ResizeMode.STRETCH;
    }

    /**
     * The shorter-side length a prose description names: "shorter side to 256" wins; otherwise the
     * largest stand-alone number (not part of "224x224") that exceeds the crop size; else 256.
     */
    static int shorterFromProse(String text, Integer cropW, Integer cropH) {
        String t = text.toLowerCase(Locale.ROOT);
        Matcher m = SHORTER_N.matcher(t);
        if (m.find()) return Integer.parseInt(m.group(1));
        int crop = Math.max(cropW == null ? 0 : cropW, cropH == null ? 0 : cropH);
        int best = -1;
        Matcher n = NUMBER.matcher(t);
        while (n.find()) {
            int v = Integer.parseInt(n.group(1));
            if (v > crop && v <= 4096 && v > best) best = v;
        }
        return best > 0 ? best : 256;
    }

    private static Layout parseLayout(String text) {
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "NCHW", "CHW", "CHANNELS_FIRST" -> Layout.NCHW;
            case "NHWC", "HWC", "CHANNELS_LAST" -> Layout.NHWC;
            default -> throw new IllegalArgumentException("input.layout must be NCHW or NHWC, not '" + text + "'");
        };
    }

    /** [N, 3, H, W] is NCHW, [N, H, W, 3] is NHWC (1 channel likewise); unknown dims give no guess. */
    private static Layout guessLayout(Integer[] d) {
        boolean first = d[1] != null && (d[1] == 1 || d[1] == 3);
        boolean last = d[3] != null && (d[3] == 1 || d[3] == 3);
        if (first && !last) return Layout.NCHW;
        if (last && !first) return Layout.NHWC;
        return first ? Layout.NCHW : null;
    }

    private static Float parseScale(JsonNode n) {
        float v;
        if (n.isNumber()) v = (float) n.asDouble();
        else if (n.isTextual()) {
            String s = n.asText().strip();
            try {
                int slash = s.indexOf('/');
                v = slash > 0 ? (float) (Double.parseDouble(s.substring(0, slash).strip()) / Double.parseDouble(s.substring(slash + 1).strip()))
                        : Float.parseFloat(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("input.scale must be a number such as 0.00392156862745098 or \"1/255\"");
            }
        } else throw new IllegalArgumentException("input.scale must be a number");
        if (!(v > 0) || !Float.isFinite(v)) throw new IllegalArgumentException("input.scale must be positive");
        return v;
    }

    private static float[] floats(JsonNode n, String what) {
        if (n.isMissingNode() || n.isNull()) return null;
        if (n.isNumber()) return new float[] {(float) n.asDouble()};
        if (!n.isArray() || (n.size() != 1 && n.size() != 3)) throw new IllegalArgumentException(what + " must be a number or an array of 1 or 3 numbers");
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isNumber()) throw new IllegalArgumentException(what + " must contain numbers");
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }

    private static float[] fill(float v, int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) return null;
        if (!v.isValueNode()) throw new IllegalArgumentException("\"" + field + "\" must be a string");
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    /** A model.json written by TensorFlow.js or Keras, not a descriptor: skip it silently. */
    private static boolean isForeign(Path p) {
        try {
            JsonNode root = JSON.readTree(Files.readString(p, StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) return false; // let read() report the problem
            return root.has("modelTopology") || root.has("weightsManifest") || root.has("class_name") && root.has("config");
        } catch (IOException e) {
            return false; // unreadable or invalid: read() will say why
        }
    }
}
