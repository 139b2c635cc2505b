package dev.gradlens.dataset;

import dev.gradlens.GradLensException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV or TSV manifest with a header row: {@code path} and {@code label} are required (path relative
 * to the manifest's folder); {@code x0,y0,x1,y1} give the object's box in pixels (x1, y1 exclusive),
 * {@code mask} a PNG whose non-zero pixels are the object, {@code region:NAME} a PNG mask of a named
 * region. Every other column is a group attribute kept for the audit. Separator: tab for
 * {@code .tsv}, else comma; CSV fields may be quoted ("a, b" with "" for a quote).
 */
public final class ManifestReader {
    private static final List<String> BOX = List.of("x0", "y0", "x1", "y1");

    private ManifestReader() {
    }

    public static Dataset read(Path manifest) {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GradLensException("Cannot read the manifest " + manifest + ": " + e.getMessage());
        }
        char sep = manifest.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) first++;
        if (first == lines.size()) throw new GradLensException("The manifest " + manifest + " is empty");
        List<String> header = split(stripBom(lines.get(first)), sep, manifest, first + 1);
        List<String> names = header.stream().map(h -> h.strip()).toList();
        int pathCol = indexOf(names, "path"), labelCol = indexOf(names, "label");
        if (pathCol < 0 || labelCol < 0) {
            throw new GradLensException("The manifest " + manifest.getFileName() + " needs 'path' and 'label' columns; its header is: "
                    + String.join(sep == '\t' ? "\\t" : ",", names));
        }
        int[] box = new int[4];
        int boxCount = 0;
        for (int i = 0; i < 4; i++) if ((box[i] = indexOf(names, BOX.get(i))) >= 0) boxCount++;
        if (boxCount != 0 && boxCount != 4) throw new GradLensException("The manifest " + manifest.getFileName() + " has only some of the box columns x0,y0,x1,y1");
        int maskCol = indexOf(names, "mask");
        Path dir = manifest.toAbsolutePath().getParent();
        List<DatasetItem> items = new ArrayList<>();
        for (int ln = first + 1; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) continue;
            List<String> f = split(line, sep, manifest, ln + 1);
            if (f.size() != names.size()) {
                throw new GradLensException("The manifest " + manifest.getFileName() + ", line " + (ln + 1) + ": " + f.size()
                        + " fields, the header has " + names.size());
            }
            String path = f.get(pathCol).strip(), label = f.get(labelCol).strip();
            if (path.isEmpty()) throw new GradLensException("The manifest " + manifest.getFileName() + ", line " + (ln + 1) + ": empty path");
            Map<String, String> groups = new LinkedHashMap<>();
            Map<String, Path> regionMasks = new LinkedHashMap<>();
            List<String> maskFiles = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                String n = names.get(c), v = f.get(c).strip();
                if (c == pathCol || c == labelCol || c == maskCol || (boxCount == 4 && BOX.contains(n))) continue;
                if (n.startsWith("region:")) {
                    if (!v.isEmpty()) {
                        regionMasks.put(n.substring("region:".length()), dir.resolve(v));
                        maskFiles.add(v);
                    }
                } else if (!v.isEmpty()) {
                    groups.put(n, v);
                }
            }
            int[] b = null;
            if (boxCount == 4 && !f.get(box[0]).isBlank()) {
                b = new int[4];
                for (int i = 0; i < 4; i++) b[i] = parseInt(f.get(box[i]), manifest, ln + 1, BOX.get(i));
            }
            Path mask = maskCol >= 0 && !f.get(maskCol).isBlank() ? dir.resolve(f.get(maskCol).strip()) : null;
            if (mask != null) maskFiles.add(0, f.get(maskCol).strip());
            List<String> labels = label.isEmpty() ? List.of() : List.of(label);
            items.add(new DatasetItem(0, path, dir.resolve(path).normalize(), labels, groups,
                    loader(label.isEmpty() ? null : label, b, mask, regionMasks, maskFiles), false));
        }
        if (items.isEmpty()) throw new GradLensException("The manifest " + manifest + " lists no images");
        return Dataset.of(DatasetKind.MANIFEST, manifest, items);
    }

    private static RegionLoader loader(String label, int[] box, Path mask, Map<String, Path> named, List<String> files) {
        if (box == null && mask == null && named.isEmpty()) return RegionLoader.NONE;
        return new ManifestRegions(label, box, mask, named, List.copyOf(files));
    }

    /** An item's object box or mask and its named region masks, read when the image is processed. */
    private record ManifestRegions(String label, int[] box, Path mask, Map<String, Path> named, List<String> files) implements RegionLoader {
        @Override
        public List<Region> load(int w, int h) throws IOException {
            List<Region> out = new ArrayList<>();
            if (mask != null) {
                boolean[] m = Masks.readPng(mask, w, h);
                int[] b = box != null ? box : Masks.box(m, w);
                if (b != null) out.add(new Region("object", label, b[0], b[1], b[2], b[3], dev.gradlens.scenes.MaskRle.encode(m)));
            } else if (box != null) {
                out.add(new Region("object", label, box[0], box[1], box[2], box[3], null));
            }
            for (var e : named.entrySet()) {
                boolean[] m = Masks.readPng(e.getValue(), w, h);
                int[] b = Masks.box(m, w);
                if (b != null) out.add(new Region(e.getKey(), null, b[0], b[1], b[2], b[3], dev.gradlens.scenes.MaskRle.encode(m)));
            }
            return out;
        }
    }

    private static int parseInt(String s, Path manifest, int line, String col) {
        try {
            return (int) Math.round(Double.parseDouble(s.strip()));
        } catch (NumberFormatException e) {
            throw new GradLensException("The manifest " + manifest.getFileName() + ", line " + line + ": " + col + " '" + s + "' is not a number");
        }
    }

    private static int indexOf(List<String> names, String n) {
        for (int i = 0; i < names.size(); i++) if (names.get(i).equalsIgnoreCase(n)) return i;
        return -1;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** One line into fields; double quotes group a field and "" inside them is a quote. */
    static List<String> split(String line, char sep, Path manifest, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.toString().isBlank()) {
                quoted = true;
                cur.setLength(0);
            } else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) throw new GradLensException("The manifest " + manifest.getFileName() + ", line " + lineNo + ": unclosed quote");
        out.add(cur.toString());
        return out;
    }
}
