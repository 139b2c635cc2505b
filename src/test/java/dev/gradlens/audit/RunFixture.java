package dev.gradlens.audit;

import dev.gradlens.run.RunDatabase;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Builds small results databases by hand, row by row as docs/run-database.md describes them, so the
 * audit is tested against the contract and not against the run engine. Images, maps, groups and
 * regions go through DuckDB appenders (the benchmark writes 10,000 images).
 */
public final class RunFixture implements AutoCloseable {
    private final RunDatabase db;
    private final DuckDBAppender images, maps, groups, regions, labels;

    public RunFixture(Path file, List<String> labels, String methods, String targets, int layerH, int layerW, int inputW, int inputH,
               String datasetPath, String fingerprint) throws SQLException {
        this(file, labels, methods, targets, layerH, layerW, inputW, inputH, datasetPath, fingerprint,
                "{\"input\": {\"size\": [" + inputW + ", " + inputH + "], \"resize\": \"stretch\"}}");
    }

    public RunFixture(Path file, List<String> labels, String methods, String targets, int layerH, int layerW, int inputW, int inputH,
               String datasetPath, String fingerprint, String descriptorJson) throws SQLException {
        db = RunDatabase.openForWriting(file);
        try (PreparedStatement ps = db.connection().prepareStatement("INSERT INTO run (schema_version, run_id, created_at, model_path,"
                + " model_sha256, descriptor_json, labels_json, layer, layer_height, layer_width, input_width, input_height, methods, targets,"
                + " top_k, dataset_kind, dataset_path, dataset_fingerprint) VALUES (1, 'fixture', now(), 'model.onnx', 'sha', ?, ?,"
                + " 'layer', ?, ?, ?, ?, ?, ?, 5, 'manifest', ?, ?)")) {
            ps.setString(1, descriptorJson);
            ps.setString(2, "[" + String.join(",", labels.stream().map(l -> "\"" + l + "\"").toList()) + "]");
            ps.setInt(3, layerH);
            ps.setInt(4, layerW);
            ps.setInt(5, inputW);
            ps.setInt(6, inputH);
            ps.setString(7, methods);
            ps.setString(8, targets);
            ps.setString(9, datasetPath);
            ps.setString(10, fingerprint);
            ps.execute();
        }
        DuckDBConnection c = db.connection().unwrap(DuckDBConnection.class);
        images = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "images");
        maps = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "maps");
        groups = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "groups");
        regions = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "regions");
        this.labels = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "image_labels");
    }

    /** An image with a result; {@code correct} follows from true == predicted. */
    public RunFixture image(int id, String path, int trueClass, int predicted, double confidence, int width, int height) throws SQLException {
        images.beginRow().append(id).append(path).append(trueClass).append("c" + trueClass).append(width).append(height).append("ok")
                .appendNull().append(predicted).append((float) confidence).append(0.1f).append(trueClass == predicted).endRow();
        labels.beginRow().append(id).append(trueClass).endRow();
        return this;
    }

    public RunFixture failedImage(int id, String path, String status) throws SQLException {
        images.beginRow().append(id).append(path).appendNull().appendNull().appendNull().appendNull().append(status).append("broken")
                .appendNull().appendNull().appendNull().appendNull().endRow();
        return this;
    }

    public RunFixture group(int id, String name, String value) throws SQLException {
        groups.beginRow().append(id).append(name).append(value).endRow();
        return this;
    }

    public RunFixture box(int id, String name, Integer cls, int x0, int y0, int x1, int y1) throws SQLException {
        regions.beginRow().append(id).append(name);
        if (cls == null) regions.appendNull();
        else regions.append((int) cls);
        regions.append(x0).append(y0).append(x1).append(y1).appendNull().endRow();
        return this;
    }

    public RunFixture mask(int id, String name, Integer cls, int x0, int y0, int x1, int y1, int[] rle) throws SQLException {
        ByteBuffer b = ByteBuffer.allocate(4 * rle.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int c : rle) b.putInt(c);
        regions.beginRow().append(id).append(name);
        if (cls == null) regions.appendNull();
        else regions.append((int) cls);
        regions.append(x0).append(y0).append(x1).append(y1).append(b.array()).endRow();
        return this;
    }

    public RunFixture map(int id, String method, int cls, boolean counterfactual, int h, int w, float[] data) throws SQLException {
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) b.putFloat(v);
        maps.beginRow().append(id).append(method).append(cls).append(counterfactual).append(1).append(h).append(w).append(b.array()).endRow();
        return this;
    }

    @Override
    public void close() throws SQLException {
        try {
            for (DuckDBAppender a : List.of(images, maps, groups, regions, labels)) a.close();
        } finally {
            db.close();
        }
    }

    /** A map of h × w that is 1 on the map cells covering the image box [x0, x1) × [y0, y1) of a W × H image, else 0. */
    public static float[] blob(int h, int w, int W, int H, int x0, int y0, int x1, int y1) {
        float[] m = new float[h * w];
        for (int a = 0; a < h; a++) {
            for (int b = 0; b < w; b++) {
                double cx = (b + 0.5) * W / w, cy = (a + 0.5) * H / h;
                if (cx >= x0 && cx < x1 && cy >= y0 && cy < y1) m[a * w + b] = 1;
            }
        }
        return m;
    }
}
