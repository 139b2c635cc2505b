package dev.gradlens.run;

import dev.gradlens.GradLensException;
import dev.gradlens.dataset.Region;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes batches of image results, each batch in ONE transaction: an image's row appears together
 * with its predictions, maps, metrics, labels, groups and regions or not at all (the resumability rule of
 * docs/run-database.md). Each table gets one multi-row INSERT per batch (DuckDB runs a statement of
 * many rows far faster than as many one-row statements); statements are cached by row count.
 */
final class RunWriter implements AutoCloseable {
    private static final int MAX_ROWS = 64;
    private final Connection c;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Table images = new Table("images", "image_id, path, true_class, true_label, width, height, status, error,"
            + " predicted_class, confidence, margin, correct", 12);
    private final Table labels = new Table("image_labels", "image_id, class", 2);
    private final Table groups = new Table("groups", "image_id, name, value", 3);
    private final Table regions = new Table("regions", "image_id, name, class, x0, y0, x1, y1, mask", 8);
    private final Table predictions = new Table("predictions", "image_id, rank, class, score, probability", 5);
    private final Table maps = new Table("maps", "image_id, method, class, counterfactual, channels, height, width, data", 8);
    private final Table metrics = new Table("metrics", "image_id, method, class, counterfactual, metric, value, curve", 7);

    /** The rows of one table in the batch at hand. */
    private record Table(String name, String columns, int width, List<Object[]> rows) {
        Table(String name, String columns, int width) {
            this(name, columns, width, new ArrayList<>());
        }

        void add(Object... row) {
            rows.add(row);
        }
    }

    RunWriter(Connection c) {
        this.c = c;
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw new GradLensException("Cannot prepare the run database for writing: " + RunDatabase.firstLine(e));
        }
    }

    void write(List<ImageResult> batch) {
        List<Table> tables = List.of(images, labels, groups, regions, predictions, maps, metrics);
        try {
            for (ImageResult r : batch) add(r);
            for (Table t : tables) insert(t);
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the uncommitted batch is lost either way, and recomputed on resume
            }
            throw new GradLensException("Cannot write results to the run database: " + RunDatabase.firstLine(e));
        } finally {
            for (Table t : tables) t.rows().clear();
        }
    }

    private void insert(Table t) throws SQLException {
        List<Object[]> rows = t.rows();
        for (int from = 0; from < rows.size(); ) {
            // statements of 64, 16, 4 or 1 rows: a few cached statements serve every batch (preparing
            // a statement of hundreds of parameters costs more than executing it)
            int left = rows.size() - from, n = 1;
            while (n * 4 <= Math.min(left, MAX_ROWS)) n *= 4;
            PreparedStatement p = statement(t, n);
            int i = 1;
            for (Object[] row : rows.subList(from, from + n)) {
                for (Object v : row) {
                    if (v == null) p.setObject(i++, null);
                    else if (v instanceof byte[] b) p.setBytes(i++, b);
                    else p.setObject(i++, v);
                }
            }
            p.execute();
            from += n;
        }
    }

    private PreparedStatement statement(Table t, int rows) throws SQLException {
        String key = t.name() + "/" + rows;
        PreparedStatement p = statements.get(key);
        if (p == null) {
            String one = "(" + String.join(", ", java.util.Collections.nCopies(t.width(), "?")) + ")";
            p = c.prepareStatement("INSERT INTO " + t.name() + " (" + t.columns() + ") VALUES "
                    + String.join(", ", java.util.Collections.nCopies(rows, one)));
            statements.put(key, p);
        }
        return p;
    }

    private void add(ImageResult r) {
        DecodedImage d = r.image();
        int id = d.item().index();
        Integer pred = r.predicted();
        Float confidence = null, margin = null;
        Boolean correct = null;
        if (pred != null) {
            float p1 = r.probs()[pred], p2 = r.top().length > 1 ? r.probs()[r.top()[1]] : 0f;
            confidence = p1;
            margin = p1 - p2;
            if (!r.labels().isEmpty()) correct = r.labels().contains(pred);
        }
        images.add(id, d.item().path(), r.trueClass(), d.item().labels().isEmpty() ? null : d.item().labels().get(0),
                d.width() > 0 ? d.width() : null, d.height() > 0 ? d.height() : null, d.status(), d.error(), pred, confidence, margin, correct);
        for (int cls : r.labels()) labels.add(id, cls);
        for (Map.Entry<String, String> g : d.item().groups().entrySet()) groups.add(id, g.getKey(), g.getValue());
        for (int i = 0; i < d.regions().size(); i++) {
            Region reg = d.regions().get(i);
            regions.add(id, reg.name(), r.regionClass().get(i), reg.x0(), reg.y0(), reg.x1(), reg.y1(), reg.mask() == null ? null : ints(reg.mask()));
        }
        for (int rank = 0; rank < r.top().length; rank++) {
            int cls = r.top()[rank];
            predictions.add(id, rank, cls, r.scores()[cls], r.probs()[cls]);
        }
        for (ImageResult.StoredMap m : r.maps()) {
            int[] s = m.map().shape();
            maps.add(id, m.method(), m.classIndex(), m.counterfactual(), s.length == 3 ? s[0] : 1, s[s.length - 2], s[s.length - 1],
                    floats(m.map().data()));
        }
        for (ImageResult.StoredMetric m : r.metrics()) {
            metrics.add(id, m.method(), m.classIndex(), m.counterfactual(), m.metric(), m.value(), m.curve() == null ? null : floats(m.curve()));
        }
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
        for (PreparedStatement p : statements.values()) {
            try {
                p.close();
            } catch (SQLException ignored) {
                // closing after a failed write: nothing to save
            }
        }
        statements.clear();
    }
}
