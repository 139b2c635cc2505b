package dev.gradlens.audit;

import dev.gradlens.imaging.Colormap;
import dev.gradlens.run.RunDatabase;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Writes an audit as files: {@code index.html} (the gaps in words with their chart and example grid,
 * notes, the tables), {@code accuracy.csv}, {@code localisation.csv}, {@code gaps.txt},
 * {@code notes.txt}, and the figures as PNG ({@code accuracy.png}, {@code gap-N.png},
 * {@code examples-N.png}).
 */
public final class AuditReport {
    private AuditReport() {
    }

    /** Writes the report; returns the files written (relative names). */
    public static List<String> write(AuditResult r, RunDatabase db, Path out, Path imagesRoot, Colormap cm) {
        ReportFiles.prepare(out);
        List<String> files = new ArrayList<>();
        writeCsv(r, out, files);
        Notes notes = r.notes();
        StringBuilder gapsHtml = new StringBuilder();
        StringBuilder gapsTxt = new StringBuilder();
        for (int i = 0; i < r.gaps().size(); i++) {
            AuditResult.Gap g = r.gaps().get(i);
            gapsTxt.append(g.sentence()).append('\n');
            gapsHtml.append("<div class=\"gap\"><p>").append(ReportFiles.html(g.sentence())).append("</p>\n");
            String chart = "gap-" + (i + 1) + ".png", grid = "examples-" + (i + 1) + ".png";
            BufferedImage c = gapChart(r, g);
            if (c != null) {
                ReportFiles.png(c, out.resolve(chart));
                files.add(chart);
                gapsHtml.append("<img src=\"").append(chart).append("\" alt=\"chart\"><br>\n");
            }
            List<ExampleGrid.Tile> tiles = gapTiles(r, db, g);
            if (!tiles.isEmpty()) {
                ReportFiles.png(ExampleGrid.draw(db, r.run(), imagesRoot, tiles, 6, cm, notes), out.resolve(grid));
                files.add(grid);
                gapsHtml.append("<p><small>").append(g.row() != null ? "Images most typical of this cell (share closest to its mean), with their map:"
                        : "Mistakes in the weaker group, with the map of the predicted class:").append("</small><br><img src=\"").append(grid)
                        .append("\" alt=\"examples\"></p>\n");
            }
            gapsHtml.append("</div>\n");
        }
        if (r.gaps().isEmpty()) gapsTxt.append("No gap stands out: no region holds more mass than its area with the interval's lower end, and no group's accuracy interval is apart from another's.\n");
        ReportFiles.write(out.resolve("gaps.txt"), gapsTxt.toString());
        files.add("gaps.txt");
        BufferedImage acc = accuracyChart(r);
        ReportFiles.png(acc, out.resolve("accuracy.png"));
        files.add("accuracy.png");
        ReportFiles.write(out.resolve("notes.txt"), String.join("\n", notes.lines()) + (notes.isEmpty() ? "" : "\n"));
        files.add("notes.txt");
        ReportFiles.write(out.resolve("index.html"), html(r, gapsHtml.toString(), gapsTxt.toString()));
        files.add("index.html");
        return files;
    }

    private static void writeCsv(AuditResult r, Path out, List<String> files) {
        StringBuilder a = new StringBuilder(ReportFiles.row(List.of("class", "label", "group", "value", "n", "accuracy", "accuracy_lo",
                "accuracy_hi", "confidence", "confidence_lo", "confidence_hi")));
        for (AuditResult.AccuracyRow x : r.accuracy()) {
            a.append(ReportFiles.row(List.of(x.cls() < 0 ? "" : x.cls(), x.label(), x.group(), x.value(), x.n(), x.accuracy().mean(),
                    x.accuracy().lo(), x.accuracy().hi(), x.confidence().mean(), x.confidence().lo(), x.confidence().hi())));
        }
        ReportFiles.write(out.resolve("accuracy.csv"), a.toString());
        files.add("accuracy.csv");
        StringBuilder l = new StringBuilder(ReportFiles.row(List.of("method", "counterfactual", "class", "label", "images_of_class", "group",
                "value", "images", "maps", "region", "area", "share", "share_lo", "share_hi", "pointing", "pointing_lo", "pointing_hi",
                "pointing_maps")));
        for (AuditResult.LocalisationRow x : r.localisation()) {
            MapMeasurements.MethodKey m = r.methods().get(x.method());
            for (int j = 0; j < r.regions().size(); j++) {
                l.append(ReportFiles.row(List.of(m.method(), m.counterfactual(), x.cls(), x.label(), x.withClass() ? "with" : "without",
                        x.group(), x.value(), x.images(), x.n(), r.regions().get(j), x.area()[j], x.share()[j].mean(), x.share()[j].lo(),
                        x.share()[j].hi(), x.pointing()[j].mean(), x.pointing()[j].lo(), x.pointing()[j].hi(), x.pointing()[j].n())));
            }
        }
        ReportFiles.write(out.resolve("localisation.csv"), l.toString());
        files.add("localisation.csv");
    }

    /** Per value of the gap's group (and all images): every region's share, with the area dashed. */
    private static BufferedImage gapChart(AuditResult r, AuditResult.Gap g) {
        if (g.row() == null) return accuracyOfClass(r, g.low());
        AuditResult.LocalisationRow key = g.row();
        List<AuditResult.LocalisationRow> rows = r.localisation().stream().filter(x -> x.method() == key.method() && x.cls() == key.cls()
                && x.withClass() == key.withClass() && (x.group().equals(RunImages.ALL) || x.group().equals(key.group())
                || key.group().equals(RunImages.ALL))).toList();
        List<String> cats = new ArrayList<>();
        int R = r.regions().size();
        double[][] v = new double[rows.size()][R], lo = new double[rows.size()][R], hi = new double[rows.size()][R], ref = new double[rows.size()][R];
        for (int c = 0; c < rows.size(); c++) {
            AuditResult.LocalisationRow x = rows.get(c);
            cats.add(x.group().equals(RunImages.ALL) ? "all images" : x.group() + " = " + x.value());
            for (int j = 0; j < R; j++) {
                v[c][j] = x.share()[j].mean();
                lo[c][j] = x.share()[j].lo();
                hi[c][j] = x.share()[j].hi();
                ref[c][j] = x.area()[j];
            }
        }
        String title = r.methods().get(key.method()).title() + " of " + key.label() + " in images " + (key.withClass() ? "of" : "without") + " a " + key.label();
        return BarChart.draw(title, cats, r.regions().all(), v, lo, hi, ref, "region's mean area", "share of positive map mass");
    }

    private static BufferedImage accuracyOfClass(AuditResult r, AuditResult.AccuracyRow low) {
        List<AuditResult.AccuracyRow> rows = r.accuracy().stream().filter(a -> a.cls() == low.cls()
                && (a.group().equals(low.group()) || a.group().equals(RunImages.ALL))).toList();
        List<String> cats = new ArrayList<>();
        double[][] v = new double[rows.size()][1], lo = new double[rows.size()][1], hi = new double[rows.size()][1];
        for (int c = 0; c < rows.size(); c++) {
            AuditResult.AccuracyRow a = rows.get(c);
            cats.add(a.group().equals(RunImages.ALL) ? "all images" : a.group() + " = " + a.value());
            v[c][0] = a.accuracy().mean();
            lo[c][0] = a.accuracy().lo();
            hi[c][0] = a.accuracy().hi();
        }
        return BarChart.draw("Accuracy of " + low.label(), cats, List.of("top-1 accuracy"), v, lo, hi, null, null, "accuracy");
    }

    /** Accuracy per class (and all), one bar per value of the first group. */
    private static BufferedImage accuracyChart(AuditResult r) {
        String group = r.groupNames().isEmpty() ? RunImages.ALL : r.groupNames().get(0);
        List<String> values = new ArrayList<>(new TreeSet<>(r.accuracy().stream().filter(a -> a.group().equals(group)).map(AuditResult.AccuracyRow::value).toList()));
        List<Integer> classes = new ArrayList<>(new LinkedHashSet<>(r.accuracy().stream().map(AuditResult.AccuracyRow::cls).toList()));
        double[][] v = new double[classes.size()][values.size()], lo = new double[classes.size()][values.size()], hi = new double[classes.size()][values.size()];
        List<String> cats = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            int cls = classes.get(c);
            cats.add(cls < 0 ? "all classes" : r.run().label(cls));
            for (int s = 0; s < values.size(); s++) {
                String val = values.get(s);
                AuditResult.AccuracyRow a = r.accuracy().stream().filter(x -> x.cls() == cls && x.group().equals(group) && x.value().equals(val)).findFirst().orElse(null);
                v[c][s] = a == null ? Double.NaN : a.accuracy().mean();
                lo[c][s] = a == null ? Double.NaN : a.accuracy().lo();
                hi[c][s] = a == null ? Double.NaN : a.accuracy().hi();
            }
        }
        List<String> series = values.stream().map(x -> group.equals(RunImages.ALL) ? "all images" : group + " = " + x).toList();
        return BarChart.draw("Top-1 accuracy per class" + (group.equals(RunImages.ALL) ? "" : " and " + group), cats, series, v, lo, hi, null, null, "accuracy");
    }

    private static List<ExampleGrid.Tile> gapTiles(AuditResult r, RunDatabase db, AuditResult.Gap g) {
        List<ExampleGrid.Tile> tiles = new ArrayList<>();
        if (g.row() != null) {
            MapMeasurements.MethodKey m = r.methods().get(g.row().method());
            for (int id : g.row().typical()[g.region()]) {
                tiles.add(new ExampleGrid.Tile(id, m.method(), g.row().cls(), m.counterfactual(), "image " + id + "\n" + m.title() + " of " + g.row().label()));
            }
            return tiles;
        }
        // accuracy gap: mistakes of the class in the weaker group, with the predicted class's map (first method)
        if (r.methods().isEmpty() || g.low().cls() < 0) return tiles;
        MapMeasurements.MethodKey m = r.methods().get(0);
        String sql = "SELECT i.image_id, i.predicted_class FROM images i JOIN groups gr ON gr.image_id = i.image_id AND gr.name = ?"
                + " WHERE i.status = 'ok' AND i.true_class = ? AND NOT i.correct AND gr.value = ? ORDER BY i.confidence DESC, i.image_id LIMIT 6";
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            ps.setString(1, g.low().group());
            ps.setInt(2, g.low().cls());
            ps.setString(3, g.low().value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int pred = rs.getInt(2);
                    tiles.add(new ExampleGrid.Tile(rs.getInt(1), m.method(), pred, m.counterfactual(),
                            "image " + rs.getInt(1) + "\npredicted " + r.run().label(pred)));
                }
            }
        } catch (SQLException e) {
            r.notes().add("example grids left out", e.getMessage().lines().findFirst().orElse(""));
        }
        return tiles;
    }

    private static String html(AuditResult r, String gaps, String gapsTxt) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>GradLens audit</title>")
                .append(ReportFiles.STYLE).append("</head><body>\n<h1>Bias audit</h1>\n");
        RunInfo run = r.run();
        h.append("<p>Run <code>").append(ReportFiles.html(String.valueOf(run.location()))).append("</code>: model <code>")
                .append(ReportFiles.html(run.modelPath())).append("</code>, layer <code>").append(ReportFiles.html(run.layer()))
                .append("</code>, data set <code>").append(ReportFiles.html(run.datasetPath())).append("</code> (")
                .append(ReportFiles.html(run.datasetKind())).append("). ").append(r.images()).append(" images, ").append(r.maps())
                .append(" maps; regions: ").append(ReportFiles.html(String.join(", ", r.regions().all()))).append("; groups: ")
                .append(ReportFiles.html(r.groupNames().isEmpty() ? "none" : String.join(", ", r.groupNames())))
                .append(String.format(Locale.ROOT, ". Intervals: 95 %%, Wilson score for accuracy and pointing game, studentised bootstrap on the arcsine-root scale (%d resamples, seed %d) for confidence and energy share. Computed in %.1f s.</p>\n",
                        r.resamples(), r.seed(), r.millis() / 1000.0));
        h.append("<h2>Largest gaps</h2>\n");
        h.append(gaps.isEmpty() ? "<p>" + ReportFiles.html(gapsTxt) + "</p>" : gaps);
        if (!r.notes().isEmpty()) {
            h.append("<h2>Notes</h2><ul class=\"notes\">");
            for (String n : r.notes().lines()) h.append("<li>").append(ReportFiles.html(n)).append("</li>");
            h.append("</ul>\n");
        }
        h.append("<h2>Accuracy per class and group</h2><img src=\"accuracy.png\" alt=\"accuracy\">\n<table><tr><th class=l>class</th><th class=l>group</th>"
                + "<th>n</th><th>accuracy (95 % CI)</th><th>mean confidence (95 % CI)</th></tr>\n");
        for (AuditResult.AccuracyRow a : r.accuracy()) {
            h.append("<tr><td class=l>").append(ReportFiles.html(a.label())).append("</td><td class=l>")
                    .append(ReportFiles.html(a.group().equals(RunImages.ALL) ? "all images" : a.group() + " = " + a.value())).append("</td><td>")
                    .append(a.n()).append("</td><td>").append(a.n() == 0 ? "no images" : ReportFiles.ci(a.accuracy())).append("</td><td>")
                    .append(a.n() == 0 ? "" : ReportFiles.ci(a.confidence())).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Where the maps put their mass</h2><p>Per method and class: the share of the map's positive mass in each region "
                + "(energy share) and, below it, the share of images whose map peaks there (pointing game), with 95 % intervals; the region's mean "
                + "area in grey. <em>with</em>/<em>without</em>: images whose labels include the class or not. Maps: images holding such a map / images in the cell.</p>\n");
        for (int mi = 0; mi < r.methods().size(); mi++) {
            h.append("<h3>").append(ReportFiles.html(r.methods().get(mi).title())).append("</h3>\n<table><tr><th class=l>class</th><th class=l>images</th>"
                    + "<th class=l>group</th><th>maps</th>");
            for (String reg : r.regions().all()) h.append("<th>").append(ReportFiles.html(reg)).append("</th>");
            h.append("</tr>\n");
            for (AuditResult.LocalisationRow x : r.localisation()) {
                if (x.method() != mi) continue;
                h.append("<tr><td class=l>").append(ReportFiles.html(x.label())).append("</td><td class=l>").append(x.withClass() ? "with" : "without")
                        .append("</td><td class=l>").append(ReportFiles.html(x.group().equals(RunImages.ALL) ? "all images" : x.group() + " = " + x.value()))
                        .append("</td><td>").append(x.n()).append(" / ").append(x.images()).append("</td>");
                for (int j = 0; j < r.regions().size(); j++) {
                    h.append("<td>").append(ReportFiles.ci(x.share()[j])).append("<br>").append(ReportFiles.ci(x.pointing()[j]))
                            .append("<br><small>area ").append(ReportFiles.pct(x.area()[j])).append("</small></td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<p><small>Numbers: accuracy.csv, localisation.csv. Definitions: docs/conventions.md (Audit).</small></p></body></html>\n");
        return h.toString();
    }
}
