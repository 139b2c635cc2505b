package dev.gradlens.run;

import java.util.List;

/**
 * The results database of a data-set run (schema version 1): the contract between the run engine
 * that writes it, the failure browser, the audit, the metrics and a Spark job that writes the same
 * tables as Parquet. docs/run-database.md explains every column; keep the two in step.
 *
 * <p>Resumability rests on one rule: an image is done exactly when its {@code images} row exists,
 * and that row is committed in the same transaction as its predictions, maps, labels, groups and
 * regions. A resumed run skips the image ids already present.
 */
public final class RunSchema {
    public static final int VERSION = 1;

    /** Tables in dependency order (the order export and Parquet views use). */
    public static final List<String> TABLES = List.of(
            "run", "images", "image_labels", "groups", "regions", "predictions", "maps", "metrics");

    static final List<String> DDL = List.of(
            """
            CREATE TABLE IF NOT EXISTS run (
              schema_version INTEGER NOT NULL,
              run_id VARCHAR NOT NULL,
              created_at TIMESTAMP NOT NULL,
              gradlens_version VARCHAR,
              ort_version VARCHAR,
              device VARCHAR,
              model_path VARCHAR NOT NULL,
              model_sha256 VARCHAR NOT NULL,
              descriptor_json VARCHAR,
              labels_json VARCHAR NOT NULL,
              layer VARCHAR,
              layer_height INTEGER,
              layer_width INTEGER,
              input_width INTEGER,
              input_height INTEGER,
              methods VARCHAR NOT NULL,
              targets VARCHAR,
              top_k INTEGER NOT NULL,
              dataset_kind VARCHAR NOT NULL,
              dataset_path VARCHAR NOT NULL,
              dataset_fingerprint VARCHAR NOT NULL,
              options_json VARCHAR
            )""",
            """
            CREATE TABLE IF NOT EXISTS images (
              image_id INTEGER PRIMARY KEY,
              path VARCHAR NOT NULL,
              true_class INTEGER,
              true_label VARCHAR,
              width INTEGER,
              height INTEGER,
              status VARCHAR NOT NULL,
              error VARCHAR,
              predicted_class INTEGER,
              confidence REAL,
              margin REAL,
              correct BOOLEAN
            )""",
            """
            CREATE TABLE IF NOT EXISTS image_labels (
              image_id INTEGER NOT NULL,
              class INTEGER NOT NULL,
              PRIMARY KEY (image_id, class)
            )""",
            """
            CREATE TABLE IF NOT EXISTS groups (
              image_id INTEGER NOT NULL,
              name VARCHAR NOT NULL,
              value VARCHAR NOT NULL,
              PRIMARY KEY (image_id, name)
            )""",
            """
            CREATE TABLE IF NOT EXISTS regions (
              image_id INTEGER NOT NULL,
              name VARCHAR NOT NULL,
              class INTEGER,
              x0 INTEGER NOT NULL,
              y0 INTEGER NOT NULL,
              x1 INTEGER NOT NULL,
              y1 INTEGER NOT NULL,
              mask BLOB
            )""",
            """
            CREATE TABLE IF NOT EXISTS predictions (
              image_id INTEGER NOT NULL,
              rank INTEGER NOT NULL,
              class INTEGER NOT NULL,
              score REAL NOT NULL,
              probability REAL NOT NULL,
              PRIMARY KEY (image_id, rank)
            )""",
            """
            CREATE TABLE IF NOT EXISTS maps (
              image_id INTEGER NOT NULL,
              method VARCHAR NOT NULL,
              class INTEGER NOT NULL,
              counterfactual BOOLEAN NOT NULL,
              channels INTEGER NOT NULL,
              height INTEGER NOT NULL,
              width INTEGER NOT NULL,
              data BLOB NOT NULL,
              PRIMARY KEY (image_id, method, class, counterfactual)
            )""",
            """
            CREATE TABLE IF NOT EXISTS metrics (
              image_id INTEGER NOT NULL,
              method VARCHAR NOT NULL,
              class INTEGER NOT NULL,
              counterfactual BOOLEAN NOT NULL,
              metric VARCHAR NOT NULL,
              value DOUBLE,
              curve BLOB,
              PRIMARY KEY (image_id, method, class, counterfactual, metric)
            )""");

    private RunSchema() {
    }
}
