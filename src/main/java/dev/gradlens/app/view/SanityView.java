package dev.gradlens.app.view;

import dev.gradlens.app.viewmodel.SanityViewModel;
import dev.gradlens.app.viewmodel.SanityViewModel.Curve;
import dev.gradlens.app.viewmodel.SanityViewModel.GridRow;
import dev.gradlens.app.viewmodel.SanityViewModel.Measure;
import dev.gradlens.app.viewmodel.SanityViewModel.Point;
import dev.gradlens.explain.MethodId;
import dev.gradlens.metrics.sanity.SanityCheck.Variant;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;

/**
 * The Sanity page (Tools › Sanity check…): the check's options and Run/Cancel with progress; one
 * curve per method (similarity to the original map against the randomisation step; measure and
 * variant chosen above the chart); the grid of maps after each step; the verdict sentence. Binds to
 * {@link SanityViewModel}.
 */
public final class SanityView extends BorderPane {
    private final SanityViewModel vm;
    private final LineChart<Number, Number> chart;
    private final NumberAxis stepAxis = new NumberAxis();
    private final GridPane grid = new GridPane();
    private final Label verdict = new Label();

    public SanityView(SanityViewModel vm) {
        this.vm = vm;
        setId("sanity-view");
        getStyleClass().add("sanity-view");
        setPadding(new Insets(8));

        FlowPane methods = new FlowPane(8, 4);
        methods.getChildren().add(new Label("Methods:"));
        for (MethodId m : SanityViewModel.OFFERED) {
            CheckBox c = new CheckBox(m.title());
            c.setId("sanity-method-" + m.id());
            c.selectedProperty().bindBidirectional(vm.chosenProperty(m));
            methods.getChildren().add(c);
        }
        Spinner<Integer> steps = new Spinner<>(1, 50, vm.stepsProperty().get());
        steps.setId("sanity-steps");
        steps.setPrefWidth(72);
        steps.setEditable(true);
        steps.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.stepsProperty().set(b);
        });
        steps.setTooltip(new Tooltip("The learnable layers are split, top down, into this many groups: one randomisation step each"));
        CheckBox independent = new CheckBox("Independent variant too");
        independent.setId("sanity-independent");
        independent.selectedProperty().bindBidirectional(vm.independentProperty());
        independent.setTooltip(new Tooltip("Also randomise each group of layers alone (the run takes twice as long)"));
        Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, (int) vm.seedProperty().get());
        seed.setId("sanity-seed");
        seed.setPrefWidth(90);
        seed.setEditable(true);
        seed.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.seedProperty().set(b);
        });
        Button run = new Button("Run sanity check");
        run.setId("sanity-run");
        run.setDefaultButton(true);
        run.setOnAction(e -> vm.run());
        run.disableProperty().bind(vm.runningProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("sanity-cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        ProgressBar bar = new ProgressBar();
        bar.setId("sanity-progress");
        bar.setPrefWidth(160);
        bar.progressProperty().bind(vm.progressProperty());
        Label progress = new Label();
        progress.setId("sanity-progress-text");
        progress.textProperty().bind(vm.progressTextProperty());
        HBox options = new HBox(8, new Label("Steps"), steps, independent, new Label("Seed"), seed, run, cancel, bar, progress);
        options.setAlignment(Pos.CENTER_LEFT);
        Label subject = new Label();
        subject.setId("sanity-subject");
        subject.setStyle("-fx-font-weight: bold");
        subject.textProperty().bind(vm.subjectTextProperty());
        Label error = new Label();
        error.setId("sanity-error");
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: #c0392b");
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());
        VBox top = new VBox(6, methods, options, subject, error);
        top.setPadding(new Insets(0, 0, 6, 0));
        setTop(top);

        ComboBox<Measure> measure = new ComboBox<>();
        measure.getItems().setAll(Measure.values());
        measure.setId("sanity-measure");
        measure.valueProperty().bindBidirectional(vm.measureProperty());
        ComboBox<Variant> variant = new ComboBox<>(vm.variants());
        variant.setId("sanity-variant");
        variant.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Variant v) {
                return v == null ? "" : v.name().toLowerCase(java.util.Locale.ROOT);
            }

            @Override
            public Variant fromString(String s) {
                return Variant.valueOf(s.toUpperCase(java.util.Locale.ROOT));
            }
        });
        variant.valueProperty().bindBidirectional(vm.variantProperty());
        vm.variants().addListener((ListChangeListener<Variant>) c -> variant.setValue(vm.variantProperty().get()));
        HBox chartBar = new HBox(8, new Label("Similarity to the original map:"), measure, new Label("randomisation:"), variant);
        chartBar.setAlignment(Pos.CENTER_LEFT);
        stepAxis.setLabel("step (0 = original; top layers first)");
        stepAxis.setAutoRanging(false);
        stepAxis.setLowerBound(0);
        stepAxis.setUpperBound(10);
        stepAxis.setTickUnit(1);
        stepAxis.setMinorTickVisible(false);
        NumberAxis valueAxis = new NumberAxis(-1, 1, 0.25);
        valueAxis.setLabel("similarity");
        chart = new LineChart<>(stepAxis, valueAxis);
        chart.setId("sanity-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        chart.setMinHeight(220);
        VBox left = new VBox(4, chartBar, chart);
        VBox.setVgrow(chart, javafx.scene.layout.Priority.ALWAYS);
        grid.setId("sanity-grid");
        grid.setHgap(3);
        grid.setVgap(3);
        ScrollPane gridScroll = new ScrollPane(grid);
        gridScroll.setFitToWidth(false);
        Label gridTitle = new Label("Maps after each cascading step (columns) per method (rows)");
        vm.variantProperty().addListener((o, a, v) -> gridTitle.setText("Maps after each " + v.name().toLowerCase(java.util.Locale.ROOT)
                + " step (columns) per method (rows)"));
        VBox right = new VBox(4, gridTitle, gridScroll);
        VBox.setVgrow(gridScroll, javafx.scene.layout.Priority.ALWAYS);
        SplitPane split = new SplitPane(left, right);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        setCenter(split);

        verdict.setId("sanity-verdict");
        verdict.setWrapText(true);
        verdict.setStyle("-fx-font-weight: bold");
        verdict.textProperty().bind(vm.verdictProperty());
        verdict.setPadding(new Insets(6, 0, 0, 0));
        setBottom(verdict);

        vm.curves().addListener((ListChangeListener<Curve>) c -> fillChart());
        vm.grid().addListener((ListChangeListener<GridRow>) c -> fillGrid());
        fillChart();
        fillGrid();
    }

    public LineChart<Number, Number> chart() {
        return chart;
    }

    public GridPane grid() {
        return grid;
    }

    private void fillChart() {
        List<XYChart.Series<Number, Number>> all = new ArrayList<>();
        int max = 1;
        for (Curve c : vm.curves()) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(c.title());
            for (Point p : c.points()) {
                // a map that became constant kept nothing of the original: drawn at 0, as gradlens sanity's curves.png
                s.getData().add(new XYChart.Data<>(p.step(), p.value() == null ? 0 : p.value()));
                max = Math.max(max, p.step());
            }
            all.add(s);
        }
        stepAxis.setUpperBound(max);
        chart.getData().setAll(all);
    }

    private void fillGrid() {
        grid.getChildren().clear();
        List<String> cols = vm.gridColumns();
        for (int c = 0; c < cols.size(); c++) {
            String full = cols.get(c);
            Label head = new Label(full.length() > 16 ? full.substring(0, 15) + "…" : full);
            head.setTooltip(new Tooltip(c == 0 ? "the original model's map" : "step " + full + " randomised"));
            head.setStyle("-fx-font-size: 10px");
            head.setMaxWidth(96);
            grid.add(head, c + 1, 0);
        }
        int r = 1;
        for (GridRow row : vm.grid()) {
            Label name = new Label(row.method().title());
            name.setMaxWidth(130);
            grid.add(name, 0, r);
            for (int c = 0; c < row.tiles().size(); c++) {
                ImageView v = new ImageView(FxImages.toFx(row.tiles().get(c)));
                v.setFitWidth(84);
                v.setFitHeight(84);
                v.setPreserveRatio(true);
                grid.add(v, c + 1, r);
            }
            r++;
        }
    }
}
