package dev.gradlens.run.browse;

import dev.gradlens.GradLensException;
import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.MetricsSummary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read side of a run's {@code metrics} table (docs/run-database.md), for the CLI ({@code failures
 * --sort METRIC}, {@code report}) and the window: which methods and metrics the run has, their means
 * with 95 % intervals and the Win % matrix ({@link MetricsSummary}), one metric's value per image,
 * the failure list ordered by a metric, and one image's values with their curves. Plain SQL on the
 * {@link RunQueries} connection it comes from ({@link RunQueries#metrics()}), so a .duckdb file and a
 * Parquet folder read alike; used from one thread at a time, like that connection.
 *
 * <p>Per-image values are those of the map of the image's predicted class (not counterfactual), the
 * class a run scores ({@code dev.gradlens.run.RunMetrics}) and the Grad-CAM++ paper's protocol.
 */
public final class MetricQueries {
    /** The order of a metric sort. Undefined values (NULL) and images without the metric come last in every order. */
    public enum Order {
        /** The images where the method is least faithful first (high drop, high deletion AUC, low insertion AUC, …). */
        LEAST_FAITHFUL_FIRST,
        MOST_FAITHFUL_FIRST,
        ASCENDING,
        DESCENDING
    }

    /** One metrics row of one image: value null when undefined; curve null when the metric has none. */
    public record ImageMetric(String method, int classIndex, boolean counterfactual, String metric, Double value, float[] curve) {
    }

    private final Connection connection;
    private final String location;

    MetricQueries(Connection connection, String location) {
        this.connection = connection;
        this.location = location;
    }

    /** True when the run holds metrics rows (it was run with --metrics). */
    public boolean any() {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM (SELECT 1 FROM metrics LIMIT 1)")) {
            r.next();
            return r.getLong(1) > 0;
        } catch (SQLException e) {
            throw failed("read the metrics", e);
        }
    }

    /** Methods with metrics rows, sorted by id. */
    public List<String> methods() {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT DISTINCT method FROM metrics ORDER BY method")) {
            while (r.next()) out.add(r.getString(1));
        } catch (SQLException e) {
            throw failed("list the methods with metrics", e);
        }
        return out;
    }

    /** Metrics present, in {@link Metric} order (ids this version does not know are left out). */
    public List<Metric> metrics() {
        Set<Metric> found = EnumSet.noneOf(Metric.class);
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT DISTINCT metric FROM metrics")) {
            while (r.next()) {
                for (Metric m : Metric.values()) if (m.id().equals(r.getString(1))) found.add(m);
            }
        } catch (SQLException e) {
            throw failed("list the metrics", e);
        }
        return List.copyOf(found);
    }

    /** Means with 95 % percentile-bootstrap intervals per method and metric (predicted class), seeded: a report is reproducible. */
    public List<MetricsSummary.Row> means() {
        return MetricsSummary.means(connection, location, MetricsSummary.ClassRole.PREDICTED, MetricsSummary.DEFAULT_RESAMPLES, 0);
    }

    /** Win % of Average Drop between every ordered pair of methods (predicted class). */
    public List<MetricsSummary.Win> wins() {
        return MetricsSummary.winMatrix(connection, location, MetricsSummary.ClassRole.PREDICTED);
    }

    /**
     * One metric of one method for every image that has its row: image id → value (null where
     * undefined). Images without a row (unreadable, or a run without that method) are absent.
     */
    public Map<Integer, Double> values(String method, Metric metric) {
        String sql = "SELECT m.image_id, m.value FROM metrics m JOIN images i ON i.image_id = m.image_id "
                + "WHERE m.method = ? AND m.metric = ? AND NOT m.counterfactual AND m.class = i.predicted_class";
        Map<Integer, Double> out = new HashMap<>();
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setString(1, method);
            p.setString(2, metric.id());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    double v = r.getDouble(2);
                    out.put(r.getInt(1), r.wasNull() || Double.isNaN(v) ? null : v);
                }
            }
        } catch (SQLException e) {
            throw failed("read " + metric.id() + " of " + method, e);
        }
        return out;
    }

    /**
     * The images {@code filter} selects (its own sort ignored), ordered by one metric of one method;
     * ties by image id; at most {@code filter.limit()} rows (0: all).
     *
     * @throws GradLensException when the run has no such metric for that method (one line listing what it has)
     */
    public List<ImageRow> rows(RunQueries q, FailureFilter filter, String method, Metric metric, Order order) {
        requirePresent(method, metric);
        Map<Integer, Double> v = values(method, metric);
        List<ImageRow> rows = new ArrayList<>(q.rows(filter.withSort(FailureFilter.Sort.IMAGE).withLimit(0)));
        rows.sort(comparator(v, metric, order));
        return filter.limit() > 0 && rows.size() > filter.limit() ? List.copyOf(rows.subList(0, filter.limit())) : rows;
    }

    /** The order as a comparator over rows given each image's value (the window sorts rows it holds with it). */
    public static Comparator<ImageRow> comparator(Map<Integer, Double> values, Metric metric, Order order) {
        boolean descending = switch (order) {
            case ASCENDING -> false;
            case DESCENDING -> true;
            case LEAST_FAITHFUL_FIRST -> !higherIsMoreFaithful(metric);
            case MOST_FAITHFUL_FIRST -> higherIsMoreFaithful(metric);
        };
        Comparator<ImageRow> byValue = (a, b) -> {
            Double x = values.get(a.imageId()), y = values.get(b.imageId());
            if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1; // undefined and missing last
            return descending ? Double.compare(y, x) : Double.compare(x, y);
        };
        return byValue.thenComparingInt(ImageRow::imageId);
    }

    /**
     * Whether a larger value means a more faithful map: O, Increase, the insertion AUC and ROAD LeRF
     * (the score stays while the least relevant pixels go) — yes; Average Drop, the deletion AUC and
     * ROAD MoRF (the score falls fast when the most relevant pixels go) — no.
     */
    public static boolean higherIsMoreFaithful(Metric m) {
        return switch (m) {
            case MASKED_SCORE, INCREASE, INSERTION_AUC, ROAD_LERF -> true;
            case AVERAGE_DROP, DELETION_AUC, ROAD_MORF -> false;
        };
    }

    /** Every metrics row of one image (all classes, methods, metrics), with curves, ordered by method, class, metric. */
    public List<ImageMetric> ofImage(int imageId) {
        List<ImageMetric> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT method, class, counterfactual, metric, value, curve FROM metrics WHERE image_id = ? ORDER BY method, class, counterfactual, metric")) {
            p.setInt(1, imageId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    double v = r.getDouble(5);
                    Double value = r.wasNull() || Double.isNaN(v) ? null : v;
                    byte[] c = r.getBytes(6);
                    out.add(new ImageMetric(r.getString(1), r.getInt(2), r.getBoolean(3), r.getString(4), value, c == null ? null : floats(c)));
                }
            }
        } catch (SQLException e) {
            throw failed("read the metrics of image " + imageId, e);
        }
        return out;
    }

    /** The method a metric sort uses when none is named: gradcam when it has metrics, else the first one that has. */
    public String defaultMethod() {
        List<String> ms = methods();
        if (ms.isEmpty()) throw new GradLensException("The run has no metrics: make it with 'gradlens run … --metrics faithfulness' (or deletion-insertion, road, all)");
        return ms.contains("gradcam") ? "gradcam" : ms.get(0);
    }

    private void requirePresent(String method, Metric metric) {
        List<String> ms = methods();
        if (ms.isEmpty()) throw new GradLensException("The run has no metrics: make it with 'gradlens run … --metrics faithfulness' (or deletion-insertion, road, all)");
        if (!ms.contains(method)) throw new GradLensException("The run has no metrics of " + method + "; it has them for " + String.join(", ", ms));
        List<Metric> have = metrics();
        if (!have.contains(metric)) {
            throw new GradLensException("The run has no " + metric.id() + " values; it has " + String.join(", ", have.stream().map(Metric::id).toList()));
        }
    }

    private static float[] floats(byte[] b) {
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    private GradLensException failed(String what, SQLException e) {
        return new GradLensException("Cannot " + what + " of " + location + ": " + RunQueries.firstLine(e));
    }
}
