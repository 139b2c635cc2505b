package dev.gradlens.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.GradLensException;
import dev.gradlens.imaging.ImageRegion;
import dev.gradlens.inference.Layout;
import dev.gradlens.inference.ModelDescriptorReader;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.inference.Preprocessor;
import dev.gradlens.run.RunDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The {@code run} row of a results database, as the audit needs it. */
public record RunInfo(Path location, String modelPath, String modelSha256, List<String> labels, List<String> methods,
                      List<Integer> targets, String layer, int inputWidth, int inputHeight, Preprocessing preprocessing,
                      String datasetKind, String datasetPath, String datasetFingerprint) {

    public static RunInfo read(RunDatabase db, Notes notes) {
        try (Statement s = db.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT model_path, model_sha256, labels_json, methods, targets, layer, input_width,"
                     + " input_height, descriptor_json, dataset_kind, dataset_path, dataset_fingerprint FROM run")) {
            if (!r.next()) throw new GradLensException("The run " + db.location() + " has no run row: it was never started");
            List<String> labels = new ArrayList<>();
            try {
                JsonNode arr = new ObjectMapper().readTree(r.getString(3));
                if (arr != null && arr.isArray()) for (JsonNode n : arr) labels.add(n.asText());
            } catch (Exception e) {
                notes.say("run.labels_json is not a JSON array: classes are shown by index");
            }
            List<String> methods = split(r.getString(4));
            List<Integer> targets = new ArrayList<>();
            for (String t : split(r.getString(5))) {
                try {
                    targets.add(Integer.parseInt(t));
                } catch (NumberFormatException e) {
                    notes.say("run.targets holds '" + t + "', not a class index: ignored");
                }
            }
            int iw = r.getInt(7), ih = r.getInt(8);
            Preprocessing pre = null;
            String desc = r.getString(9);
            if (iw > 0 && ih > 0) {
                try {
                    pre = desc == null || desc.isBlank() ? null : ModelDescriptorReader.parse(desc, null).toPreprocessing(iw, ih, Layout.NCHW, 3);
                } catch (GradLensException e) {
                    notes.say("run.descriptor_json could not be read (" + e.getMessage() + "): maps are placed over the whole image");
                }
            }
            return new RunInfo(db.location(), r.getString(1), r.getString(2), labels, methods, targets, r.getString(6), iw, ih, pre,
                    r.getString(10), r.getString(11), r.getString(12));
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the run " + db.location() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        if (csv == null) return out;
        for (String p : csv.split(",")) if (!p.isBlank()) out.add(p.trim());
        return out;
    }

    /** A class's label, or its index when the model has no labels. */
    public String label(int cls) {
        return cls >= 0 && cls < labels.size() ? labels.get(cls) : "class " + cls;
    }

    /** The part of a {@code w × h} image the model saw (whole image unless the descriptor says centre crop). */
    public ImageRegion seen(int w, int h) {
        return preprocessing == null ? ImageRegion.full(w, h) : Preprocessor.seenRegion(w, h, preprocessing);
    }

    /**
     * Where an image of the run lies: image paths are relative to the data set's root, which is
     * {@code dataset_path} when it is a folder and its parent when it is a file (a manifest, a COCO json);
     * {@code root} overrides it (a run moved to another machine).
     */
    public Path imageFile(String path, Path root) {
        Path p = Path.of(path);
        if (p.isAbsolute()) return p;
        Path base = root;
        if (base == null) {
            Path d = Path.of(datasetPath);
            base = Files.isDirectory(d) ? d : d.toAbsolutePath().getParent();
        }
        return base == null ? p : base.resolve(p);
    }
}
