package dev.gradlens.run.report;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.MethodId;
import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.run.browse.ClassAccuracy;
import dev.gradlens.run.browse.FailedImage;
import dev.gradlens.run.browse.FailureFilter;
import dev.gradlens.run.browse.ImageRow;
import dev.gradlens.run.browse.RunQueries;
import dev.gradlens.run.browse.RunSummary;
import dev.gradlens.run.browse.StoredMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code gradlens report}: one self-contained folder with index.html, the per-class accuracy chart,
 * the confusion matrix picture, the faithfulness means and Win % matrix of a run made with
 * {@code --metrics} ({@link FaithfulnessSection}) and, for the most confident mistakes, the photo
 * with its CAM for the true and for the predicted class (all PNG).
 */
public final class HtmlReport {
    /** What was written. */
    public record Result(Path index, int mistakesShown, String method, List<String> notes) {
    }

    static final int THUMB = 192;

    private HtmlReport() {
    }

    /** @param method the CAM method to show (null: gradcam when stored, else the first CAM method of the run) */
    public static Result write(RunQueries q, Path out, int maxMistakes, String method) {
        RunSummary s = q.summary();
        if (s.images() == 0) throw new GradLensException("The run " + q.location() + " has no images yet: nothing to report");
        String cam = chooseMethod(s, method);
        Path mistakesDir = out.resolve("mistakes");
        try {
            Files.createDirectories(mistakesDir);
        } catch (IOException e) {
            throw new GradLensException("Cannot create the report folder " + out + ": " + e.getMessage());
        }
        List<String> notes = new ArrayList<>();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>GradLens run report – ")
                .append(esc(s.modelName())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;color:#22262e;max-width:1200px}table{border-collapse:collapse}")
                .append("td,th{padding:3px 10px;text-align:left;border-bottom:1px solid #ddd}.grid{display:flex;flex-wrap:wrap;gap:14px}")
                .append(".card{border:1px solid #ccc;border-radius:6px;padding:8px;width:480px}.card img{width:150px;margin-right:4px}")
                .append(".muted{color:#5a616e;font-size:90%}")
                .append("</style></head><body>\n");
        h.append("<h1>Run report: ").append(esc(s.modelName())).append(" on ").append(esc(s.datasetKind())).append("</h1>\n");
        h.append("<table>\n");
        row(h, "Model", s.modelPath() + " (sha256 " + abbreviate(s.modelSha256()) + ")");
        row(h, "Data set", s.datasetKind() + ": " + s.datasetPath());
        row(h, "Methods, layer", String.join(", ", s.methods()) + "; layer " + (s.layer() == null ? "?" : s.layer()));
        row(h, "Images", s.images() + " (" + s.ok() + " read, " + s.failed() + " could not be used)");
        row(h, "Accuracy (top-1)", Double.isNaN(s.accuracy()) ? "no labelled images"
                : String.format(Locale.ROOT, "%.1f %% (%d of %d labelled images)", 100 * s.accuracy(), s.correct(), s.labelled()));
        row(h, "Created", s.createdAt() + ", run " + s.runId());
        h.append("</table>\n");

        List<ClassAccuracy> acc = q.classAccuracy();
        if (!acc.isEmpty()) {
            PngIO.write(PngIO.fromBufferedImage(ClassAccuracyChart.render(acc, s.accuracy())), out.resolve("accuracy.png"));
            h.append("<h2>Accuracy per class</h2>\n<img src=\"accuracy.png\" alt=\"accuracy per class\">\n");
            PngIO.write(PngIO.fromBufferedImage(ConfusionMatrixPicture.render(q.confusion())), out.resolve("confusion.png"));
            h.append("<h2>Confusion matrix</h2>\n<p class=\"muted\">Rows: true class; columns: predicted class. Colour: share of the row; "
                    + "number: images.</p>\n<img src=\"confusion.png\" alt=\"confusion matrix\">\n");
        } else {
            notes.add("no labelled images: no accuracy chart or confusion matrix");
        }

        h.append(FaithfulnessSection.html(q.metrics()));

        List<ImageRow> mistakes = maxMistakes <= 0 ? List.of() : q.rows(FailureFilter.mistakes().withLimit(maxMistakes));
        h.append("<h2>Most confident mistakes</h2>\n");
        if (mistakes.isEmpty()) h.append("<p>No mistakes.</p>\n");
        else h.append("<p class=\"muted\">Each card: the photo (the part the model saw), ").append(esc(cam))
                .append(" for the true class, ").append(esc(cam)).append(" for the predicted class.</p>\n");
        h.append("<div class=\"grid\">\n");
        RunQueries.ModelInput mi = q.modelInput();
        CamOverlays overlays = new CamOverlays(mi.descriptorJson(), mi.width(), mi.height(), THUMB);
        int missingImages = 0;
        for (ImageRow r : mistakes) {
            String base = "mistakes/" + r.imageId();
            h.append("<div class=\"card\">");
            RgbImage view;
            try {
                view = overlays.view(q.imageFile(r, s));
            } catch (GradLensException e) {
                missingImages++;
                view = null;
            }
            if (view != null) {
                PngIO.write(view, out.resolve(base + "_image.png"));
                h.append("<img src=\"").append(base).append("_image.png\" alt=\"photo\">");
                h.append(mapImage(q, out, view, r.imageId(), cam, r.trueClass(), base + "_true.png", "true"));
                h.append(mapImage(q, out, view, r.imageId(), cam, r.predictedClass(), base + "_predicted.png", "predicted"));
            } else {
                h.append("<p class=\"muted\">image file not found</p>");
            }
            h.append(String.format(Locale.ROOT, "<div><b>%s</b> → <b>%s</b> (p = %.3f, margin %.3f)</div><div class=\"muted\">#%d %s%s</div>",
                    esc(r.trueLabel()), esc(r.predictedLabel()), r.confidence(), r.margin(), r.imageId(), esc(r.path()),
                    r.groups().isEmpty() ? "" : " · " + esc(r.groupText())));
            h.append("</div>\n");
        }
        h.append("</div>\n");
        if (missingImages > 0) notes.add(missingImages + " mistake image(s) not found under " + s.datasetPath());

        List<FailedImage> failed = q.failedImages(100);
        if (!failed.isEmpty()) {
            h.append("<h2>Images that could not be used (").append(s.failed()).append(")</h2>\n<table><tr><th>#</th><th>path</th><th>status</th><th>why</th></tr>\n");
            for (FailedImage f : failed) {
                h.append("<tr><td>").append(f.imageId()).append("</td><td>").append(esc(f.path())).append("</td><td>").append(esc(f.status()))
                        .append("</td><td>").append(esc(f.error() == null ? "" : f.error())).append("</td></tr>\n");
            }
            h.append("</table>\n");
            if (s.failed() > failed.size()) h.append("<p class=\"muted\">(first ").append(failed.size()).append(" shown)</p>\n");
        }
        h.append("<p class=\"muted\">Written by GradLens from ").append(esc(q.location().toString())).append(".</p>\n</body></html>\n");
        Path index = out.resolve("index.html");
        try {
            Files.writeString(index, h);
        } catch (IOException e) {
            throw new GradLensException("Cannot write " + index + ": " + e.getMessage());
        }
        return new Result(index, mistakes.size(), cam, notes);
    }

    private static String mapImage(RunQueries q, Path out, RgbImage view, int imageId, String method, Integer cls, String file, String role) {
        if (cls == null) return "";
        StoredMap m = q.map(imageId, method, cls);
        if (m == null || m.channels() != 1) return "<span class=\"muted\">(no stored " + esc(method) + " for the " + role + " class)</span>";
        PngIO.write(CamOverlays.overlay(view, m), out.resolve(file));
        return "<img src=\"" + file + "\" alt=\"" + esc(method) + " for the " + role + " class\" title=\"" + esc(method) + ", " + role + " class\">";
    }

    /** gradcam when the run stored it, else the first CAM (one-channel) method of the run. */
    static String chooseMethod(RunSummary s, String asked) {
        if (asked != null) {
            if (!s.methods().contains(asked)) {
                throw new GradLensException("The run has no " + asked + " maps; it stored " + String.join(", ", s.methods()));
            }
            return asked;
        }
        if (s.methods().contains("gradcam")) return "gradcam";
        for (String m : s.methods()) {
            try {
                if (!MethodId.parse(m).pixelSpace()) return m;
            } catch (RuntimeException ignored) {
                // a method this version does not know: skip it
            }
        }
        return s.methods().isEmpty() ? "gradcam" : s.methods().get(0);
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    private static String abbreviate(String sha) {
        return sha == null || sha.length() <= 12 ? String.valueOf(sha) : sha.substring(0, 12) + "…";
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
