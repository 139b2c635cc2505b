package dev.gradlens.run.browse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.GradLensException;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.RunSchema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The read side of a run's results database (docs/run-database.md): summary, per-class accuracy,
 * confusion matrix, filtered failure lists and one image's stored maps. Plain SQL over the schema's
 * tables, so a {@code .duckdb} file and a Parquet folder read alike. One connection: callers use an
 * instance from one thread at a time (the window: its query worker).
 */
public final class RunQueries implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path location;
    private final Connection connection;
    private final AutoCloseable owner;
    private final RunLabels labels;

    private RunQueries(Path location, Connection connection, AutoCloseable owner) {
        this.location = location;
        this.connection = connection;
        this.owner = owner;
        try {
            this.labels = readLabels();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Opens a run for reading: a .duckdb file or a Parquet folder. A run still being written by this
     * process (the window's own run) is opened through the writer's database instance, since DuckDB
     * refuses a read-only second open of a file that is open for writing.
     */
    public static RunQueries open(Path run) {
        if (!Files.exists(run)) throw new GradLensException("No run at " + run);
        if (!Files.isDirectory(run) && isEmptyFile(run)) throw new GradLensException("The run file " + run + " is empty (0 bytes): not a GradLens run");
        try {
            RunDatabase db = RunDatabase.openForReading(run);
            return new RunQueries(run, db.connection(), db);
        } catch (GradLensException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("different configuration")) return openShared(run);
            if (m.contains("Could not set lock")) {
                throw new GradLensException("The run " + run + " is being written by another program (a 'gradlens run' still going?): open it when that ends");
            }
            throw e;
        }
    }

    private static boolean isEmptyFile(Path p) {
        try {
            return Files.size(p) == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static RunQueries openShared(Path run) {
        try {
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + run.toAbsolutePath());
            RunQueries q = new RunQueries(run, c, c);
            q.checkVersion();
            return q;
        } catch (SQLException e) {
            throw new GradLensException("Cannot open the run " + run + ": " + firstLine(e));
        }
    }

    public Path location() {
        return location;
    }

    public RunLabels labels() {
        return labels;
    }

    /** The connection to the run's tables, for readers of other tables (the window's metrics); same thread rule as this class. */
    public Connection connection() {
        return connection;
    }

    /** The run's faithfulness metrics (empty when it was made without --metrics), on this connection. */
    public MetricQueries metrics() {
        return new MetricQueries(connection, String.valueOf(location));
    }

    // ---- summary ---------------------------------------------------------------------------------

    public RunSummary summary() {
        String sql = """
                SELECT r.run_id, CAST(r.created_at AS VARCHAR), r.model_path, r.model_sha256, r.layer, r.methods, r.top_k,
                       r.dataset_kind, r.dataset_path,
                       (SELECT count(*) FROM images),
                       (SELECT count(*) FROM images WHERE status = 'ok'),
                       (SELECT count(*) FROM images WHERE status <> 'ok'),
                       (SELECT count(*) FROM images WHERE status = 'ok' AND true_class IS NOT NULL),
                       (SELECT count(*) FROM images WHERE status = 'ok' AND true_class IS NOT NULL AND correct)
                FROM run r LIMIT 1""";
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) throw emptyRun();
            List<String> methods = new ArrayList<>();
            for (String m : String.valueOf(r.getString(6)).split(",")) if (!m.isBlank()) methods.add(m.trim());
            return new RunSummary(r.getString(1), r.getString(2), r.getString(3), r.getString(4), labels, r.getString(5), methods,
                    r.getInt(7), r.getString(8), r.getString(9), r.getLong(10), r.getLong(11), r.getLong(12), r.getLong(13), r.getLong(14));
        } catch (SQLException e) {
            throw failed("read the run's summary", e);
        }
    }

    /** The preprocessing the run used and the model's input size, to find the crop region maps cover. */
    public record ModelInput(String descriptorJson, Integer width, Integer height) {
    }

    public ModelInput modelInput() {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT descriptor_json, input_width, input_height FROM run LIMIT 1")) {
            if (!r.next()) throw emptyRun();
            return new ModelInput(r.getString(1), intOrNull(r, 2), intOrNull(r, 3));
        } catch (SQLException e) {
            throw failed("read the run's model input", e);
        }
    }

    /** Images the run could not use, in data-set order. */
    public List<FailedImage> failedImages(int limit) {
        String sql = "SELECT image_id, path, status, error FROM images WHERE status <> 'ok' ORDER BY image_id" + (limit > 0 ? " LIMIT " + limit : "");
        List<FailedImage> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) out.add(new FailedImage(r.getInt(1), r.getString(2), r.getString(3), r.getString(4)));
        } catch (SQLException e) {
            throw failed("list the images that failed", e);
        }
        return out;
    }

    // ---- accuracy --------------------------------------------------------------------------------

    /** Accuracy per true class over labelled, readable images, in class order. */
    public List<ClassAccuracy> classAccuracy() {
        String sql = """
                SELECT true_class, count(*), count(*) FILTER (WHERE correct)
                FROM images WHERE status = 'ok' AND true_class IS NOT NULL
                GROUP BY true_class ORDER BY true_class""";
        List<ClassAccuracy> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) out.add(new ClassAccuracy(r.getInt(1), labels.label(r.getInt(1)), r.getLong(2), r.getLong(3)));
        } catch (SQLException e) {
            throw failed("compute the per-class accuracy", e);
        }
        return out;
    }

    public ConfusionMatrix confusion() {
        String sql = """
                SELECT true_class, predicted_class, count(*) FROM images
                WHERE status = 'ok' AND true_class IS NOT NULL AND predicted_class IS NOT NULL
                GROUP BY true_class, predicted_class""";
        Map<Integer, Map<Integer, Long>> cells = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) cells.computeIfAbsent(r.getInt(1), k -> new HashMap<>()).put(r.getInt(2), r.getLong(3));
        } catch (SQLException e) {
            throw failed("compute the confusion matrix", e);
        }
        List<Integer> classes = new ArrayList<>(new TreeSet<>(cells.keySet()));
        Map<Integer, Integer> column = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) column.put(classes.get(i), i);
        long[][] counts = new long[classes.size()][classes.size() + 1];
        for (var row : cells.entrySet()) {
            int i = column.get(row.getKey());
            for (var cell : row.getValue().entrySet()) counts[i][column.getOrDefault(cell.getKey(), classes.size())] += cell.getValue();
        }
        List<String> names = classes.stream().map(labels::label).toList();
        return new ConfusionMatrix(classes, names, counts);
    }

    /** Group attribute names and their values (sorted), for the group filter. */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT DISTINCT name, value FROM groups ORDER BY name, value")) {
            while (r.next()) out.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
        } catch (SQLException e) {
            throw failed("list the groups", e);
        }
        return out;
    }

    // ---- rows ------------------------------------------------------------------------------------

    /** The readable images the filter selects, in its order, with their groups. */
    public List<ImageRow> rows(FailureFilter f) {
        StringBuilder where = new StringBuilder("i.status = 'ok'");
        List<Object> args = new ArrayList<>();
        if (f.mistakesOnly()) where.append(" AND i.correct = false");
        if (!Double.isNaN(f.minConfidence())) {
            where.append(" AND i.confidence >= ?");
            args.add(f.minConfidence());
        }
        if (f.trueClass() != null) {
            where.append(" AND i.true_class = ?");
            args.add(f.trueClass());
        }
        if (f.predictedClass() != null) {
            where.append(" AND i.predicted_class = ?");
            args.add(f.predictedClass());
        }
        if (f.groupName() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM groups g WHERE g.image_id = i.image_id AND g.name = ? AND g.value = ?)");
            args.add(f.groupName());
            args.add(f.groupValue());
        }
        String order = switch (f.sort()) {
            case CONFIDENCE -> "i.confidence DESC NULLS LAST, i.image_id";
            case MARGIN -> "i.margin DESC NULLS LAST, i.image_id";
            case MARGIN_ASCENDING -> "i.margin ASC NULLS LAST, i.image_id";
            case IMAGE -> "i.image_id";
        };
        String selected = "SELECT i.image_id, i.path, i.true_class, i.true_label, i.predicted_class, i.confidence, i.margin, i.correct, i.status"
                + " FROM images i WHERE " + where + " ORDER BY " + order + (f.limit() > 0 ? " LIMIT " + f.limit() : "");
        List<Object[]> raw = new ArrayList<>();
        Map<Integer, Map<String, String>> groups = new HashMap<>();
        try {
            try (PreparedStatement p = prepare(selected, args); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    raw.add(new Object[] {r.getInt(1), r.getString(2), intOrNull(r, 3), r.getString(4), intOrNull(r, 5),
                            doubleOrNaN(r, 6), doubleOrNaN(r, 7), boolOrNull(r, 8), r.getString(9)});
                }
            }
            if (!raw.isEmpty()) {
                String g = "WITH sel AS (" + selected + ") SELECT g.image_id, g.name, g.value FROM groups g JOIN sel ON g.image_id = sel.image_id";
                try (PreparedStatement p = prepare(g, args); ResultSet r = p.executeQuery()) {
                    while (r.next()) groups.computeIfAbsent(r.getInt(1), k -> new TreeMap<>()).put(r.getString(2), r.getString(3));
                }
            }
        } catch (SQLException e) {
            throw failed("list the images", e);
        }
        List<ImageRow> out = new ArrayList<>(raw.size());
        for (Object[] o : raw) {
            Integer t = (Integer) o[2], p = (Integer) o[4];
            String trueLabel = o[3] != null ? (String) o[3] : t == null ? "" : labels.label(t);
            out.add(new ImageRow((Integer) o[0], (String) o[1], t, trueLabel, p, p == null ? "" : labels.label(p), (Double) o[5],
                    (Double) o[6], (Boolean) o[7], (String) o[8], groups.getOrDefault((Integer) o[0], Map.of())));
        }
        return out;
    }

    // ---- maps ------------------------------------------------------------------------------------

    /** Every stored map of one image. */
    public List<StoredMap> maps(int imageId) {
        List<StoredMap> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT method, class, counterfactual, channels, height, width, data FROM maps WHERE image_id = ? ORDER BY method, class, counterfactual")) {
            p.setInt(1, imageId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(decode(r.getString(1), r.getInt(2), r.getBoolean(3), r.getInt(4), r.getInt(5), r.getInt(6), r.getBytes(7)));
            }
        } catch (SQLException e) {
            throw failed("read the maps of image " + imageId, e);
        }
        return out;
    }

    /** One stored map (not counterfactual), or null when the run has none for that method and class. */
    public StoredMap map(int imageId, String method, int classIndex) {
        for (StoredMap m : maps(imageId)) if (m.method().equals(method) && m.classIndex() == classIndex && !m.counterfactual()) return m;
        return null;
    }

    /** The BLOB is little-endian float32, row-major [channels, height, width] (docs/run-database.md). */
    static StoredMap decode(String method, int cls, boolean cf, int channels, int height, int width, byte[] data) {
        long n = (long) channels * height * width;
        if (data == null || data.length != n * 4) {
            throw new GradLensException("The stored " + method + " map of class " + cls + " has " + (data == null ? 0 : data.length)
                    + " bytes; its shape [" + channels + ", " + height + ", " + width + "] needs " + n * 4);
        }
        float[] v = new float[(int) n];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return new StoredMap(method, cls, cf, channels, height, width, v);
    }

    /**
     * Where an image's file is: {@code images.path} is relative to the data set's root (the folder
     * given, or the folder of a manifest/COCO file); an absolute path is used as it is. A relative
     * {@code dataset_path} is tried from the working folder, then from the run's folder.
     */
    public Path imageFile(ImageRow row, RunSummary summary) {
        return imageFile(row.path(), summary.datasetPath());
    }

    public Path imageFile(String path, String datasetPath) {
        return imageFile(location, path, datasetPath);
    }

    /** {@link #imageFile(ImageRow, RunSummary)} without a connection (the window resolves rows it already holds). */
    public static Path imageFile(Path runLocation, String path, String datasetPath) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : datasetRoot(runLocation, datasetPath).resolve(p);
    }

    /** The folder relative image paths start from: the data-set folder, or the folder of a manifest/COCO file. */
    public static Path datasetRoot(Path runLocation, String datasetPath) {
        Path data = Path.of(datasetPath);
        if (!data.isAbsolute() && !Files.exists(data)) {
            Path besideRun = runLocation.toAbsolutePath().getParent();
            if (besideRun != null && Files.exists(besideRun.resolve(data))) data = besideRun.resolve(data);
        }
        if (Files.isDirectory(data)) return data;
        Path parent = data.toAbsolutePath().getParent();
        return parent == null ? data : parent;
    }

    // ---- internals -------------------------------------------------------------------------------

    private RunLabels readLabels() {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT labels_json FROM run LIMIT 1")) {
            if (!r.next()) throw emptyRun();
            String json = r.getString(1);
            return new RunLabels(json == null || json.isBlank() ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() {
            }));
        } catch (SQLException e) {
            throw new GradLensException(location + " is not a GradLens run: " + firstLine(e));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GradLensException("The run " + location + " has unreadable labels (labels_json): " + e.getOriginalMessage());
        }
    }

    private void checkVersion() {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT DISTINCT schema_version FROM run")) {
            while (r.next()) {
                if (r.getInt(1) != RunSchema.VERSION) {
                    throw new GradLensException("The run " + location + " has results schema version " + r.getInt(1)
                            + "; this GradLens reads version " + RunSchema.VERSION);
                }
            }
        } catch (SQLException e) {
            throw new GradLensException(location + " is not a GradLens run: " + firstLine(e));
        }
    }

    private GradLensException emptyRun() {
        return new GradLensException("The run " + location + " is empty: it has no run record (was the run ever started?)");
    }

    private GradLensException failed(String what, SQLException e) {
        return new GradLensException("Cannot " + what + " of " + location + ": " + firstLine(e));
    }

    private PreparedStatement prepare(String sql, List<Object> args) throws SQLException {
        PreparedStatement p = connection.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) p.setObject(i + 1, args.get(i));
        return p;
    }

    private static Integer intOrNull(ResultSet r, int col) throws SQLException {
        int v = r.getInt(col);
        return r.wasNull() ? null : v;
    }

    private static double doubleOrNaN(ResultSet r, int col) throws SQLException {
        double v = r.getDouble(col);
        return r.wasNull() ? Double.NaN : v;
    }

    private static Boolean boolOrNull(ResultSet r, int col) throws SQLException {
        boolean v = r.getBoolean(col);
        return r.wasNull() ? null : v;
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private void closeQuietly() {
        try {
            owner.close();
        } catch (Exception ignored) {
            // already failing: the first error is the one to report
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    @Override
    public String toString() {
        return "RunQueries[" + location + ", " + Arrays.asList(labels.labels().size() + " labels") + "]";
    }
}
