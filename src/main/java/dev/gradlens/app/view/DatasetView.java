package dev.gradlens.app.view;

import dev.gradlens.app.viewmodel.DatasetViewModel;
import dev.gradlens.app.viewmodel.DatasetViewModel.ClassChoice;
import dev.gradlens.app.viewmodel.DatasetViewModel.GroupChoice;
import dev.gradlens.imaging.Colormap;
import dev.gradlens.run.browse.ClassAccuracy;
import dev.gradlens.run.browse.ConfusionMatrix;
import dev.gradlens.run.browse.ImageRow;
import dev.gradlens.run.browse.RunSummary;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The data-set view under the single-image view: run progress, quick filters, the image table
 * (thumbnail, true, predicted, confidence, margin, correct, groups; sortable by any column), and
 * beside it the clickable confusion matrix and per-class accuracy. Selecting a row shows that
 * image in the panels above. Binds to {@link DatasetViewModel}; holds no state of its own but the
 * thumbnail cache.
 */
public final class DatasetView extends BorderPane {
    static final int THUMB_W = 48, THUMB_H = 36;
    private static final int THUMB_CACHE = 400;

    private final DatasetViewModel vm;
    private final TableView<ImageRow> table = new TableView<>();
    private final GridPane matrix = new GridPane();
    private final BarChart<String, Number> accuracyChart;
    private final Label summaryLabel = new Label();
    private final Map<Path, Image> thumbs = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Image> e) {
            return size() > THUMB_CACHE;
        }
    };
    private boolean syncingSelection;
    private HBox actions;

    public DatasetView(DatasetViewModel vm) {
        this.vm = vm;
        setId("dataset-view");
        getStyleClass().add("dataset-view");

        VBox top = new VBox(4, progressBar(), filterBar());
        top.setPadding(new Insets(4, 6, 4, 6));
        setTop(top);

        buildTable();
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis(0, 100, 25);
        y.setLabel("accuracy %");
        accuracyChart = new BarChart<>(x, y);
        accuracyChart.setId("ds-accuracy");
        accuracyChart.setAnimated(false);
        accuracyChart.setLegendVisible(false);
        accuracyChart.setTitle("Accuracy per class");
        accuracyChart.setMinHeight(160);
        matrix.setId("ds-confusion");
        matrix.setHgap(1);
        matrix.setVgap(1);
        Label matrixTitle = new Label("Confusion matrix (rows: true, columns: predicted; click a cell to filter)");
        matrixTitle.setWrapText(true);
        ScrollPane matrixScroll = new ScrollPane(matrix);
        matrixScroll.setFitToWidth(false);
        VBox side = new VBox(6, matrixTitle, matrixScroll, accuracyChart);
        side.setPadding(new Insets(4));
        // The matrix is what users click (a cell filters the table): it takes the spare height and never
        // shrinks below a few rows; the chart keeps its minimum. (The chart used to take all the spare
        // height and squeezed the matrix to one clipped row at the default window size.)
        matrixScroll.setMinHeight(120);
        matrixScroll.setPrefViewportHeight(160); // not the whole matrix: the view must not push the panels above it to a sliver
        accuracyChart.setPrefHeight(160);
        VBox.setVgrow(matrixScroll, Priority.ALWAYS);
        VBox.setVgrow(accuracyChart, Priority.SOMETIMES);
        SplitPane split = new SplitPane(table, side);
        split.setDividerPositions(0.62);
        RunMetricsView.install(split, vm.metrics(), table);
        setCenter(split);

        vm.confusionProperty().addListener((o, a, m) -> fillMatrix(m));
        vm.classAccuracy().addListener((ListChangeListener<ClassAccuracy>) c -> fillChart());
        vm.summaryProperty().addListener((o, a, s) -> summaryLabel.setText(summaryText(s)));
        fillMatrix(vm.confusionProperty().get());
        fillChart();
        summaryLabel.setText(summaryText(vm.summaryProperty().get()));
    }

    public TableView<ImageRow> table() {
        return table;
    }

    /** Adds a button (Audit…, Compare…) to the line with the run's summary. */
    public void addAction(javafx.scene.Node action) {
        actions.getChildren().add(action);
    }

    public GridPane confusionMatrix() {
        return matrix;
    }

    public BarChart<String, Number> accuracyChart() {
        return accuracyChart;
    }

    // ---- parts ---------------------------------------------------------------------------------

    private HBox progressBar() {
        ProgressBar bar = new ProgressBar();
        bar.setId("ds-progress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(vm.progressProperty());
        Label text = new Label();
        text.setId("ds-progress-text");
        text.textProperty().bind(vm.progressTextProperty());
        Button cancel = new Button("Cancel run");
        cancel.setId("ds-cancel");
        cancel.setOnAction(e -> vm.cancelRun());
        HBox running = new HBox(8, bar, text, cancel);
        running.setAlignment(Pos.CENTER_LEFT);
        running.visibleProperty().bind(vm.runningProperty());
        running.managedProperty().bind(vm.runningProperty());
        summaryLabel.setId("ds-summary");
        summaryLabel.setStyle("-fx-font-weight: bold");
        HBox box = new HBox(12, summaryLabel, running);
        box.setAlignment(Pos.CENTER_LEFT);
        actions = box;
        return box;
    }

    private HBox filterBar() {
        ToggleButton mistakes = new ToggleButton("Mistakes");
        mistakes.setId("ds-mistakes");
        mistakes.setTooltip(new Tooltip("Only images whose top-1 is not their label"));
        mistakes.selectedProperty().bindBidirectional(vm.mistakesOnlyProperty());
        ToggleButton confident = new ToggleButton("Confident mistakes");
        confident.setId("ds-confident");
        confident.setTooltip(new Tooltip("Mistakes with a top-1 probability of at least the value beside"));
        confident.selectedProperty().bindBidirectional(vm.confidentOnlyProperty());
        Spinner<Double> min = new Spinner<>(0.05, 0.99, vm.minConfidenceProperty().get(), 0.05);
        min.setId("ds-min-confidence");
        min.setPrefWidth(78);
        min.setEditable(true);
        min.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.minConfidenceProperty().set(b);
        });
        vm.minConfidenceProperty().addListener((o, a, b) -> {
            if (!b.equals(min.getValue())) min.getValueFactory().setValue(b.doubleValue());
        });
        ComboBox<ClassChoice> cls = new ComboBox<>(vm.classChoices());
        cls.setId("ds-class");
        cls.setTooltip(new Tooltip("Only images of one true class"));
        cls.valueProperty().bindBidirectional(vm.trueClassProperty());
        // new choices (a refresh): the combo box may drop its value meanwhile; show the view model's again
        vm.classChoices().addListener((ListChangeListener<ClassChoice>) c -> cls.setValue(vm.trueClassProperty().get()));
        ComboBox<GroupChoice> group = new ComboBox<>(vm.groupChoices());
        group.setId("ds-group");
        group.setTooltip(new Tooltip("Only images of one group (manifest columns, scene flags)"));
        group.valueProperty().bindBidirectional(vm.groupProperty());
        vm.groupChoices().addListener((ListChangeListener<GroupChoice>) c -> group.setValue(vm.groupProperty().get()));
        Button clear = new Button("Clear filters");
        clear.setId("ds-clear");
        clear.setOnAction(e -> vm.clearFilters());
        Label filter = new Label();
        filter.setId("ds-filter-text");
        filter.textProperty().bind(vm.filterTextProperty());
        Label count = new Label();
        count.setId("ds-count");
        count.textProperty().bind(vm.countTextProperty());
        HBox bar = new HBox(6, mistakes, confident, min, cls, group, clear, filter, count);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void buildTable() {
        table.setId("ds-table");
        table.setPlaceholder(new Label("No images match the filters"));
        table.setFixedCellSize(THUMB_H + 6);
        TableColumn<ImageRow, ImageRow> thumb = new TableColumn<>("");
        thumb.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        thumb.setCellFactory(c -> new ThumbCell());
        thumb.setSortable(false);
        thumb.setPrefWidth(THUMB_W + 12);
        TableColumn<ImageRow, Number> id = new TableColumn<>("#");
        id.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().imageId()));
        id.setPrefWidth(56);
        TableColumn<ImageRow, String> truth = new TableColumn<>("True");
        truth.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().trueLabel()));
        truth.setPrefWidth(120);
        TableColumn<ImageRow, String> predicted = new TableColumn<>("Predicted");
        predicted.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().predictedLabel()));
        predicted.setPrefWidth(120);
        TableColumn<ImageRow, Number> confidence = new TableColumn<>("p");
        confidence.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().confidence()));
        confidence.setCellFactory(c -> new NumberCell());
        TableColumn<ImageRow, Number> margin = new TableColumn<>("Margin");
        margin.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().margin()));
        margin.setCellFactory(c -> new NumberCell());
        TableColumn<ImageRow, String> correct = new TableColumn<>("Correct");
        correct.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().correct() == null ? "–" : c.getValue().correct() ? "✓" : "✗"));
        correct.setPrefWidth(64);
        TableColumn<ImageRow, String> groups = new TableColumn<>("Groups");
        groups.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().groupText()));
        groups.setPrefWidth(200);
        table.getColumns().setAll(java.util.List.of(thumb, id, truth, predicted, confidence, margin, correct, groups));

        SortedList<ImageRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (!syncingSelection && row != null) vm.select(row);
        });
        // rows replaced by a refresh or a filter: keep the selected image selected when it is still listed
        vm.rows().addListener((ListChangeListener<ImageRow>) c -> reselect());
        // a selection made elsewhere (a thumbnail of the Compare page): show it in the table
        vm.selectedProperty().addListener((o, a, row) -> {
            if (!syncingSelection && table.getSelectionModel().getSelectedItem() != row) {
                reselect();
                if (row != null) table.scrollTo(row);
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.openSelected();
                e.consume();
            }
        });
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) vm.openSelected();
        });
    }

    private void reselect() {
        ImageRow sel = vm.selectedProperty().get();
        syncingSelection = true;
        try {
            if (sel == null) table.getSelectionModel().clearSelection();
            else {
                int i = table.getItems().indexOf(sel);
                if (i >= 0) table.getSelectionModel().clearAndSelect(i);
            }
        } finally {
            syncingSelection = false;
        }
    }

    private void fillMatrix(ConfusionMatrix m) {
        matrix.getChildren().clear();
        if (m == null || m.size() == 0) {
            matrix.add(new Label("No labelled images yet"), 0, 0);
            return;
        }
        int n = m.size();
        int cols = n + (m.hasOther() ? 1 : 0);
        double cell = Math.max(18, Math.min(40, 520.0 / cols));
        for (int c = 0; c < cols; c++) {
            String full = c < n ? m.labels().get(c) : "other";
            Label head = new Label(abbreviate(full, cell));
            head.setTooltip(new Tooltip("predicted: " + full));
            head.setMinWidth(cell);
            head.setMaxWidth(cell);
            head.setAlignment(Pos.CENTER);
            head.setStyle("-fx-font-size: 10px");
            matrix.add(head, c + 1, 0);
        }
        for (int r = 0; r < n; r++) {
            Label rowHead = new Label(m.labels().get(r));
            rowHead.setStyle("-fx-font-size: 10px");
            rowHead.setMaxWidth(110);
            matrix.add(rowHead, 0, r + 1);
            long total = 0;
            for (int c = 0; c <= n; c++) total += m.count(r, c);
            for (int c = 0; c < cols; c++) {
                long v = m.count(r, c);
                double share = total == 0 ? 0 : (double) v / total;
                int rgb = Colormap.VIRIDIS.argb((float) share) & 0xFFFFFF;
                Label cellLabel = new Label(v == 0 ? "" : Long.toString(v));
                cellLabel.setId("ds-cell-" + r + "-" + c);
                cellLabel.setMinSize(cell, cell);
                cellLabel.setMaxSize(cell, cell);
                cellLabel.setAlignment(Pos.CENTER);
                // inline style: the theme's label colour would win over setTextFill
                cellLabel.setStyle(String.format(Locale.ROOT, "-fx-background-color: #%06x; -fx-text-fill: %s; -fx-font-size: 10px; -fx-cursor: hand",
                        rgb, share > 0.55 ? "black" : "white"));
                String predictedName = c < n ? m.labels().get(c) : "a class outside the true classes";
                cellLabel.setTooltip(new Tooltip(String.format(Locale.ROOT, "%s predicted as %s: %d of %d (%.0f %%)", m.labels().get(r),
                        predictedName, v, total, 100 * share)));
                int row = m.classes().get(r);
                Integer pred = c < n ? m.classes().get(c) : null;
                cellLabel.setOnMouseClicked(e -> vm.filterCell(row, pred));
                matrix.add(cellLabel, c + 1, r + 1);
            }
        }
    }

    private static String abbreviate(String s, double width) {
        int max = Math.max(2, (int) (width / 6.5));
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private void fillChart() {
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        for (ClassAccuracy c : vm.classAccuracy()) {
            series.getData().add(new XYChart.Data<>(c.label() + " (" + c.classIndex() + ")", Double.isNaN(c.accuracy()) ? 0 : 100 * c.accuracy()));
        }
        accuracyChart.getData().setAll(java.util.List.of(series));
    }

    private static String summaryText(RunSummary s) {
        if (s == null) return "";
        String acc = Double.isNaN(s.accuracy()) ? "no labelled images"
                : String.format(Locale.ROOT, "accuracy %.1f %% (%,d of %,d)", 100 * s.accuracy(), s.correct(), s.labelled());
        return String.format(Locale.ROOT, "%s on %s · %,d images%s · %s · %s", s.modelName(), s.datasetKind(), s.images(),
                s.failed() > 0 ? String.format(Locale.ROOT, " (%,d not usable)", s.failed()) : "", acc, String.join(", ", s.methods()));
    }

    // ---- cells ---------------------------------------------------------------------------------

    private static final class NumberCell extends TableCell<ImageRow, Number> {
        @Override
        protected void updateItem(Number v, boolean empty) {
            super.updateItem(v, empty);
            setText(empty || v == null || Double.isNaN(v.doubleValue()) ? null : String.format(Locale.ROOT, "%.3f", v.doubleValue()));
        }
    }

    /** The image, small; JavaFX decodes it in the background and the cache keeps recent ones. */
    private final class ThumbCell extends TableCell<ImageRow, ImageRow> {
        private final ImageView view = new ImageView();

        ThumbCell() {
            view.setFitWidth(THUMB_W);
            view.setFitHeight(THUMB_H);
            view.setPreserveRatio(true);
        }

        @Override
        protected void updateItem(ImageRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            Path file = vm.imageFile(row);
            view.setImage(thumbs.computeIfAbsent(file, f -> new Image(f.toUri().toString(), THUMB_W, THUMB_H, true, true, true)));
            setGraphic(view);
        }
    }
}
