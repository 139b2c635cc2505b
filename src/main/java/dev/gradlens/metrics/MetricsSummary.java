package dev.gradlens.metrics;

import dev.gradlens.GradLensException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-set level faithfulness from a run's {@code metrics} table (docs/run-database.md), in plain
 * SQL so it reads a .duckdb file and a Parquet folder alike: per method and metric the mean over
 * images (undefined values are counted, never averaged: SQL's AVG skips NULL) with a 95 %
 * percentile-bootstrap confidence interval, and the Win % matrix of Average Drop between methods.
 * Rows of the class each image's role names are used: by default the predicted class, not
 * counterfactual.
 */
public final class MetricsSummary {
    public static final int DEFAULT_RESAMPLES = 2000;

    /** Which class's rows of an image are summarised. */
    public enum ClassRole {
        PREDICTED("i.predicted_class"), TRUE("i.true_class");

        final String column;

        ClassRole(String column) {
            this.column = column;
        }
    }

    /** Mean of one metric of one method, with its 95 % bootstrap interval (null when nothing is defined). */
    public record Row(String method, String metric, int images, int undefined, Double mean, Double ciLow, Double ciHigh) {
    }

    /** A's wins / ties / losses against B on Average Drop. */
    public record Win(String methodA, String methodB, WinPercent counts) {
    }

    private MetricsSummary() {
    }

    /**
     * Mean and 95 % bootstrap interval per method and metric, read from any connection that has a run's tables (a run
     * database's, the failure browser's); {@code location} names the run in messages.
     */
    public static List<Row> means(java.sql.Connection connection, String location, ClassRole role, int resamples, long seed) {
        String sql = "SELECT m.method, m.metric, m.value FROM metrics m JOIN images i ON i.image_id = m.image_id "
                + "WHERE NOT m.counterfactual AND m.class = " + role.column + " ORDER BY m.method, m.metric, m.image_id";
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, int[]> undefined = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                String key = r.getString(1) + "\u0000" + r.getString(2);
                double v = r.getDouble(3);
                boolean isNull = r.wasNull() || Double.isNaN(v); // a NaN written by mistake counts as undefined too
                values.computeIfAbsent(key, k -> new ArrayList<>());
                undefined.computeIfAbsent(key, k -> new int[1]);
                if (isNull) undefined.get(key)[0]++;
                else values.get(key).add(v);
            }
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the metrics of " + location + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<Row> out = new ArrayList<>();
        for (var e : values.entrySet()) {
            String[] k = e.getKey().split("\u0000", 2);
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            int und = undefined.get(e.getKey())[0];
            if (v.length == 0) {
                out.add(new Row(k[0], k[1], und, und, null, null, null));
                continue;
            }
            double[] ci = BootstrapCi.percentile95(v, resamples, seed);
            out.add(new Row(k[0], k[1], v.length + und, und, BootstrapCi.mean(v), ci[0], ci[1]));
        }
        return out;
    }

    /** Win % on Average Drop between every pair of methods, read from any connection that has a run's tables. */
    public static List<Win> winMatrix(java.sql.Connection connection, String location, ClassRole role) {
        String sql = """
                SELECT a.method, b.method,
                       SUM(CASE WHEN a.value < b.value THEN 1 ELSE 0 END),
                       SUM(CASE WHEN a.value = b.value THEN 1 ELSE 0 END),
                       SUM(CASE WHEN a.value > b.value THEN 1 ELSE 0 END)
                FROM metrics a
                JOIN metrics b ON b.image_id = a.image_id AND b.class = a.class AND b.counterfactual = a.counterfactual
                                  AND b.metric = a.metric AND b.method <> a.method
                JOIN images i ON i.image_id = a.image_id
                WHERE a.metric = 'average-drop' AND NOT a.counterfactual AND a.class = %s
                  AND a.value IS NOT NULL AND b.value IS NOT NULL AND NOT isnan(a.value) AND NOT isnan(b.value)
                GROUP BY a.method, b.method ORDER BY a.method, b.method
                """.formatted(role.column);
        List<Win> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet r = ps.executeQuery()) {
            while (r.next()) out.add(new Win(r.getString(1), r.getString(2), new WinPercent(r.getInt(3), r.getInt(4), r.getInt(5))));
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the metrics of " + location + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        return out;
    }
}
