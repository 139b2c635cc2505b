import java.sql.*;
/**
 * Splits a run database into blocks of consecutive images, for src/tools/ci_coverage_blocks.sh:
 * java -cp "target/lib/*" src/tools/SplitRun.java SRC.duckdb OUT_PREFIX SIZE COUNT writes OUT_PREFIX-k.duckdb
 * holding images [k·SIZE, (k+1)·SIZE) of every table (the run table whole), k < COUNT.
 */
public class SplitRun {
    public static void main(String[] a) throws Exception {
        String src = a[0], out = a[1];
        int size = Integer.parseInt(a[2]), count = Integer.parseInt(a[3]);
        for (int k = 0; k < count; k++) {
            String dst = out + "-" + k + ".duckdb";
            new java.io.File(dst).delete();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dst); Statement s = c.createStatement()) {
                s.execute("ATTACH '" + src + "' AS src (READ_ONLY)");
                for (String t : new String[] {"run", "images", "image_labels", "groups", "regions", "predictions", "maps", "metrics"}) {
                    s.execute("CREATE TABLE " + t + " AS SELECT * FROM src." + t + (t.equals("run") ? "" : " WHERE image_id >= " + k * size + " AND image_id < " + (k + 1) * size));
                }
            }
        }
    }
}
