package dev.gradlens.cli;

import dev.gradlens.GradLensException;
import dev.gradlens.run.browse.FailureFilter;
import dev.gradlens.metrics.Metric;
import dev.gradlens.run.browse.ImageRow;
import dev.gradlens.run.browse.MetricQueries;
import dev.gradlens.run.browse.RunLabels;
import dev.gradlens.run.browse.RunQueries;
import dev.gradlens.run.browse.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code gradlens failures}: a run's mistakes (or all its images) as a table on the terminal. */
@Command(name = "failures", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List a data-set run's mistakes, most confident first.")
final class FailuresCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run: a .duckdb file or a Parquet folder")
    Path run;

    @Option(names = "--class", paramLabel = "C", description = "only images of this true class (label or index)")
    String cls;

    @Option(names = "--confused", paramLabel = "A,B", description = "only images of true class A predicted as B")
    String confused;

    @Option(names = "--min-confidence", paramLabel = "P", description = "only predictions with probability at least P (0..1)")
    Double minConfidence;

    @Option(names = "--group", paramLabel = "NAME=VALUE", description = "only images with this group attribute (e.g. background=snow)")
    String group;

    @Option(names = "--sort", defaultValue = "confidence", paramLabel = "KEY",
            description = "confidence (highest first), margin (highest first), margin-asc (borderline first), image, or a metric of a run made "
                    + "with --metrics (average-drop, increase, masked-score, deletion-auc, insertion-auc, road-morf, road-lerf): least faithful "
                    + "first; METRIC-asc / METRIC-desc for the value's order (default: ${DEFAULT-VALUE})")
    String sort;

    @Option(names = "--method", paramLabel = "ID", description = "the method whose metric --sort METRIC uses (default: gradcam, else the first with metrics)")
    String method;

    @Option(names = "--all", description = "list correct predictions too, not only mistakes")
    boolean all;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "at most N rows; 0 for all (default: ${DEFAULT-VALUE})")
    int limit;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (limit < 0) throw new GradLensException("--limit must be 0 or more");
        if (minConfidence != null && !(minConfidence >= 0 && minConfidence <= 1)) throw new GradLensException("--min-confidence must be between 0 and 1");
        try (RunQueries q = RunQueries.open(run)) {
            RunSummary s = q.summary();
            FailureFilter f = filter(q.labels());
            PrintWriter o = spec.commandLine().getOut();
            o.println(headline(s));
            if (s.images() == 0) {
                o.println("The run has no images yet.");
                o.flush();
                return;
            }
            MetricSort bySort = metricSort(sort);
            if (bySort == null && method != null) throw new GradLensException("--method goes with --sort METRIC (e.g. --sort average-drop --method gradcam)");
            List<ImageRow> rows;
            Map<Integer, Double> values = null;
            String shownMethod = null;
            if (bySort != null) {
                MetricQueries m = q.metrics();
                shownMethod = method != null ? method : m.defaultMethod();
                rows = m.rows(q, f.withLimit(0), shownMethod, bySort.metric(), bySort.order());
                values = m.values(shownMethod, bySort.metric());
            } else {
                rows = q.rows(f.withLimit(0));
            }
            List<ImageRow> shown = limit > 0 && rows.size() > limit ? rows.subList(0, limit) : rows;
            o.println(describe(f, q.labels(), shownMethod) + ": " + rows.size() + (rows.size() == 1 ? " image" : " images")
                    + (shown.size() < rows.size() ? " (first " + shown.size() + " shown; --limit 0 for all)" : ""));
            if (!shown.isEmpty()) printTable(o, shown, bySort == null ? null : bySort.metric().id(), values);
            if (s.failed() > 0) o.println("note: " + s.failed() + " image(s) could not be used (unreadable, missing or duplicate); 'gradlens report' lists them");
            o.flush();
        }
    }

    FailureFilter filter(RunLabels labels) {
        FailureFilter f = FailureFilter.mistakes().withMistakesOnly(!all).withSort(metricSort(sort) != null ? FailureFilter.Sort.IMAGE : parseSort(sort));
        if (minConfidence != null) f = f.withMinConfidence(minConfidence);
        if (cls != null) f = f.withTrueClass(labels.resolve(cls));
        if (confused != null) {
            String[] ab = confused.split(",", -1);
            if (ab.length != 2 || ab[0].isBlank() || ab[1].isBlank()) throw new GradLensException("--confused takes two classes: TRUE,PREDICTED (e.g. --confused cat,dog)");
            Integer t = labels.resolve(ab[0]);
            if (f.trueClass() != null && !f.trueClass().equals(t)) throw new GradLensException("--class and --confused name different true classes");
            f = f.withTrueClass(t).withPredictedClass(labels.resolve(ab[1]));
        }
        if (group != null) {
            int eq = group.indexOf('=');
            if (eq <= 0) throw new GradLensException("--group takes NAME=VALUE (e.g. --group background=snow)");
            f = f.withGroup(group.substring(0, eq).trim(), group.substring(eq + 1).trim());
        }
        return f;
    }

    private static FailureFilter.Sort parseSort(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "confidence" -> FailureFilter.Sort.CONFIDENCE;
            case "margin" -> FailureFilter.Sort.MARGIN;
            case "margin-asc" -> FailureFilter.Sort.MARGIN_ASCENDING;
            case "image" -> FailureFilter.Sort.IMAGE;
            default -> throw new GradLensException("--sort must be confidence, margin, margin-asc, image or a metric ("
                    + String.join(", ", java.util.Arrays.stream(Metric.values()).map(Metric::id).toList())
                    + "; -asc or -desc for the value's order), not '" + s + "'");
        };
    }

    /** A sort by a metric of the predicted class's map: least faithful first, or -asc / -desc for the value's order. */
    record MetricSort(Metric metric, MetricQueries.Order order) {
    }

    /** The metric sort {@code s} names, or null when it names none (then it is one of the image sorts). */
    static MetricSort metricSort(String s) {
        String k = s.toLowerCase(Locale.ROOT).trim();
        MetricQueries.Order order = MetricQueries.Order.LEAST_FAITHFUL_FIRST;
        if (k.endsWith("-asc")) {
            order = MetricQueries.Order.ASCENDING;
            k = k.substring(0, k.length() - 4);
        } else if (k.endsWith("-desc")) {
            order = MetricQueries.Order.DESCENDING;
            k = k.substring(0, k.length() - 5);
        }
        for (Metric m : Metric.values()) if (m.id().equals(k)) return new MetricSort(m, order);
        return null;
    }

    static String headline(RunSummary s) {
        String acc = Double.isNaN(s.accuracy()) ? "no labelled images"
                : String.format(Locale.ROOT, "accuracy %.1f %% (%d of %d)", 100 * s.accuracy(), s.correct(), s.labelled());
        return "run: " + s.modelName() + " on " + s.datasetKind() + " " + s.datasetPath() + "; " + s.images() + " images"
                + (s.failed() > 0 ? " (" + s.failed() + " not usable)" : "") + "; " + acc;
    }

    private String describe(FailureFilter f, RunLabels labels, String metricMethod) {
        List<String> parts = new ArrayList<>();
        parts.add(f.mistakesOnly() ? "mistakes" : "images");
        if (f.trueClass() != null && f.predictedClass() != null) parts.add(labels.label(f.trueClass()) + " predicted as " + labels.label(f.predictedClass()));
        else if (f.trueClass() != null) parts.add("of class " + labels.label(f.trueClass()));
        if (!Double.isNaN(f.minConfidence())) parts.add(String.format(Locale.ROOT, "with p ≥ %.2f", f.minConfidence()));
        if (f.groupName() != null) parts.add("with " + f.groupName() + "=" + f.groupValue());
        MetricSort m = metricSort(sort);
        parts.add("by " + (m == null ? sort : metricMethod + "'s " + m.metric().id() + (m.order() == MetricQueries.Order.LEAST_FAITHFUL_FIRST
                ? ", least faithful first" : m.order() == MetricQueries.Order.ASCENDING ? ", smallest first" : ", largest first")));
        return String.join(" ", parts);
    }

    static void printTable(PrintWriter o, List<ImageRow> rows) {
        printTable(o, rows, null, null);
    }

    /** With {@code metric} non-null, a column of each row's value after the margin ("undefined" for NULL, "-" for no row). */
    static void printTable(PrintWriter o, List<ImageRow> rows, String metric, Map<Integer, Double> values) {
        String[] head = metric == null ? new String[] {"#", "true", "predicted", "p", "margin", "path", "groups"}
                : new String[] {"#", "true", "predicted", "p", "margin", metric, "path", "groups"};
        List<String[]> cells = new ArrayList<>();
        for (ImageRow r : rows) {
            List<String> c = new ArrayList<>(List.of(Integer.toString(r.imageId()), r.trueLabel(), r.predictedLabel(),
                    String.format(Locale.ROOT, "%.3f", r.confidence()), String.format(Locale.ROOT, "%.3f", r.margin())));
            if (metric != null) {
                Double v = values.get(r.imageId());
                c.add(!values.containsKey(r.imageId()) ? "-" : v == null ? "undefined" : String.format(Locale.ROOT, "%.4f", v));
            }
            c.add(r.path());
            c.add(r.groupText());
            cells.add(c.toArray(String[]::new));
        }
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) w[i] = head[i].length();
        for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.min(48, Math.max(w[i], c[i].length()));
        o.println(line(head, w));
        for (String[] c : cells) o.println(line(c, w));
    }

    private static String line(String[] c, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            String v = c[i].length() > w[i] ? c[i].substring(0, w[i] - 1) + "…" : c[i];
            boolean right = i == 0 || i == 3 || i == 4 || (c.length == 8 && i == 5);
            if (i > 0) b.append("  ");
            b.append(right ? " ".repeat(w[i] - v.length()) + v : i == c.length - 1 ? v : v + " ".repeat(w[i] - v.length()));
        }
        return b.toString().stripTrailing();
    }
}
