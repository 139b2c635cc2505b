package dev.gradlens.audit;

import dev.gradlens.imaging.Colormap;
import dev.gradlens.run.RunDatabase;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a comparison as files: {@code index.html}, {@code accuracy.csv} (both runs and the paired
 * difference per class × group), {@code map-agreement.csv}, {@code region-mass.csv},
 * {@code most-different.csv}, {@code summary.txt}, {@code notes.txt}, and figures
 * {@code accuracy-difference.png} and {@code most-different.png} (per image: A's map, B's map).
 */
public final class ComparisonReport {
    private ComparisonReport() {
    }

    public static List<String> write(ComparisonResult r, RunDatabase dbA, RunDatabase dbB, Path out, Path imagesRoot, Colormap cm) {
        ReportFiles.prepare(out);
        List<String> files = new ArrayList<>();
        StringBuilder acc = new StringBuilder(ReportFiles.row(List.of("class", "label", "group", "value", "n", "accuracy_a", "accuracy_a_lo",
                "accuracy_a_hi", "accuracy_b", "accuracy_b_lo", "accuracy_b_hi", "difference", "difference_lo", "difference_hi", "agreement",
                "agreement_lo", "agreement_hi")));
        for (ComparisonResult.AccuracyDiff x : r.accuracy()) {
            acc.append(ReportFiles.row(List.of(x.cls() < 0 ? "" : x.cls(), x.label(), x.group(), x.value(), x.n(), x.accuracyA().mean(),
                    x.accuracyA().lo(), x.accuracyA().hi(), x.accuracyB().mean(), x.accuracyB().lo(), x.accuracyB().hi(), x.difference().mean(),
                    x.difference().lo(), x.difference().hi(), x.agreement().mean(), x.agreement().lo(), x.agreement().hi())));
        }
        ReportFiles.write(out.resolve("accuracy.csv"), acc.toString());
        files.add("accuracy.csv");
        StringBuilder ag = new StringBuilder(ReportFiles.row(List.of("method", "class", "label", "maps", "spearman", "spearman_lo", "spearman_hi",
                "top15_iou", "top15_iou_lo", "top15_iou_hi")));
        for (ComparisonResult.MapAgreementRow x : r.mapAgreement()) {
            ag.append(ReportFiles.row(List.of(r.methods().get(x.method()).method(), x.cls() < 0 ? "" : x.cls(), x.label(), x.n(), x.spearman().mean(),
                    x.spearman().lo(), x.spearman().hi(), x.topOverlap().mean(), x.topOverlap().lo(), x.topOverlap().hi())));
        }
        ReportFiles.write(out.resolve("map-agreement.csv"), ag.toString());
        files.add("map-agreement.csv");
        StringBuilder ms = new StringBuilder(ReportFiles.row(List.of("method", "class", "label", "images_of_class", "group", "value", "maps", "region",
                "share_a", "share_b", "difference", "difference_lo", "difference_hi")));
        for (ComparisonResult.MassDiff d : r.mass()) {
            for (int j = 0; j < r.regions().size(); j++) {
                ms.append(ReportFiles.row(List.of(r.methods().get(d.method()).method(), d.cls(), d.label(), d.withClass() ? "with" : "without",
                        d.group(), d.value(), d.n(), r.regions().get(j), d.shareA()[j].mean(), d.shareB()[j].mean(), d.difference()[j].mean(),
                        d.difference()[j].lo(), d.difference()[j].hi())));
            }
        }
        ReportFiles.write(out.resolve("region-mass.csv"), ms.toString());
        files.add("region-mass.csv");
        StringBuilder md = new StringBuilder(ReportFiles.row(List.of("image_id_a", "image_id_b", "path", "true", "predicted_a", "predicted_b", "method",
                "class", "spearman", "top15_iou")));
        for (ComparisonResult.ImagePair p : r.mostDifferent()) {
            md.append(ReportFiles.row(List.of(p.imageIdA(), p.imageIdB(), p.path(), r.a().label(p.trueClass()), r.a().label(p.predictedA()),
                    r.a().label(p.predictedB()), p.method() == null ? "" : p.method(), p.cls(), p.spearman(), p.topOverlap())));
        }
        ReportFiles.write(out.resolve("most-different.csv"), md.toString());
        files.add("most-different.csv");
        ReportFiles.write(out.resolve("summary.txt"), String.join("\n", r.sentences()) + "\n");
        files.add("summary.txt");
        ReportFiles.write(out.resolve("notes.txt"), String.join("\n", r.notes().lines()) + (r.notes().isEmpty() ? "" : "\n"));
        files.add("notes.txt");
        ReportFiles.png(accuracyChart(r), out.resolve("accuracy-difference.png"));
        files.add("accuracy-difference.png");
        if (!r.mostDifferent().isEmpty() && r.mostDifferent().get(0).method() != null) {
            ReportFiles.png(pairsGrid(r, dbA, dbB, imagesRoot, cm), out.resolve("most-different.png"));
            files.add("most-different.png");
        }
        ReportFiles.write(out.resolve("index.html"), html(r, files.contains("most-different.png")));
        files.add("index.html");
        return files;
    }

    /** Accuracy of A and B per class (all images), with intervals. */
    private static BufferedImage accuracyChart(ComparisonResult r) {
        List<ComparisonResult.AccuracyDiff> rows = r.accuracy().stream().filter(x -> x.group().equals(RunImages.ALL)).toList();
        double[][] v = new double[rows.size()][2], lo = new double[rows.size()][2], hi = new double[rows.size()][2];
        List<String> cats = new ArrayList<>();
        for (int c = 0; c < rows.size(); c++) {
            ComparisonResult.AccuracyDiff x = rows.get(c);
            cats.add(x.cls() < 0 ? "all classes" : x.label());
            Bootstrap.Estimate[] e = {x.accuracyA(), x.accuracyB()};
            for (int s = 0; s < 2; s++) {
                v[c][s] = e[s].mean();
                lo[c][s] = e[s].lo();
                hi[c][s] = e[s].hi();
            }
        }
        return BarChart.draw("Top-1 accuracy per class: A and B", cats, List.of("A: " + name(r.a()), "B: " + name(r.b())), v, lo, hi, null, null, "accuracy");
    }

    static String name(RunInfo r) {
        String p = r.modelPath();
        int s = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        return (s >= 0 ? p.substring(s + 1) : p) + (r.layer() != null ? " @ " + r.layer() : "");
    }

    private static BufferedImage pairsGrid(ComparisonResult r, RunDatabase dbA, RunDatabase dbB, Path imagesRoot, Colormap cm) {
        List<ExampleGrid.Tile> ta = new ArrayList<>(), tb = new ArrayList<>();
        for (ComparisonResult.ImagePair p : r.mostDifferent()) {
            String cap = String.format(Locale.ROOT, "%s\ntrue %s, rho %.2f", p.path(), r.a().label(p.trueClass()), p.spearman());
            ta.add(new ExampleGrid.Tile(p.imageIdA(), p.method(), p.cls(), false, "A: " + r.a().label(p.predictedA()) + " | " + cap));
            tb.add(new ExampleGrid.Tile(p.imageIdB(), p.method(), p.cls(), false, "B: " + r.a().label(p.predictedB())));
        }
        BufferedImage ga = ExampleGrid.draw(dbA, r.a(), imagesRoot, ta, 1, cm, r.notes());
        BufferedImage gb = ExampleGrid.draw(dbB, r.b(), imagesRoot, tb, 1, cm, r.notes());
        BufferedImage out = new BufferedImage(ga.getWidth() + gb.getWidth() + 8, Math.max(ga.getHeight(), gb.getHeight()) + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("A", 4, 14);
        g.drawString("B", ga.getWidth() + 12, 14);
        g.drawImage(ga, 0, 20, null);
        g.drawImage(gb, ga.getWidth() + 8, 20, null);
        g.dispose();
        return out;
    }

    private static String html(ComparisonResult r, boolean grid) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>GradLens comparison</title>")
                .append(ReportFiles.STYLE).append("</head><body>\n<h1>Model comparison</h1>\n");
        h.append("<p>A: <code>").append(ReportFiles.html(String.valueOf(r.a().location()))).append("</code> (").append(ReportFiles.html(name(r.a())))
                .append(")<br>B: <code>").append(ReportFiles.html(String.valueOf(r.b().location()))).append("</code> (").append(ReportFiles.html(name(r.b())))
                .append(")<br>").append(r.images()).append(" images in common, data set <code>").append(ReportFiles.html(r.a().datasetPath()))
                .append(String.format(Locale.ROOT, "</code>. Differences are A − B; intervals: 95 %% paired percentile bootstrap over images, %d resamples, seed %d. Computed in %.1f s.</p>\n",
                        r.resamples(), r.seed(), r.millis() / 1000.0));
        h.append("<h2>In short</h2><ul>");
        for (String s : r.sentences()) h.append("<li>").append(ReportFiles.html(s)).append("</li>");
        h.append("</ul>\n");
        if (!r.notes().isEmpty()) {
            h.append("<h2>Notes</h2><ul class=\"notes\">");
            for (String n : r.notes().lines()) h.append("<li>").append(ReportFiles.html(n)).append("</li>");
            h.append("</ul>\n");
        }
        h.append("<h2>Accuracy</h2><img src=\"accuracy-difference.png\" alt=\"accuracy\"><table><tr><th class=l>class</th><th class=l>group</th><th>n</th>"
                + "<th>A</th><th>B</th><th>A − B</th><th>same prediction</th></tr>\n");
        for (ComparisonResult.AccuracyDiff x : r.accuracy()) {
            h.append("<tr><td class=l>").append(ReportFiles.html(x.label())).append("</td><td class=l>")
                    .append(ReportFiles.html(x.group().equals(RunImages.ALL) ? "all images" : x.group() + " = " + x.value())).append("</td><td>").append(x.n())
                    .append("</td><td>").append(ReportFiles.ci(x.accuracyA())).append("</td><td>").append(ReportFiles.ci(x.accuracyB())).append("</td><td>")
                    .append(ReportFiles.ci(x.difference())).append("</td><td>").append(ReportFiles.ci(x.agreement())).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Map agreement</h2><p>Per image, the two runs' maps of the same method and class on a common grid (longer side ")
                .append(MapAgreement.GRID).append(" px): Spearman's rank correlation and the overlap (IoU) of their top-15 % regions.</p><table><tr><th class=l>method</th>"
                        + "<th class=l>class</th><th>maps</th><th>Spearman</th><th>top-15 % IoU</th></tr>\n");
        for (ComparisonResult.MapAgreementRow x : r.mapAgreement()) {
            h.append("<tr><td class=l>").append(ReportFiles.html(r.methods().get(x.method()).title())).append("</td><td class=l>").append(ReportFiles.html(x.label()))
                    .append("</td><td>").append(x.n()).append("</td><td>").append(String.format(Locale.ROOT, "%.3f <small>(%.3f–%.3f)</small>", x.spearman().mean(),
                            x.spearman().lo(), x.spearman().hi())).append("</td><td>").append(ReportFiles.ci(x.topOverlap())).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Region mass, A − B</h2><table><tr><th class=l>method</th><th class=l>class</th><th class=l>images</th><th class=l>group</th><th>maps</th>");
        for (String reg : r.regions().all()) h.append("<th>").append(ReportFiles.html(reg)).append("</th>");
        h.append("</tr>\n");
        for (ComparisonResult.MassDiff d : r.mass()) {
            h.append("<tr><td class=l>").append(ReportFiles.html(r.methods().get(d.method()).title())).append("</td><td class=l>").append(ReportFiles.html(d.label()))
                    .append("</td><td class=l>").append(d.withClass() ? "with" : "without").append("</td><td class=l>")
                    .append(ReportFiles.html(d.group().equals(RunImages.ALL) ? "all images" : d.group() + " = " + d.value())).append("</td><td>").append(d.n()).append("</td>");
            for (int j = 0; j < r.regions().size(); j++) {
                h.append("<td>").append(ReportFiles.pct(d.shareA()[j].mean())).append(" − ").append(ReportFiles.pct(d.shareB()[j].mean())).append("<br>")
                        .append(ReportFiles.ci(d.difference()[j])).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        if (grid) {
            h.append("<h2>Images where the runs differ most</h2><p>Different predictions first, then the lowest rank correlation of the true class's maps.</p>"
                    + "<img src=\"most-different.png\" alt=\"most different\">\n");
        }
        h.append("<p><small>Numbers: accuracy.csv, map-agreement.csv, region-mass.csv, most-different.csv. Definitions: docs/conventions.md (Audit, Comparison).</small></p></body></html>\n");
        return h.toString();
    }
}
