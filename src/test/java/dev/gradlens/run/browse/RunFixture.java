package dev.gradlens.run.browse;

import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.RunSchema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small run databases the way the run engine writes them (docs/run-database.md): a run row,
 * images with predictions, groups, and float32 maps, plus real PNG files under a data-set folder
 * that {@code images.path} points into. Tests state every number, so expected values come from the
 * fixture's rows, not from the code under test.
 */
public final class RunFixture {
    public record Img(int id, String path, Integer trueClass, Integer predicted, float confidence, float margin, String status,
                      String error, Map<String, String> groups) {
    }

    public record MapRow(int imageId, String method, int cls, boolean counterfactual, int channels, int height, int width, float[] data) {
    }

    private final Path dir;
    private final Path data;
    private List<String> labels = List.of("cat", "dog", "fox", "wolf");
    private String methods = "gradcam";
    private int version = RunSchema.VERSION;
    private boolean runRow = true;
    private String modelPath = "/models/toy.onnx";
    private String modelSha = "abc123";
    private final List<Img> images = new ArrayList<>();
    private final List<MapRow> maps = new ArrayList<>();

    public RunFixture(Path dir) {
        this.dir = dir;
        this.data = dir.resolve("data");
    }

    public Path dataDir() {
        return data;
    }

    public RunFixture labels(String... l) {
        labels = List.of(l);
        return this;
    }

    public RunFixture methods(String m) {
        methods = m;
        return this;
    }

    public RunFixture version(int v) {
        version = v;
        return this;
    }

    /** The model the run claims (path and SHA-256 of its bytes). */
    public RunFixture model(String path, String sha256) {
        modelPath = path;
        modelSha = sha256;
        return this;
    }

    public RunFixture withoutRunRow() {
        runRow = false;
        return this;
    }

    /** A readable image; {@code groups} as "name=value" pairs. */
    public RunFixture image(int id, Integer trueClass, Integer predicted, double confidence, double margin, String... groups) {
        Map<String, String> g = new LinkedHashMap<>();
        for (String s : groups) g.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        String folder = trueClass == null ? "unlabelled" : labels.get(trueClass);
        images.add(new Img(id, folder + "/img" + id + ".png", trueClass, predicted, (float) confidence, (float) margin, "ok", null, g));
        return this;
    }

    public RunFixture failed(int id, String path, String status, String error) {
        images.add(new Img(id, path, null, null, Float.NaN, Float.NaN, status, error, Map.of()));
        return this;
    }

    public RunFixture map(int imageId, String method, int cls, int height, int width, float... values) {
        if (values.length != height * width) throw new IllegalArgumentException("values");
        maps.add(new MapRow(imageId, method, cls, false, 1, height, width, values));
        return this;
    }

    /** Grad-CAM maps for the true and predicted class of every readable image: a bright cell whose place depends on the class. */
    public RunFixture camsForAll(int h, int w) {
        for (Img i : images) {
            if (!"ok".equals(i.status)) continue;
            for (Integer c : new java.util.LinkedHashSet<>(Arrays.asList(i.trueClass, i.predicted))) {
                if (c == null) continue;
                float[] v = new float[h * w];
                v[(c * 5 + i.id) % v.length] = 2f;
                maps.add(new MapRow(i.id, "gradcam", c, false, 1, h, w, v));
            }
        }
        return this;
    }

    /** Little-endian float32, as the schema stores maps. */
    public static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    /** Writes the PNGs and the .duckdb file; returns the run file. */
    public Path write() throws Exception {
        return write(dir.resolve("run.duckdb"));
    }

    public Path write(Path file) throws Exception {
        writePictures();
        try (RunDatabase db = RunDatabase.openForWriting(file); Statement s = db.connection().createStatement()) {
            if (runRow) writeRunRecord(db);
            appendImages(db, 0, images.size());
            s.execute("CHECKPOINT");
        }
        return file;
    }

    /** The PNG files of the readable images under {@link #dataDir()}. */
    public void writePictures() throws Exception {
        for (Img i : images) {
            if (!"ok".equals(i.status)) continue;
            Path png = data.resolve(i.path);
            Files.createDirectories(png.getParent());
            PngIO.write(picture(i), png);
        }
    }

    public int imageCount() {
        return images.size();
    }

    public void writeRunRecord(RunDatabase db) throws Exception {
        String labelsJson = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(labels);
        try (PreparedStatement p = db.connection().prepareStatement("INSERT INTO run (schema_version, run_id, created_at, model_path,"
                + " model_sha256, labels_json, layer, layer_height, layer_width, methods, top_k, dataset_kind, dataset_path,"
                + " dataset_fingerprint) VALUES (?, 'run-1', TIMESTAMP '2026-12-04 10:00:00', ?, ?, ?,"
                + " 'layer4', 4, 4, ?, 5, 'imagefolder', ?, 'fp')")) {
            p.setInt(1, version);
            p.setString(2, modelPath);
            p.setString(3, modelSha);
            p.setString(4, labelsJson);
            p.setString(5, methods);
            p.setString(6, data.toAbsolutePath().toString());
            p.execute();
        }
    }

    /** Images from..to (fixture order) with their groups, predictions and maps, in one transaction as the engine commits a batch. */
    public void appendImages(RunDatabase db, int from, int to) throws Exception {
        var c = db.connection();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO images (image_id, path, true_class, true_label, width, height,"
                + " status, error, predicted_class, confidence, margin, correct) VALUES (?, ?, ?, ?, 64, 48, ?, ?, ?, ?, ?, ?)");
             PreparedStatement g = c.prepareStatement("INSERT INTO groups VALUES (?, ?, ?)");
             PreparedStatement pr = c.prepareStatement("INSERT INTO predictions VALUES (?, 0, ?, 0, ?)");
             PreparedStatement mp = c.prepareStatement("INSERT INTO maps VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Img i : images.subList(from, to)) {
                boolean ok = "ok".equals(i.status);
                p.setInt(1, i.id);
                p.setString(2, i.path);
                p.setObject(3, i.trueClass);
                p.setObject(4, i.trueClass == null ? null : labels.get(i.trueClass));
                p.setString(5, i.status);
                p.setString(6, i.error);
                p.setObject(7, i.predicted);
                p.setObject(8, ok ? i.confidence : null);
                p.setObject(9, ok ? i.margin : null);
                p.setObject(10, ok && i.trueClass != null ? i.trueClass.equals(i.predicted) : null);
                p.execute();
                for (var e : i.groups.entrySet()) {
                    g.setInt(1, i.id);
                    g.setString(2, e.getKey());
                    g.setString(3, e.getValue());
                    g.execute();
                }
                if (ok) {
                    pr.setInt(1, i.id);
                    pr.setInt(2, i.predicted);
                    pr.setFloat(3, i.confidence);
                    pr.execute();
                }
                for (MapRow m : maps) {
                    if (m.imageId != i.id) continue;
                    mp.setInt(1, m.imageId);
                    mp.setString(2, m.method);
                    mp.setInt(3, m.cls);
                    mp.setBoolean(4, m.counterfactual);
                    mp.setInt(5, m.channels);
                    mp.setInt(6, m.height);
                    mp.setInt(7, m.width);
                    mp.setBytes(8, floats(m.data));
                    mp.execute();
                }
            }
            c.commit();
        } catch (Exception e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The same run as a Parquet folder (one folder per table), as export and the Spark job write it. */
    public static Path toParquet(Path runFile, Path folder) throws Exception {
        try (RunDatabase db = RunDatabase.openForReading(runFile); Statement s = db.connection().createStatement()) {
            for (String t : RunSchema.TABLES) {
                Files.createDirectories(folder.resolve(t));
                s.execute("COPY " + t + " TO '" + folder.resolve(t).resolve("part-0.parquet").toAbsolutePath() + "' (FORMAT parquet)");
            }
        }
        return folder;
    }

    /** A 64 × 48 picture whose colour says its class: something to see in thumbnails and overlays. */
    private static RgbImage picture(Img i) {
        int w = 64, h = 48;
        int[] px = new int[w * h];
        int c = i.trueClass == null ? 7 : i.trueClass;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (c * 70 + x * 2) & 0xFF, gr = (c * 40 + y * 3) & 0xFF, b = (i.id * 23) & 0xFF;
                px[y * w + x] = 0xFF000000 | r << 16 | gr << 8 | b;
            }
        }
        return new RgbImage(w, h, px);
    }

    /**
     * A run of {@code n} synthetic rows written by SQL (for speed measurements): image i has true class
     * i % 4, predicted class 7i % 4 (so the even images are the mistakes), confidence (i % 1000) / 1000,
     * group background = snow when i % 3 == 0, else grass. No image files.
     */
    public static Path large(Path dir, int n) throws Exception {
        Path file = new RunFixture(dir).write(dir.resolve("large.duckdb"));
        try (RunDatabase db = RunDatabase.openForWriting(file); Statement s = db.connection().createStatement()) {
            s.execute("INSERT INTO images (image_id, path, true_class, status, predicted_class, confidence, margin, correct)"
                    + " SELECT i, 'img' || i || '.png', i % 4, 'ok', (i * 7) % 4, (i % 1000) / 1000.0, (i % 997) / 997.0, i % 4 = (i * 7) % 4"
                    + " FROM range(" + n + ") t(i)");
            s.execute("INSERT INTO groups SELECT i, 'background', CASE WHEN i % 3 = 0 THEN 'snow' ELSE 'grass' END FROM range(" + n + ") t(i)");
        }
        return file;
    }

    /** The worked example most tests use (see RunQueriesTest for the numbers it gives). */
    public static RunFixture example(Path dir) {
        return new RunFixture(dir)
                .image(0, 0, 0, 0.90, 0.80, "background=grass")
                .image(1, 0, 1, 0.80, 0.50, "background=snow")
                .image(2, 0, 1, 0.60, 0.20, "background=grass")
                .image(3, 1, 1, 0.70, 0.40, "background=snow")
                .image(4, 1, 0, 0.95, 0.90, "background=grass")
                .image(5, 2, 1, 0.50, 0.10, "background=snow")
                .image(6, 2, 2, 0.85, 0.70, "background=grass")
                .failed(7, "cat/broken.jpg", "unreadable", "cat/broken.jpg is not an image")
                .image(8, null, 0, 0.60, 0.30)
                .image(9, 2, 3, 0.40, 0.05, "background=snow");
    }
}
