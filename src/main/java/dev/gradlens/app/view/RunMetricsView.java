package dev.gradlens.app.view;

import dev.gradlens.app.viewmodel.RunMetricsViewModel;
import dev.gradlens.app.viewmodel.RunMetricsViewModel.MeanRow;
import dev.gradlens.app.viewmodel.RunMetricsViewModel.SortChoice;
import dev.gradlens.metrics.ImageMetrics;
import dev.gradlens.run.browse.ImageRow;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run view's faithfulness part (shown when the run has a {@code metrics} table): the means with
 * 95 % intervals per method and metric, the Win % matrix of Average Drop, the "least faithful first"
 * order of the image list, and one column per (method, metric) in the image table (sortable like the
 * others). Binds to {@link RunMetricsViewModel}.
 */
public final class RunMetricsView extends VBox {
    private final RunMetricsViewModel vm;
    private final TableView<ImageRow> images;
    private final TableView<MeanRow> means = new TableView<>();
    private final GridPane wins = new GridPane();
    private final List<TableColumn<ImageRow, ?>> added = new ArrayList<>();
    private final Map<ImageMetrics.Column, TableColumn<ImageRow, Number>> byColumn = new LinkedHashMap<>();

    public RunMetricsView(RunMetricsViewModel vm, TableView<ImageRow> images) {
        super(6);
        this.vm = vm;
        this.images = images;
        setId("ds-metrics");
        Label title = new Label("Faithfulness (each image's predicted class; 95 % bootstrap intervals)");
        title.setStyle("-fx-font-weight: bold");
        title.setWrapText(true);

        means.setId("ds-metrics-means");
        means.setItems(vm.means());
        means.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        means.getColumns().setAll(List.of(text("Method", MeanRow::method, 92), text("Metric", MeanRow::metric, 130),
                text("Mean [95 % CI]", r -> r.mean() + "  " + r.interval(), 190),
                text("n", r -> Integer.toString(r.images()), 40), text("undef.", r -> Integer.toString(r.undefined()), 48)));
        means.setFixedCellSize(22);
        means.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(vm.means()).multiply(22).add(30));
        means.setMinHeight(60);
        means.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        Label winTitle = new Label("Win % on Average Drop: how often the row's drop is smaller than the column's");
        winTitle.setWrapText(true);
        wins.setId("ds-metrics-wins");
        wins.setHgap(10);
        wins.setVgap(2);

        ComboBox<SortChoice> sort = new ComboBox<>(vm.sortChoices());
        sort.setId("ds-metrics-sort");
        sort.valueProperty().bindBidirectional(vm.sortProperty());
        vm.sortChoices().addListener((ListChangeListener<SortChoice>) c -> sort.setValue(vm.sortProperty().get()));
        sort.setTooltip(new Tooltip("Lists the images whose map is least faithful by this metric first (largest drop or deletion AUC,"
                + " smallest insertion AUC); undefined values last"));
        // the list's own order shows only while no column header is sorting the table
        vm.sortProperty().addListener((o, a, b) -> {
            if (b != null && b.column() != null) images.getSortOrder().clear();
        });
        HBox sortBar = new HBox(6, new Label("Least faithful first:"), sort);
        sortBar.setAlignment(Pos.CENTER_LEFT);

        getChildren().addAll(title, means, winTitle, wins, sortBar);
        vm.methods().addListener((ListChangeListener<String>) c -> fillWins());
        vm.means().addListener((ListChangeListener<MeanRow>) c -> fillWins());
        vm.columns().addListener((ListChangeListener<ImageMetrics.Column>) c -> fillColumns());
        fillWins();
        fillColumns();
    }

    /**
     * Adds the view as a pane of its own at the right of the run view's split pane while the run has
     * metrics (the confusion matrix and accuracy chart keep their height), and removes it otherwise.
     */
    public static RunMetricsView install(javafx.scene.control.SplitPane split, RunMetricsViewModel vm, TableView<ImageRow> images) {
        RunMetricsView view = new RunMetricsView(vm, images);
        javafx.scene.control.ScrollPane pane = new javafx.scene.control.ScrollPane(view);
        pane.setFitToWidth(true);
        pane.setId("ds-metrics-pane");
        // scrolls rather than asking the run view for height: the panels above keep theirs
        pane.setMinSize(0, 0);
        view.setPadding(new javafx.geometry.Insets(4));
        Runnable update = () -> {
            boolean has = vm.hasMetricsProperty().get(), shown = split.getItems().contains(pane);
            if (has && !shown) {
                split.getItems().add(pane);
                split.setDividerPositions(0.44, 0.63);
            } else if (!has && shown) {
                split.getItems().remove(pane);
                split.setDividerPositions(0.62);
            }
        };
        vm.hasMetricsProperty().addListener((o, a, b) -> update.run());
        update.run();
        return view;
    }

    public TableView<MeanRow> meansTable() {
        return means;
    }

    public GridPane winMatrix() {
        return wins;
    }

    /** The image table's column of one (method, metric), or null. */
    public TableColumn<ImageRow, Number> column(ImageMetrics.Column c) {
        return byColumn.get(c);
    }

    private static TableColumn<MeanRow, String> text(String title, java.util.function.Function<MeanRow, String> f, double width) {
        TableColumn<MeanRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(f.apply(r.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private void fillWins() {
        wins.getChildren().clear();
        List<String> ms = vm.methods();
        if (ms.size() < 2) {
            wins.add(new Label(ms.isEmpty() ? "" : "one method: nothing to compare"), 0, 0);
            return;
        }
        for (int j = 0; j < ms.size(); j++) {
            Label head = new Label(RunMetricsViewModel.methodTitle(ms.get(j)));
            head.setStyle("-fx-font-weight: bold");
            wins.add(head, j + 1, 0);
        }
        for (int i = 0; i < ms.size(); i++) {
            Label row = new Label(RunMetricsViewModel.methodTitle(ms.get(i)));
            row.setStyle("-fx-font-weight: bold");
            wins.add(row, 0, i + 1);
            for (int j = 0; j < ms.size(); j++) {
                Label cell = new Label(i == j ? "–" : vm.winText(ms.get(i), ms.get(j)));
                cell.setId("ds-win-" + i + "-" + j);
                var w = vm.win(ms.get(i), ms.get(j));
                if (w != null) {
                    cell.setTooltip(new Tooltip(String.format(Locale.ROOT, "%s against %s: %d wins, %d ties, %d losses over %d images",
                            RunMetricsViewModel.methodTitle(ms.get(i)), RunMetricsViewModel.methodTitle(ms.get(j)), w.wins(), w.ties(),
                            w.losses(), w.compared())));
                }
                wins.add(cell, j + 1, i + 1);
            }
        }
    }

    /** One parent column per method in the image table, a child per metric (sortable, undefined last). */
    private void fillColumns() {
        images.getColumns().removeAll(added);
        images.getSortOrder().removeIf(c -> byColumn.containsValue(c) || added.contains(c));
        added.clear();
        byColumn.clear();
        Map<String, TableColumn<ImageRow, ?>> parents = new LinkedHashMap<>();
        for (ImageMetrics.Column c : vm.columns()) {
            TableColumn<ImageRow, ?> parent = parents.computeIfAbsent(c.method(), m -> new TableColumn<ImageRow, Object>(RunMetricsViewModel.methodTitle(m)));
            TableColumn<ImageRow, Number> col = new TableColumn<>(RunMetricsViewModel.metricTitle(c.metric()));
            col.setId("ds-col-" + c.method() + "-" + c.metric());
            col.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(vm.value(r.getValue(), c)));
            col.setCellFactory(t -> new MetricCell(c.metric()));
            // undefined (null) after every value when ascending (the header sort reverses it for descending)
            col.setComparator(Comparator.nullsLast(Comparator.comparingDouble(Number::doubleValue)));
            col.setPrefWidth(86);
            parent.getColumns().add(col);
            byColumn.put(c, col);
        }
        added.addAll(parents.values());
        images.getColumns().addAll(added);
    }

    private static final class MetricCell extends TableCell<ImageRow, Number> {
        private final String metric;

        MetricCell(String metric) {
            this.metric = metric;
        }

        @Override
        protected void updateItem(Number v, boolean empty) {
            super.updateItem(v, empty);
            setText(empty ? null : v == null ? "undefined" : RunMetricsViewModel.format(metric, v.doubleValue()));
        }
    }
}
