package dev.gradlens.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gradlens.GradLensException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * COCO instances ({@code instances_*.json}) with its image folder. An image's labels are the
 * categories present, the one with the largest annotated area first (its true class); each
 * annotation is an {@code object} region with its box and, where given, its mask (polygons,
 * uncompressed or compressed RLE). Crowd annotations set the group {@code crowd} = yes.
 */
public final class CocoReader {
    private CocoReader() {
    }

    /** True when the JSON has COCO's images, annotations and categories. */
    static boolean isCoco(JsonNode n) {
        return n.path("images").isArray() && n.path("annotations").isArray() && n.path("categories").isArray();
    }

    public static Dataset read(Path json) {
        JsonNode root = SceneSetReader.readJson(json);
        if (!isCoco(root)) throw new GradLensException(json + " is not a COCO instances file (needs images, annotations, categories)");
        Map<Long, String> categories = new HashMap<>();
        for (JsonNode c : root.get("categories")) categories.put(c.path("id").asLong(), c.path("name").asText());
        Map<Long, List<JsonNode>> byImage = new HashMap<>();
        for (JsonNode a : root.get("annotations")) byImage.computeIfAbsent(a.path("image_id").asLong(), k -> new ArrayList<>()).add(a);
        Path folder = imageFolder(json, root);
        List<DatasetItem> items = new ArrayList<>();
        List<JsonNode> images = new ArrayList<>();
        root.get("images").forEach(images::add);
        images.sort((a, b) -> Long.compare(a.path("id").asLong(), b.path("id").asLong()));
        for (JsonNode img : images) {
            String name = img.path("file_name").asText();
            List<JsonNode> anns = byImage.getOrDefault(img.path("id").asLong(), List.of());
            Map<String, Double> area = new LinkedHashMap<>();
            boolean crowd = false;
            for (JsonNode a : anns) {
                String cat = categories.get(a.path("category_id").asLong());
                if (cat == null) throw new GradLensException(json.getFileName() + ": annotation " + a.path("id").asText() + " has an unknown category_id");
                area.merge(cat, a.path("area").asDouble(0), Double::sum);
                crowd |= a.path("iscrowd").asInt(0) == 1;
            }
            List<String> labels = new ArrayList<>(area.keySet());
            labels.sort((x, y) -> Double.compare(area.get(y), area.get(x))); // stable: ties keep first appearance
            Map<String, String> groups = new LinkedHashMap<>();
            if (crowd) groups.put("crowd", "yes");
            List<JsonNode> own = anns;
            items.add(new DatasetItem(0, name, folder.resolve(name), new ArrayList<>(new LinkedHashSet<>(labels)), groups,
                    own.isEmpty() ? RegionLoader.NONE : (w, h) -> regions(own, categories, w, h), false));
        }
        if (items.isEmpty()) throw new GradLensException(json + " lists no images");
        return Dataset.of(DatasetKind.COCO, json, items);
    }

    private static List<Region> regions(List<JsonNode> anns, Map<Long, String> categories, int w, int h) {
        List<Region> out = new ArrayList<>();
        for (JsonNode a : anns) {
            String cat = categories.get(a.path("category_id").asLong());
            JsonNode b = a.path("bbox");
            int[] mask = null;
            JsonNode seg = a.path("segmentation");
            boolean[] m = null;
            if (seg.isArray() && seg.size() > 0) {
                List<double[]> polys = new ArrayList<>();
                for (JsonNode p : seg) {
                    double[] xy = new double[p.size()];
                    for (int i = 0; i < xy.length; i++) xy[i] = p.get(i).asDouble();
                    polys.add(xy);
                }
                m = Masks.polygons(polys, w, h);
            } else if (seg.isObject() && seg.has("counts")) {
                JsonNode size = seg.path("size"); // [height, width]
                if (size.size() == 2 && size.get(0).asInt() == h && size.get(1).asInt() == w) {
                    JsonNode counts = seg.get("counts");
                    int[] c;
                    if (counts.isTextual()) {
                        c = Masks.cocoCounts(counts.asText());
                    } else {
                        c = new int[counts.size()];
                        for (int i = 0; i < c.length; i++) c[i] = counts.get(i).asInt();
                    }
                    m = Masks.fromColumnMajorCounts(c, w, h);
                }
            }
            if (m != null) mask = dev.gradlens.scenes.MaskRle.encode(m);
            int x0, y0, x1, y1;
            if (b.size() == 4) {
                x0 = (int) Math.floor(b.get(0).asDouble());
                y0 = (int) Math.floor(b.get(1).asDouble());
                x1 = (int) Math.ceil(b.get(0).asDouble() + b.get(2).asDouble());
                y1 = (int) Math.ceil(b.get(1).asDouble() + b.get(3).asDouble());
            } else if (m != null && Masks.box(m, w) != null) {
                int[] mb = Masks.box(m, w);
                x0 = mb[0];
                y0 = mb[1];
                x1 = mb[2];
                y1 = mb[3];
            } else {
                continue;
            }
            out.add(new Region("object", cat, x0, y0, x1, y1, mask));
        }
        return out;
    }

    /**
     * Where the images are: beside the JSON, in {@code images/}, or (the COCO download's layout)
     * {@code annotations/instances_val2017.json} → {@code val2017/} next to {@code annotations/}.
     */
    static Path imageFolder(Path json, JsonNode root) {
        Path dir = json.toAbsolutePath().getParent();
        String stem = json.getFileName().toString().replaceFirst("\\.json$", "").replaceFirst("^instances_", "");
        List<Path> candidates = new ArrayList<>(List.of(dir, dir.resolve("images"), dir.resolve(stem)));
        if (dir.getParent() != null) {
            candidates.add(dir.getParent().resolve(stem));
            candidates.add(dir.getParent().resolve("images").resolve(stem));
            candidates.add(dir.getParent().resolve("images"));
        }
        String probe = root.path("images").size() > 0 ? root.get("images").get(0).path("file_name").asText() : null;
        if (probe != null) for (Path c : candidates) if (Files.exists(c.resolve(probe))) return c;
        for (Path c : candidates.subList(1, candidates.size())) if (Files.isDirectory(c)) return c;
        return dir;
    }
}
