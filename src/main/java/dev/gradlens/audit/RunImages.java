package dev.gradlens.audit;

import dev.gradlens.GradLensException;
import dev.gradlens.run.RunDatabase;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The run's usable images ({@code status = 'ok'}) as columns, with their labels and group values:
 * what every audit cell is cut from. Loaded with three SQL queries; the join of groups to images is
 * DuckDB's.
 */
public final class RunImages {
    public static final String ALL = "(all)";
    public static final String MISSING = "(missing)";

    final int[] ids;
    final String[] paths;
    final int[] trueClass;     // -1 when unlabelled
    final int[] predicted;     // -1 when none
    final double[] confidence; // NaN when none
    final int[] correct;       // 1, 0, or -1 when unknown
    final int[] width;
    final int[] height;
    final int[][] labels;      // every label of the image (image_labels), else the true class
    final Map<Integer, Integer> position = new HashMap<>();
    /** Group name → value per image position ({@link #MISSING} where the image has none). */
    final Map<String, String[]> groups = new LinkedHashMap<>();

    private RunImages(int n) {
        ids = new int[n];
        paths = new String[n];
        trueClass = new int[n];
        predicted = new int[n];
        confidence = new double[n];
        correct = new int[n];
        width = new int[n];
        height = new int[n];
        labels = new int[n][];
    }

    public int size() {
        return ids.length;
    }

    public int id(int pos) {
        return ids[pos];
    }

    public String path(int pos) {
        return paths[pos];
    }

    public int trueClass(int pos) {
        return trueClass[pos];
    }

    public int predicted(int pos) {
        return predicted[pos];
    }

    public boolean hasLabel(int pos, int cls) {
        for (int l : labels[pos]) if (l == cls) return true;
        return false;
    }

    /** Group names of the run, in name order. */
    public List<String> groupNames() {
        return new ArrayList<>(groups.keySet());
    }

    public String group(String name, int pos) {
        return groups.get(name)[pos];
    }

    /**
     * The images at the given positions, repeats allowed, as a run of their own (position k is image
     * {@code positions[k]}, with id k so repeats stay distinct): a sample drawn from a large run, for the
     * coverage simulation of the audit's intervals.
     */
    RunImages sample(int[] positions) {
        RunImages s = new RunImages(positions.length);
        for (int k = 0; k < positions.length; k++) {
            int p = positions[k];
            s.ids[k] = k;
            s.paths[k] = paths[p];
            s.trueClass[k] = trueClass[p];
            s.predicted[k] = predicted[p];
            s.confidence[k] = confidence[p];
            s.correct[k] = correct[p];
            s.width[k] = width[p];
            s.height[k] = height[p];
            s.labels[k] = labels[p];
            s.position.put(k, k);
        }
        for (Map.Entry<String, String[]> g : groups.entrySet()) {
            String[] v = new String[positions.length];
            for (int k = 0; k < positions.length; k++) v[k] = g.getValue()[positions[k]];
            s.groups.put(g.getKey(), v);
        }
        return s;
    }

    /** Loads the images; {@code onlyGroup}, when given, must be a group of the run. */
    public static RunImages load(RunDatabase db, String onlyGroup, Notes notes) {
        try (Statement s = db.connection().createStatement()) {
            int n;
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM images WHERE status = 'ok' AND width > 0 AND height > 0")) {
                r.next();
                n = r.getInt(1);
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM images WHERE status <> 'ok' OR width IS NULL OR height IS NULL OR width <= 0 OR height <= 0")) {
                r.next();
                if (r.getInt(1) > 0) notes.say(r.getInt(1) + " images without a usable result (unreadable, missing, duplicate) are left out");
            }
            RunImages im = new RunImages(n);
            int i = 0;
            try (ResultSet r = s.executeQuery("SELECT image_id, path, true_class, predicted_class, confidence, correct, width, height"
                    + " FROM images WHERE status = 'ok' AND width > 0 AND height > 0 ORDER BY image_id")) {
                while (r.next()) {
                    im.ids[i] = r.getInt(1);
                    im.paths[i] = r.getString(2);
                    int t = r.getInt(3);
                    im.trueClass[i] = r.wasNull() ? -1 : t;
                    int p = r.getInt(4);
                    im.predicted[i] = r.wasNull() ? -1 : p;
                    double c = r.getDouble(5);
                    im.confidence[i] = r.wasNull() ? Double.NaN : c;
                    boolean ok = r.getBoolean(6);
                    im.correct[i] = r.wasNull() ? -1 : ok ? 1 : 0;
                    im.width[i] = r.getInt(7);
                    im.height[i] = r.getInt(8);
                    im.position.put(im.ids[i], i);
                    i++;
                }
            }
            Map<Integer, List<Integer>> lab = new HashMap<>();
            try (ResultSet r = s.executeQuery("SELECT image_id, class FROM image_labels ORDER BY image_id, class")) {
                while (r.next()) lab.computeIfAbsent(r.getInt(1), k -> new ArrayList<>()).add(r.getInt(2));
            }
            for (int p = 0; p < n; p++) {
                List<Integer> l = lab.get(im.ids[p]);
                if (l != null) im.labels[p] = l.stream().mapToInt(Integer::intValue).toArray();
                else im.labels[p] = im.trueClass[p] >= 0 ? new int[] {im.trueClass[p]} : new int[0];
            }
            TreeSet<String> names = new TreeSet<>();
            try (ResultSet r = s.executeQuery("SELECT DISTINCT name FROM groups ORDER BY name")) {
                while (r.next()) names.add(r.getString(1));
            }
            if (onlyGroup != null) {
                if (!names.contains(onlyGroup)) {
                    throw new GradLensException(names.isEmpty() ? "The run has no group attributes, so there is no group '" + onlyGroup + "'"
                            : "The run has no group '" + onlyGroup + "'; its groups: " + String.join(", ", names));
                }
                names.retainAll(List.of(onlyGroup));
            }
            for (String name : names) {
                String[] v = new String[n];
                java.util.Arrays.fill(v, MISSING);
                try (var ps = db.connection().prepareStatement("SELECT image_id, value FROM groups WHERE name = ?")) {
                    ps.setString(1, name);
                    try (ResultSet r = ps.executeQuery()) {
                        while (r.next()) {
                            Integer p = im.position.get(r.getInt(1));
                            if (p != null) v[p] = r.getString(2);
                        }
                    }
                }
                TreeSet<String> values = new TreeSet<>(java.util.Arrays.asList(v));
                if (values.size() < 2) {
                    notes.say("group '" + name + "' has one value (" + (values.isEmpty() ? "none" : values.first())
                            + ") for every image: nothing to compare within it");
                }
                im.groups.put(name, v);
            }
            return im;
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the images of " + db.location() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
