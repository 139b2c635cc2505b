package dev.gradlens.run;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a finished run file back for the tests, through plain SQL as every reader does. */
final class RunTables {
    private RunTables() {
    }

    static long count(Path run, String sql) throws Exception {
        try (RunDatabase db = RunDatabase.openForReading(run); Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Rows of a query as lists of objects (byte[] for blobs). */
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

    /** The stored map of one image, method, class (not counterfactual), as floats. */
    static float[] map(Path run, int image, String method, int cls) throws Exception {
        try (RunDatabase db = RunDatabase.openForReading(run);
             PreparedStatement p = db.connection().prepareStatement(
                     "SELECT data FROM maps WHERE image_id = ? AND method = ? AND class = ? AND NOT counterfactual")) {
            p.setInt(1, image);
            p.setString(2, method);
            p.setInt(3, cls);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) return null;
                return floats(r.getBytes(1));
            }
        }
    }

    static float[] floats(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.length / 4];
        bb.asFloatBuffer().get(f);
        return f;
    }

    static int[] ints(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int[] f = new int[b.length / 4];
        bb.asIntBuffer().get(f);
        return f;
    }
}
