package dev.gradlens.app.viewmodel;

import dev.gradlens.explain.MethodId;
import dev.gradlens.metrics.ImageMetrics;
import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.MetricsSummary;
import dev.gradlens.metrics.WinPercent;
import dev.gradlens.run.browse.ImageRow;
import dev.gradlens.run.browse.RunQueries;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The run view's faithfulness part, for a run whose {@code metrics} table has rows: the mean of each
 * metric per method with its 95 % bootstrap interval ({@link MetricsSummary#means}), the Win % matrix of
 * Average Drop between methods ({@link MetricsSummary#winMatrix}), each image's values as table
 * columns, and the "least faithful first" order by any of them (e.g. the images where Grad-CAM's drop
 * is largest). The rows are those of each image's predicted class, as {@code gradlens report} reads
 * them. Read on the data-set view's query worker ({@link #read}), shown on the FX thread ({@link #apply}).
 */
public final class RunMetricsViewModel {
    /** Resamples and seed of the intervals: the report's, so the window and the report show the same numbers. */
    public static final int RESAMPLES = MetricsSummary.DEFAULT_RESAMPLES;
    public static final long SEED = 0;
    public static final MetricsSummary.ClassRole ROLE = MetricsSummary.ClassRole.PREDICTED;

    /** What one read of the run gives. */
    public record Data(List<MetricsSummary.Row> means, List<MetricsSummary.Win> wins, ImageMetrics perImage) {
        public static final Data EMPTY = new Data(List.of(), List.of(), ImageMetrics.NONE);
    }

    /** One line of the means table, ready to show. */
    public record MeanRow(String method, String metric, String mean, String interval, int images, int undefined, MetricsSummary.Row row) {
    }

    /** A choice of the "least faithful first" order: a column, or none (the filter's own order). */
    public record SortChoice(ImageMetrics.Column column) {
        @Override
        public String toString() {
            return column == null ? "the filter's order" : columnTitle(column);
        }
    }

    public static final SortChoice NO_SORT = new SortChoice(null);

    private final ObservableList<MeanRow> means = FXCollections.observableArrayList();
    private final ObservableList<MeanRow> meansView = FXCollections.unmodifiableObservableList(means);
    private final ObservableList<String> methods = FXCollections.observableArrayList();
    private final ObservableList<String> methodsView = FXCollections.unmodifiableObservableList(methods);
    private final ObservableList<ImageMetrics.Column> columns = FXCollections.observableArrayList();
    private final ObservableList<ImageMetrics.Column> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final ObservableList<SortChoice> sortChoices = FXCollections.observableArrayList(NO_SORT);
    private final ObservableList<SortChoice> sortChoicesView = FXCollections.unmodifiableObservableList(sortChoices);
    private final ObjectProperty<SortChoice> sort = new SimpleObjectProperty<>(this, "sort", NO_SORT);
    private final ReadOnlyBooleanWrapper hasMetrics = new ReadOnlyBooleanWrapper(this, "hasMetrics");
    private Data data = Data.EMPTY;

    public RunMetricsViewModel() {
        sort.addListener((o, a, b) -> {
            if (b == null) sort.set(NO_SORT);
        });
    }

    /** On the query worker: the run's metrics, or {@link Data#EMPTY} when its metrics table has no rows. */
    public static Data read(RunQueries run) {
        try (Statement s = run.connection().createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM metrics")) {
            if (!r.next() || r.getLong(1) == 0) return Data.EMPTY;
        } catch (SQLException e) {
            return Data.EMPTY; // an older run file without the table: nothing to show
        }
        return new Data(MetricsSummary.means(run.connection(), String.valueOf(run.location()), ROLE, RESAMPLES, SEED),
                MetricsSummary.winMatrix(run.connection(), String.valueOf(run.location()), ROLE),
                ImageMetrics.read(run.connection(), run.location(), ROLE));
    }

    /** On the FX thread: shows a read; the chosen order stays when its column is still there. */
    public void apply(Data d) {
        data = d == null ? Data.EMPTY : d;
        List<MeanRow> rows = new ArrayList<>();
        LinkedHashSet<String> ms = new LinkedHashSet<>();
        for (MetricsSummary.Row r : data.means()) {
            ms.add(r.method());
            rows.add(new MeanRow(methodTitle(r.method()), metricTitle(r.metric()), format(r.metric(), r.mean()),
                    r.mean() == null ? "–" : "[" + format(r.metric(), r.ciLow()) + ", " + format(r.metric(), r.ciHigh()) + "]",
                    r.images(), r.undefined(), r));
        }
        means.setAll(rows);
        for (MetricsSummary.Win w : data.wins()) {
            ms.add(w.methodA());
            ms.add(w.methodB());
        }
        if (!methods.equals(List.copyOf(ms))) methods.setAll(ms);
        List<ImageMetrics.Column> cols = data.perImage().columns();
        if (!columns.equals(cols)) columns.setAll(cols);
        List<SortChoice> choices = new ArrayList<>();
        choices.add(NO_SORT);
        for (ImageMetrics.Column c : cols) choices.add(new SortChoice(c));
        SortChoice keep = sort.get();
        if (!sortChoices.equals(choices)) sortChoices.setAll(choices);
        sort.set(choices.contains(keep) ? keep : NO_SORT);
        hasMetrics.set(!data.means().isEmpty());
    }

    /** The run was closed or another started. */
    public void clear() {
        apply(Data.EMPTY);
    }

    // ---- outputs ---------------------------------------------------------------------------------

    public ReadOnlyBooleanProperty hasMetricsProperty() {
        return hasMetrics.getReadOnlyProperty();
    }

    public ObservableList<MeanRow> means() {
        return meansView;
    }

    /** The methods of the Win % matrix (rows and columns), in the run's order. */
    public ObservableList<String> methods() {
        return methodsView;
    }

    /** The per-image metric columns of the image table. */
    public ObservableList<ImageMetrics.Column> columns() {
        return columnsView;
    }

    public ObservableList<SortChoice> sortChoices() {
        return sortChoicesView;
    }

    /** The "least faithful first" order of the image list; {@link #NO_SORT} keeps the filter's order. */
    public ObjectProperty<SortChoice> sortProperty() {
        return sort;
    }

    /** A's wins, ties and losses against B on Average Drop, or null when the run has no such pair. */
    public WinPercent win(String methodA, String methodB) {
        for (MetricsSummary.Win w : data.wins()) if (w.methodA().equals(methodA) && w.methodB().equals(methodB)) return w.counts();
        return null;
    }

    /** "61.0 % (ties 3.0 %, n = 200)": a cell of the Win % matrix; "–" on the diagonal or without images. */
    public String winText(String methodA, String methodB) {
        WinPercent w = win(methodA, methodB);
        if (w == null || w.winPercent() == null) return "–";
        String s = String.format(Locale.ROOT, "%.1f %%", w.winPercent());
        return w.ties() > 0 ? s + String.format(Locale.ROOT, " (ties %.1f %%)", w.tiePercent()) : s;
    }

    /** One image's value of a column, or null (undefined, or not computed for this image). */
    public Double value(ImageRow row, ImageMetrics.Column column) {
        return data.perImage().value(row.imageId(), column);
    }

    /**
     * Least faithful first by one column: the direction each metric's "worse" has (a larger drop or
     * deletion AUC is worse; a smaller insertion AUC or increase is worse); undefined values last,
     * ties by image id.
     */
    public Comparator<ImageRow> leastFaithfulFirst(ImageMetrics.Column column) {
        boolean higherIsWorse = higherIsWorse(column.metric());
        return (a, b) -> {
            Double x = value(a, column), y = value(b, column);
            if (x == null || y == null) {
                if (x == null && y == null) return Integer.compare(a.imageId(), b.imageId());
                return x == null ? 1 : -1;
            }
            int c = higherIsWorse ? Double.compare(y, x) : Double.compare(x, y);
            return c != 0 ? c : Integer.compare(a.imageId(), b.imageId());
        };
    }

    /** The image list's order: the chosen metric's, else {@code filterOrder}. */
    public Comparator<ImageRow> order(Comparator<ImageRow> filterOrder) {
        SortChoice s = sort.get();
        return s == null || s.column() == null || !columns.contains(s.column()) ? filterOrder : leastFaithfulFirst(s.column());
    }

    /** Whether a larger value means a less faithful map. */
    public static boolean higherIsWorse(String metric) {
        return switch (metric) {
            case "average-drop", "deletion-auc", "road-morf" -> true;
            default -> false; // increase, insertion-auc, road-lerf, masked-score: larger is better
        };
    }

    public static String columnTitle(ImageMetrics.Column c) {
        return methodTitle(c.method()) + " " + metricTitle(c.metric());
    }

    public static String methodTitle(String id) {
        try {
            return MethodId.parse(id).title();
        } catch (RuntimeException e) {
            return id;
        }
    }

    public static String metricTitle(String id) {
        return switch (id) {
            case "average-drop" -> "average drop";
            case "increase" -> "increase in confidence";
            case "deletion-auc" -> "deletion AUC";
            case "insertion-auc" -> "insertion AUC";
            case "road-morf" -> "ROAD MoRF";
            case "road-lerf" -> "ROAD LeRF";
            case "masked-score" -> "masked score";
            default -> id;
        };
    }

    /** Drop and increase as percentages (the paper's form), the others with three decimals. */
    public static String format(String metric, Double v) {
        if (v == null) return "undefined";
        if (metric.equals(Metric.AVERAGE_DROP.id()) || metric.equals(Metric.INCREASE.id())) return String.format(Locale.ROOT, "%.2f %%", 100 * v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    @Override
    public String toString() {
        return "RunMetricsViewModel[" + means.size() + " means, " + columns.size() + " columns, sort " + Objects.toString(sort.get()) + "]";
    }
}
