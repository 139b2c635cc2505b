package dev.gradlens.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.GradLensException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scene set written by {@code gradlens scenes generate}: {@code dataset.json} ({@code gradlens-scene-set/1})
 * and, per scene, {@code <prefix>-NNNNNN.png} with its ground truth {@code .json} ({@code gradlens-scene/1}).
 * Labels: the scene's label first, then the other classes present. Groups: {@code badge} (yes/no),
 * {@code layout}, {@code background}. Regions: {@code object} per object (its class, box and mask) and
 * {@code badge}.
 */
public final class SceneSetReader {
    static final String SET_FORMAT = "gradlens-scene-set/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SceneSetReader() {
    }

    /** True when {@code dir} holds a scene set's dataset.json. */
    static boolean isSceneSet(Path dir) {
        Path f = dir.resolve("dataset.json");
        if (!Files.isRegularFile(f)) return false;
        try {
            return SET_FORMAT.equals(JSON.readTree(f.toFile()).path("format").asText());
        } catch (IOException e) {
            return false;
        }
    }

    public static Dataset read(Path dir) {
        JsonNode set = readJson(dir.resolve("dataset.json"));
        if (!SET_FORMAT.equals(set.path("format").asText())) {
            throw new GradLensException(dir.resolve("dataset.json") + " is not a scene set (format " + SET_FORMAT + ")");
        }
        String prefix = set.path("prefix").asText("scene");
        List<Path> truths = ImageFolderReader.children(dir).stream()
                .filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(prefix + "-") && n.endsWith(".json");
                }).toList();
        if (truths.isEmpty()) throw new GradLensException("The scene set " + dir + " has no " + prefix + "-*.json scenes");
        List<DatasetItem> items = new ArrayList<>(truths.size());
        for (Path t : truths) {
            JsonNode s = readJson(t);
            String image = s.path("image").asText(t.getFileName().toString().replaceAll("\\.json$", ".png"));
            Set<String> labels = new LinkedHashSet<>();
            if (!s.path("label").asText("").isEmpty()) labels.add(s.path("label").asText());
            for (JsonNode c : s.path("classes")) labels.add(c.asText());
            Map<String, String> groups = new LinkedHashMap<>();
            groups.put("badge", s.path("badge").isObject() ? "yes" : "no");
            if (s.hasNonNull("layout")) groups.put("layout", s.get("layout").asText());
            if (s.hasNonNull("background")) groups.put("background", s.get("background").asText());
            items.add(new DatasetItem(0, image, dir.resolve(image), new ArrayList<>(labels), groups, (w, h) -> regions(t, w, h), false));
        }
        return Dataset.of(DatasetKind.SCENES, dir, items);
    }

    /** Re-reads the scene's JSON for its masks (kept out of memory between listing and processing). */
    private static List<Region> regions(Path truth, int width, int height) throws IOException {
        JsonNode s = JSON.readTree(truth.toFile());
        List<Region> out = new ArrayList<>();
        for (JsonNode o : s.path("objects")) out.add(region("object", o.path("class").asText(null), o, width, height));
        if (s.path("badge").isObject()) out.add(region("badge", null, s.get("badge"), width, height));
        return out;
    }

    private static Region region(String name, String label, JsonNode o, int width, int height) throws IOException {
        JsonNode b = o.path("box");
        if (b.size() != 4) throw new IOException("a " + name + " without a box {x, y, w, h}");
        int x = b.get(0).asInt(), y = b.get(1).asInt();
        int[] mask = null;
        if (o.path("mask").isArray()) {
            JsonNode m = o.get("mask");
            mask = new int[m.size()];
            long sum = 0;
            for (int i = 0; i < mask.length; i++) sum += mask[i] = m.get(i).asInt();
            if (sum != (long) width * height) throw new IOException("the " + name + " mask covers " + sum + " pixels, the image " + width * height);
        }
        return new Region(name, label, x, y, x + b.get(2).asInt(), y + b.get(3).asInt(), mask);
    }

    static JsonNode readJson(Path f) {
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new GradLensException("Cannot read " + f + ": " + firstLine(e.getMessage()));
        }
    }

    static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
