package dev.gradlens.spark;

import dev.gradlens.run.RunDatabase;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares two runs read back through {@link RunDatabase} (as the desktop reads them): every row
 * equal, floats (confidence, margin, scores, probabilities, map values) within a tolerance.
 */
final class ParquetRuns {
    private ParquetRuns() {
    }

    static List<List<Object>> rows(Path run, String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (RunDatabase db = RunDatabase.openForReading(run); Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object o = r.getObject(i);
                    if (o instanceof java.sql.Blob b) o = b.getBytes(1, (int) b.length());
                    row.add(o);
                }
                out.add(row);
            }
        }
        return out;
    }

    static long count(Path run, String sql) throws Exception {
        return ((Number) rows(run, sql).get(0).get(0)).longValue();
    }

    /** Column names and Parquet types of a file, as DuckDB's parquet_schema() lists them. */
    static List<List<Object>> schema(Path parquet) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name, type, repetition_type, converted_type, logical_type FROM parquet_schema('"
                     + parquet.toAbsolutePath() + "')")) {
            while (r.next()) out.add(List.of(String.valueOf(r.getObject(1)), String.valueOf(r.getObject(2)), String.valueOf(r.getObject(3)),
                    String.valueOf(r.getObject(4)), String.valueOf(r.getObject(5))));
        }
        return out;
    }

    /**
     * Asserts both runs hold the same rows: {@code exact} columns equal, {@code close} float columns
     * within {@code tol}; rows ordered by {@code order}.
     */
    static void assertSame(Path expected, Path actual, String table, String exact, String close, String order, double tol) throws Exception {
        String sql = "SELECT " + exact + (close.isEmpty() ? "" : ", " + close) + " FROM " + table + " ORDER BY " + order;
        List<List<Object>> e = rows(expected, sql), a = rows(actual, sql);
        assertEquals(e.size(), a.size(), table + ": row count");
        int nExact = exact.split(",").length;
        for (int i = 0; i < e.size(); i++) {
            for (int j = 0; j < e.get(i).size(); j++) {
                Object x = e.get(i).get(j), y = a.get(i).get(j);
                String where = table + " row " + i + " column " + j + " " + e.get(i).subList(0, Math.min(3, nExact));
                if (j < nExact) {
                    if (x instanceof byte[] bx) assertArrayEquals(bx, (byte[]) y, where);
                    else assertEquals(x, y, where);
                } else if (x == null || y == null) {
                    assertEquals(x, y, where);
                } else if (x instanceof byte[] bx) {
                    float[] fx = floats(bx), fy = floats((byte[]) y);
                    assertEquals(fx.length, fy.length, where);
                    for (int k = 0; k < fx.length; k++) assertEquals(fx[k], fy[k], tol, where + " value " + k);
                } else {
                    assertEquals(((Number) x).doubleValue(), ((Number) y).doubleValue(), tol, where);
                }
            }
        }
    }

    static float[] floats(byte[] b) {
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }
}
