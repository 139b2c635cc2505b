package dev.gradlens.metrics;

import dev.gradlens.GradLensException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each image's metric values from a run's {@code metrics} table (docs/run-database.md), one column
 * per (method, metric), for a table that sorts images by any metric. The same rows as
 * {@link MetricsSummary}: the class the role names (by default the predicted one), not counterfactual.
 * An undefined value (NULL, or a NaN written by mistake) reads as null.
 */
public final class ImageMetrics {
    /** One metric of one method, as the run names them ({@code gradcam}, {@code average-drop}). */
    public record Column(String method, String metric) {
    }

    public static final ImageMetrics NONE = new ImageMetrics(List.of(), Map.of());

    private final List<Column> columns;
    private final Map<Integer, Double[]> values;

    private ImageMetrics(List<Column> columns, Map<Integer, Double[]> values) {
        this.columns = List.copyOf(columns);
        this.values = values;
    }

    public static ImageMetrics read(Connection connection, Path location, MetricsSummary.ClassRole role) {
        String sql = "SELECT m.image_id, m.method, m.metric, m.value FROM metrics m JOIN images i ON i.image_id = m.image_id "
                + "WHERE NOT m.counterfactual AND m.class = " + role.column + " ORDER BY m.method, m.metric";
        Map<Column, Integer> index = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                Column c = new Column(r.getString(2), r.getString(3));
                index.computeIfAbsent(c, k -> index.size());
                double v = r.getDouble(4);
                rows.add(new Object[] {r.getInt(1), index.get(c), r.wasNull() || Double.isNaN(v) ? null : v});
            }
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the metrics of " + location + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        Map<Integer, Double[]> values = new HashMap<>();
        for (Object[] row : rows) values.computeIfAbsent((Integer) row[0], k -> new Double[index.size()])[(Integer) row[1]] = (Double) row[2];
        return new ImageMetrics(new ArrayList<>(index.keySet()), values);
    }

    /** The (method, metric) pairs present, sorted by method then metric. */
    public List<Column> columns() {
        return columns;
    }

    /** The value of one image, or null when the image has none or it is undefined. */
    public Double value(int imageId, Column column) {
        int i = columns.indexOf(column);
        Double[] v = values.get(imageId);
        return i < 0 || v == null ? null : v[i];
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }
}
