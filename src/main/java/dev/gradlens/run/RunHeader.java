package dev.gradlens.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.GradLensException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The run table's one row: written when a run file is created, and checked when it is resumed, so
 * that a run file is never continued with another model, another data set or other settings (the
 * stored images would no longer mean what the new ones mean).
 */
record RunHeader(String modelPath, String modelSha256, String descriptorJson, List<String> labels, String layer, int layerHeight,
                 int layerWidth, int inputWidth, int inputHeight, String methods, String targets, int topK, String datasetKind,
                 String datasetPath, String datasetFingerprint, String device, Map<String, Object> options) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            DigestInputStream d = (DigestInputStream) in;
            while (d.read(buf) >= 0) {
                // digest as it reads
            }
            return HexFormat.of().formatHex(d.getMessageDigest().digest());
        } catch (IOException e) {
            throw new GradLensException("Cannot read the model " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts the row into a new run file, or checks the stored one when resuming. */
    void createOrCheck(Connection c, Path runFile) {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT model_sha256, dataset_fingerprint, methods, targets, top_k, layer, model_path, dataset_path, options_json FROM run")) {
            if (r.next()) {
                check(runFile, r);
                return;
            }
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the run file " + runFile + ": " + RunDatabase.firstLine(e));
        }
        insert(c, runFile);
    }

    private void check(Path runFile, ResultSet r) throws SQLException {
        String f = runFile.getFileName().toString();
        if (!modelSha256.equals(r.getString(1))) {
            throw new GradLensException("The run file " + f + " was made with another model (" + r.getString(7) + ", sha256 "
                    + r.getString(1).substring(0, 12) + "…; this one is " + modelSha256.substring(0, 12) + "…): give a new --out, or the same model to resume");
        }
        if (!datasetFingerprint.equals(r.getString(2))) {
            throw new GradLensException("The run file " + f + " was made over another data set, or " + r.getString(8)
                    + " has changed since (other images or labels): give a new --out to run over it");
        }
        if (!methods.equals(r.getString(3)) || !Objects.equals(targets, r.getString(4)) || topK != r.getInt(5) || !layer.equals(r.getString(6))) {
            throw new GradLensException("The run file " + f + " was made with --methods " + r.getString(3) + " --top-k " + r.getInt(5)
                    + " --layer " + r.getString(6) + (r.getString(4) == null ? "" : " --target " + r.getString(4))
                    + ": resume with the same settings, or give a new --out");
        }
        // metrics rows exist exactly for the images computed with them: a resume must ask for the same ones
        String storedMetrics = storedMetrics(r.getString(9));
        Object asked = options.get("metrics");
        if (!Objects.equals(storedMetrics, asked == null ? null : asked.toString())) {
            throw new GradLensException("The run file " + f + " was made with " + (storedMetrics == null ? "no --metrics" : "--metrics " + storedMetrics)
                    + ": resume with the same metrics, or give a new --out");
        }
    }

    /** The metric ids in a stored options_json (null: none, or a run written before metrics existed). */
    static String storedMetrics(String optionsJson) {
        if (optionsJson == null || optionsJson.isBlank()) return null;
        try {
            var m = JSON.readTree(optionsJson).get("metrics");
            return m == null || m.isNull() || m.asText().isBlank() ? null : m.asText();
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private void insert(Connection c, Path runFile) {
        String sql = "INSERT INTO run (schema_version, run_id, created_at, gradlens_version, ort_version, device, model_path, model_sha256,"
                + " descriptor_json, labels_json, layer, layer_height, layer_width, input_width, input_height, methods, targets, top_k,"
                + " dataset_kind, dataset_path, dataset_fingerprint, options_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setInt(1, RunSchema.VERSION);
            p.setString(2, UUID.randomUUID().toString());
            p.setTimestamp(3, Timestamp.from(Instant.now()));
            p.setString(4, version(RunHeader.class, "0.1.0"));
            p.setString(5, version(ai.onnxruntime.OrtSession.class, null));
            p.setString(6, device);
            p.setString(7, modelPath);
            p.setString(8, modelSha256);
            p.setString(9, descriptorJson);
            p.setString(10, json(labels));
            p.setString(11, layer);
            p.setInt(12, layerHeight);
            p.setInt(13, layerWidth);
            p.setInt(14, inputWidth);
            p.setInt(15, inputHeight);
            p.setString(16, methods);
            if (targets == null) p.setNull(17, Types.VARCHAR);
            else p.setString(17, targets);
            p.setInt(18, topK);
            p.setString(19, datasetKind);
            p.setString(20, datasetPath);
            p.setString(21, datasetFingerprint);
            p.setString(22, json(options));
            p.executeUpdate();
            if (!c.getAutoCommit()) c.commit();
        } catch (SQLException e) {
            throw new GradLensException("Cannot write the run file " + runFile + ": " + RunDatabase.firstLine(e));
        }
    }

    private static String version(Class<?> c, String fallback) {
        Package p = c.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v != null ? v : fallback;
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
