package dev.gradlens.scenes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The object classes of the scene models and, per class, the clip-art source files of each split, read from the
 * resource {@code clipart-classes.json}. Class order is the label index order of the models.
 */
public final class ClipArtClasses {
    public static final String RESOURCE = "/dev/gradlens/scenes/clipart-classes.json";

    /** One class: its name and the source files (relative to the clip-art root) of each split. */
    public record ClassEntry(String name, List<String> train, List<String> test) {
        public ClassEntry {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }

        public List<String> sources(SceneSplit split) {
            return split == SceneSplit.TRAIN ? train : test;
        }
    }

    private final List<ClassEntry> classes;
    private final String defaultRoot;
    private final String packageName;

    private ClipArtClasses(List<ClassEntry> classes, String defaultRoot, String packageName) {
        this.classes = List.copyOf(classes);
        this.defaultRoot = defaultRoot;
        this.packageName = packageName;
    }

    public static ClipArtClasses load() {
        try (InputStream in = ClipArtClasses.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    @SuppressWarnings("unchecked")
    static ClipArtClasses parse(String json) {
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(json);
        List<ClassEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object o : (List<Object>) doc.get("classes")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String name = (String) c.get("name");
            if (!names.add(name)) throw new IllegalArgumentException("duplicate class " + name);
            List<String> train = (List<String>) (List<?>) c.get("train");
            List<String> test = (List<String>) (List<?>) c.get("test");
            if (train.isEmpty() || test.isEmpty())
                throw new IllegalArgumentException("class " + name + " needs train and test sources");
            entries.add(new ClassEntry(name, train, test));
        }
        return new ClipArtClasses(entries, (String) doc.get("root"), (String) doc.get("package"));
    }

    public List<ClassEntry> classes() {
        return classes;
    }

    public List<String> names() {
        List<String> n = new ArrayList<>();
        for (ClassEntry c : classes) n.add(c.name());
        return Collections.unmodifiableList(n);
    }

    public int indexOf(String name) {
        for (int k = 0; k < classes.size(); k++) if (classes.get(k).name().equals(name)) return k;
        return -1;
    }

    public ClassEntry get(String name) {
        int k = indexOf(name);
        if (k < 0) throw new IllegalArgumentException("unknown class '" + name + "' (known: " + String.join(", ", names()) + ")");
        return classes.get(k);
    }

    /** Where the Debian package puts the PNGs: {@code /usr/share/openclipart/png}. */
    public String defaultRoot() {
        return defaultRoot;
    }

    /** The Debian package that provides the clip-art ({@code openclipart-png}). */
    public String packageName() {
        return packageName;
    }
}
