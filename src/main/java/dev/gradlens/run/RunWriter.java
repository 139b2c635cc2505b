package dev.gradlens.run;

import dev.gradlens.GradLensException;
import dev.gradlens.dataset.Region;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;

/**
 * Writes batches of image results, each batch in ONE transaction: an image's row appears together
 * with its predictions, maps, labels, groups and regions or not at all (the resumability rule of
 * docs/run-database.md). Batched prepared statements: one round trip per table per batch.
 */
final class RunWriter implements AutoCloseable {
    private final Connection c;
    private final PreparedStatement images, labels, groups, regions, predictions, maps;

    RunWriter(Connection c) {
        this.c = c;
        try {
            c.setAutoCommit(false);
            images = c.prepareStatement("INSERT INTO images (image_id, path, true_class, true_label, width, height, status, error,"
                    + " predicted_class, confidence, margin, correct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            labels = c.prepareStatement("INSERT INTO image_labels (image_id, class) VALUES (?, ?)");
            groups = c.prepareStatement("INSERT INTO groups (image_id, name, value) VALUES (?, ?, ?)");
            regions = c.prepareStatement("INSERT INTO regions (image_id, name, class, x0, y0, x1, y1, mask) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            predictions = c.prepareStatement("INSERT INTO predictions (image_id, rank, class, score, probability) VALUES (?, ?, ?, ?, ?)");
            maps = c.prepareStatement("INSERT INTO maps (image_id, method, class, counterfactual, channels, height, width, data)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        } catch (SQLException e) {
            throw new GradLensException("Cannot prepare the run database for writing: " + RunDatabase.firstLine(e));
        }
    }

    void write(List<ImageResult> batch) {
        try {
            for (ImageResult r : batch) add(r);
            for (PreparedStatement p : List.of(images, labels, groups, regions, predictions, maps)) p.executeBatch();
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the uncommitted batch is lost either way, and recomputed on resume
            }
            throw new GradLensException("Cannot write results to the run database: " + RunDatabase.firstLine(e));
        }
    }

    private void add(ImageResult r) throws SQLException {
        DecodedImage d = r.image();
        int id = d.item().index();
        images.setInt(1, id);
        images.setString(2, d.item().path());
        setInt(images, 3, r.trueClass());
        images.setString(4, d.item().labels().isEmpty() ? null : d.item().labels().get(0));
        setInt(images, 5, d.width() > 0 ? d.width() : null);
        setInt(images, 6, d.height() > 0 ? d.height() : null);
        images.setString(7, d.status());
        images.setString(8, d.error());
        Integer pred = r.predicted();
        setInt(images, 9, pred);
        if (pred != null) {
            float p1 = r.probs()[pred], p2 = r.top().length > 1 ? r.probs()[r.top()[1]] : 0f;
            images.setFloat(10, p1);
            images.setFloat(11, p1 - p2);
            if (r.labels().isEmpty()) images.setNull(12, Types.BOOLEAN);
            else images.setBoolean(12, r.labels().contains(pred));
        } else {
            images.setNull(10, Types.FLOAT);
            images.setNull(11, Types.FLOAT);
            images.setNull(12, Types.BOOLEAN);
        }
        images.addBatch();
        for (int cls : r.labels()) {
            labels.setInt(1, id);
            labels.setInt(2, cls);
            labels.addBatch();
        }
        for (Map.Entry<String, String> g : d.item().groups().entrySet()) {
            groups.setInt(1, id);
            groups.setString(2, g.getKey());
            groups.setString(3, g.getValue());
            groups.addBatch();
        }
        for (int i = 0; i < d.regions().size(); i++) {
            Region reg = d.regions().get(i);
            regions.setInt(1, id);
            regions.setString(2, reg.name());
            setInt(regions, 3, r.regionClass().get(i));
            regions.setInt(4, reg.x0());
            regions.setInt(5, reg.y0());
            regions.setInt(6, reg.x1());
            regions.setInt(7, reg.y1());
            if (reg.mask() == null) regions.setNull(8, Types.BLOB);
            else regions.setBytes(8, ints(reg.mask()));
            regions.addBatch();
        }
        for (int rank = 0; rank < r.top().length; rank++) {
            int cls = r.top()[rank];
            predictions.setInt(1, id);
            predictions.setInt(2, rank);
            predictions.setInt(3, cls);
            predictions.setFloat(4, r.scores()[cls]);
            predictions.setFloat(5, r.probs()[cls]);
            predictions.addBatch();
        }
        for (ImageResult.StoredMap m : r.maps()) {
            int[] s = m.map().shape();
            maps.setInt(1, id);
            maps.setString(2, m.method());
            maps.setInt(3, m.classIndex());
            maps.setBoolean(4, m.counterfactual());
            maps.setInt(5, s.length == 3 ? s[0] : 1);
            maps.setInt(6, s[s.length - 2]);
            maps.setInt(7, s[s.length - 1]);
            maps.setBytes(8, floats(m.map().data()));
            maps.addBatch();
        }
    }

    private static void setInt(PreparedStatement p, int i, Integer v) throws SQLException {
        if (v == null) p.setNull(i, Types.INTEGER);
        else p.setInt(i, v);
    }

    /** Little-endian float32, as docs/run-database.md specifies for maps.data. */
    static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /** Little-endian int32 run lengths, as docs/run-database.md specifies for regions.mask. */
    static byte[] ints(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        return b.array();
    }

    @Override
    public void close() {
        for (PreparedStatement p : new PreparedStatement[] {images, labels, groups, regions, predictions, maps}) {
            try {
                if (p != null) p.close();
            } catch (SQLException ignored) {
                // closing after a failed write: nothing to save
            }
        }
    }
}
