package dev.gradlens.run.report;

import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.MetricsSummary;
import dev.gradlens.metrics.WinPercent;
import dev.gradlens.run.browse.MetricQueries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's "Faithfulness" section for a run made with {@code --metrics}: per method, each
 * metric's mean over images with its 95 % bootstrap interval and how many images had it undefined,
 * and the Win % matrix of Average Drop between methods (Grad-CAM++ §6.1, ties shown apart). Average
 * Drop and Increase are shown in per cent as the paper reports them; the other metrics as stored.
 */
public final class FaithfulnessSection {
    private FaithfulnessSection() {
    }

    /** The HTML of the section, or "" when the run has no metrics. */
    static String html(MetricQueries m) {
        if (!m.any()) return "";
        List<MetricsSummary.Row> means = m.means();
        StringBuilder h = new StringBuilder();
        h.append("<h2>Faithfulness</h2>\n<p class=\"muted\">Maps of the predicted class; mean over images [95 % bootstrap interval]; ")
                .append("images where a metric is undefined (an all-zero map, say) are counted, not averaged. ")
                .append("Lower is more faithful for Average Drop, the deletion AUC and ROAD MoRF; higher for Increase, O, the insertion AUC and ROAD LeRF. ")
                .append("Definitions: docs/conventions.md.</p>\n");
        List<Metric> metrics = m.metrics();
        Map<String, Map<String, MetricsSummary.Row>> byMethod = new LinkedHashMap<>();
        for (MetricsSummary.Row r : means) byMethod.computeIfAbsent(r.method(), k -> new LinkedHashMap<>()).put(r.metric(), r);
        h.append("<table class=\"metrics\"><tr><th>method</th>");
        for (Metric x : metrics) h.append("<th>").append(HtmlReport.esc(title(x))).append("</th>");
        h.append("</tr>\n");
        for (var e : byMethod.entrySet()) {
            h.append("<tr><th>").append(HtmlReport.esc(e.getKey())).append("</th>");
            for (Metric x : metrics) h.append("<td>").append(HtmlReport.esc(cell(e.getValue().get(x.id()), x))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        List<MetricsSummary.Win> wins = m.wins();
        if (!wins.isEmpty()) {
            List<String> methods = new ArrayList<>(byMethod.keySet());
            Map<String, WinPercent> cell = new LinkedHashMap<>();
            for (MetricsSummary.Win w : wins) cell.put(w.methodA() + "\u0000" + w.methodB(), w.counts());
            h.append("<h3>Win % (Average Drop)</h3>\n<p class=\"muted\">Row method against column method: the share of images on which the row's ")
                    .append("drop is the smaller, then the share of ties, over images where both drops are defined.</p>\n<table><tr><th></th>");
            for (String b : methods) h.append("<th>").append(HtmlReport.esc(b)).append("</th>");
            h.append("</tr>\n");
            for (String a : methods) {
                h.append("<tr><th>").append(HtmlReport.esc(a)).append("</th>");
                for (String b : methods) {
                    WinPercent w = cell.get(a + "\u0000" + b);
                    h.append("<td>").append(a.equals(b) || w == null || w.winPercent() == null ? "–"
                            : String.format(Locale.ROOT, "%.1f %% (ties %.1f %%, n = %d)", w.winPercent(), w.tiePercent(), w.compared())).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        return h.toString();
    }

    /** The means as terminal lines, one per method ("gradcam: Average Drop % 43.10 [40.02, 46.31] (n = 500), …"); empty without metrics. */
    public static List<String> lines(MetricQueries m) {
        if (!m.any()) return List.of();
        Map<String, List<String>> byMethod = new LinkedHashMap<>();
        List<Metric> metrics = m.metrics();
        Map<String, Map<String, MetricsSummary.Row>> rows = new LinkedHashMap<>();
        for (MetricsSummary.Row r : m.means()) rows.computeIfAbsent(r.method(), k -> new LinkedHashMap<>()).put(r.metric(), r);
        for (var e : rows.entrySet()) {
            List<String> parts = new ArrayList<>();
            for (Metric x : metrics) if (e.getValue().containsKey(x.id())) parts.add(title(x) + " " + cell(e.getValue().get(x.id()), x));
            byMethod.put(e.getKey(), parts);
        }
        List<String> out = new ArrayList<>();
        for (var e : byMethod.entrySet()) out.add(e.getKey() + ": " + String.join("; ", e.getValue()));
        return out;
    }

    static String title(Metric m) {
        return switch (m) {
            case MASKED_SCORE -> "O (masked score)";
            case AVERAGE_DROP -> "Average Drop %";
            case INCREASE -> "Increase in Confidence %";
            case DELETION_AUC -> "deletion AUC";
            case INSERTION_AUC -> "insertion AUC";
            case ROAD_MORF -> "ROAD MoRF";
            case ROAD_LERF -> "ROAD LeRF";
        };
    }

    /** "mean [low, high]" (× 100 for the paper's percentages), "n = …", and how many undefined. */
    static String cell(MetricsSummary.Row r, Metric m) {
        if (r == null) return "–";
        double scale = m == Metric.AVERAGE_DROP || m == Metric.INCREASE ? 100 : 1;
        String undefined = r.undefined() > 0 ? ", " + r.undefined() + " undefined" : "";
        if (r.mean() == null) return "undefined on all " + r.images() + " images";
        String f = scale == 100 ? "%.2f" : "%.4f";
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "] (n = %d%s)", r.mean() * scale, r.ciLow() * scale, r.ciHigh() * scale,
                r.images() - r.undefined(), undefined);
    }
}
