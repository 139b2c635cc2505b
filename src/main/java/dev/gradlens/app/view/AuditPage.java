package dev.gradlens.app.view;

import dev.gradlens.app.viewmodel.AuditViewModel;
import dev.gradlens.app.viewmodel.AuditViewModel.MapCell;
import dev.gradlens.audit.AuditResult;
import dev.gradlens.audit.Bootstrap;
import dev.gradlens.audit.MapMeasurements;
import dev.gradlens.audit.RegionDecoder;
import dev.gradlens.audit.RunImages;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.List;
import java.util.Locale;

/**
 * The Audit page of an open run: the audit's settings (group, region shape, counterfactual maps),
 * the largest gaps in words, notes, and per class × group the accuracy chart and table, then per
 * method and class the share of map mass per region (chart and table). A click on a bar lists its
 * images in the failure browser. Binds to {@link AuditViewModel}.
 */
public final class AuditPage extends BorderPane {
    private final AuditViewModel vm;
    private final CiBarChart accuracyChart = new CiBarChart();
    private final CiBarChart regionChart = new CiBarChart();
    private final TableView<AuditResult.AccuracyRow> accuracyTable = new TableView<>();
    private final TableView<AuditResult.LocalisationRow> regionTable = new TableView<>();
    private final VBox gapsBox = new VBox(4);
    private final VBox notesBox = new VBox(2);

    public AuditPage(AuditViewModel vm) {
        this.vm = vm;
        setId("audit-page");
        setTop(controls());

        Label message = new Label();
        message.setId("audit-message");
        message.setWrapText(true);
        message.getStyleClass().add("page-message");
        message.setStyle("-fx-text-fill: #b35900; -fx-font-weight: bold");
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        gapsBox.setId("audit-gaps");
        notesBox.setId("audit-notes");
        vm.gaps().addListener((ListChangeListener<String>) c -> fillLines(gapsBox, vm.gaps(), "• ", ""));
        vm.notes().addListener((ListChangeListener<String>) c -> fillLines(notesBox, vm.notes(), "note: ", "-fx-text-fill: #666666"));

        accuracyChart.setId("audit-accuracy-chart");
        accuracyChart.setYLabel("top-1 accuracy");
        accuracyChart.setOnBarClicked(vm::showImages);
        vm.accuracyBars().addListener((ListChangeListener<Object>) c -> accuracyChart.setBars(vm.accuracyBars()));
        vm.accuracyChartTitleProperty().addListener((o, a, t) -> accuracyChart.setTitle(t));
        regionChart.setId("audit-region-chart");
        regionChart.setYLabel("share of positive map mass");
        regionChart.setOnBarClicked(vm::showImages);
        vm.regionBars().addListener((ListChangeListener<Object>) c -> regionChart.setBars(vm.regionBars()));
        vm.regionChartTitleProperty().addListener((o, a, t) -> regionChart.setTitle(t));

        buildAccuracyTable();
        regionTable.setId("audit-region-table");
        regionTable.setPlaceholder(new Label("No maps to measure"));
        regionTable.setItems(vm.localisationRows());
        regionTable.setPrefHeight(260);
        vm.resultProperty().addListener((o, a, r) -> buildRegionColumns(r));

        ComboBox<MapMeasurements.MethodKey> method = new ComboBox<>(vm.methodChoices());
        method.setId("audit-method");
        method.valueProperty().bindBidirectional(vm.methodProperty());
        method.setConverter(converter(MapMeasurements.MethodKey::title));
        ComboBox<MapCell> cell = new ComboBox<>(vm.mapCells());
        cell.setId("audit-map-cell");
        cell.valueProperty().bindBidirectional(vm.mapCellProperty());
        cell.setTooltip(new Tooltip("Whose maps the chart shows: one class's maps on the images with that class, or without it"));
        HBox mapChoice = new HBox(8, new Label("Method:"), method, new Label("Maps:"), cell);
        mapChoice.setAlignment(Pos.CENTER_LEFT);

        Label summary = new Label();
        summary.setId("audit-summary");
        summary.setWrapText(true);
        summary.setStyle("-fx-text-fill: #555555");
        summary.textProperty().bind(vm.summaryProperty());
        VBox content = new VBox(8, summary, message, title("Largest gaps"), gapsBox, notesBox,
                title("Accuracy per class and group"), wide(accuracyChart), accuracyTable,
                title("Where the maps put their mass"), mapChoice, wide(regionChart), regionTable);
        content.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        fillLines(gapsBox, List.of("Choose the settings and press Run audit."), "", "-fx-text-fill: #666666");
    }

    public CiBarChart accuracyChart() {
        return accuracyChart;
    }

    public CiBarChart regionChart() {
        return regionChart;
    }

    public TableView<AuditResult.AccuracyRow> accuracyTable() {
        return accuracyTable;
    }

    public TableView<AuditResult.LocalisationRow> regionTable() {
        return regionTable;
    }

    private HBox controls() {
        ComboBox<String> group = new ComboBox<>(vm.groupChoices());
        group.setId("audit-group");
        group.valueProperty().bindBidirectional(vm.groupProperty());
        vm.groupChoices().addListener((ListChangeListener<String>) c -> group.setValue(vm.groupProperty().get()));
        group.setTooltip(new Tooltip("Cut by this group only (gradlens audit --group); All groups: every group of the run"));
        ComboBox<RegionDecoder.Shape> shape = new ComboBox<>();
        shape.getItems().setAll(RegionDecoder.Shape.values());
        shape.setId("audit-shape");
        shape.valueProperty().bindBidirectional(vm.shapeProperty());
        shape.setConverter(converter(s -> s.name().toLowerCase(Locale.ROOT)));
        shape.setTooltip(new Tooltip("Regions that have a mask: the mask's pixels or their box (--region-shape)"));
        CheckBox cf = new CheckBox("Counterfactual maps");
        cf.setId("audit-counterfactual");
        cf.selectedProperty().bindBidirectional(vm.counterfactualProperty());
        cf.setTooltip(new Tooltip("Also audit the counterfactual maps the run holds (--counterfactual)"));
        Button run = new Button("Run audit");
        run.setId("audit-run");
        run.setDefaultButton(true);
        run.setOnAction(e -> vm.audit());
        run.disableProperty().bind(vm.runningProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.runningProperty());
        HBox bar = new HBox(8, new Label("Group:"), group, new Label("Regions:"), shape, cf, run,
                CancelButton.of("audit-cancel", vm.runningProperty(), vm::cancel), busy);
        for (javafx.scene.Node n : bar.getChildren()) if (n instanceof javafx.scene.control.Control c) c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        return bar;
    }

    private void buildAccuracyTable() {
        accuracyTable.setId("audit-accuracy-table");
        accuracyTable.setPlaceholder(new Label("No audit yet"));
        accuracyTable.setItems(vm.accuracyRows());
        accuracyTable.setPrefHeight(220);
        TableColumn<AuditResult.AccuracyRow, String> cls = column("Class", 140, a -> a.cls() < 0 ? "all classes" : a.label());
        TableColumn<AuditResult.AccuracyRow, String> group = column("Group", 160, a -> cut(a.group(), a.value()));
        TableColumn<AuditResult.AccuracyRow, String> n = column("n", 60, a -> Integer.toString(a.n()));
        TableColumn<AuditResult.AccuracyRow, String> acc = column("Accuracy (95 % CI)", 170, a -> a.n() == 0 ? "no images" : ci(a.accuracy()));
        TableColumn<AuditResult.AccuracyRow, String> conf = column("Mean confidence (95 % CI)", 190, a -> a.n() == 0 ? "" : ci(a.confidence()));
        accuracyTable.getColumns().setAll(List.of(cls, group, n, acc, conf));
    }

    /** One column per region of this run (regions differ between runs). */
    private void buildRegionColumns(AuditResult r) {
        regionTable.getColumns().clear();
        if (r == null) return;
        regionTable.getColumns().add(column("Class", 110, x -> x.label()));
        regionTable.getColumns().add(column("Images", 70, x -> x.withClass() ? "with" : "without"));
        regionTable.getColumns().add(column("Group", 140, x -> cut(x.group(), x.value())));
        regionTable.getColumns().add(column("Maps", 80, x -> x.n() + " / " + x.images()));
        for (int j = 0; j < r.regions().size(); j++) {
            int region = j;
            TableColumn<AuditResult.LocalisationRow, String> c = column(r.regions().get(j), 215, x -> ci(x.share()[region])
                    + String.format(Locale.ROOT, " · area %.0f %%", 100 * x.area()[region]));
            regionTable.getColumns().add(c);
        }
    }

    private static <S> TableColumn<S, String> column(String name, double width, java.util.function.Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(name);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(value.apply(x.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static ScrollPane wide(CiBarChart chart) {
        // a chart with many classes is wider than the page: scroll it sideways
        ScrollPane s = new ScrollPane(chart);
        s.setFitToHeight(true);
        s.setFitToWidth(true);
        s.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        s.setPrefViewportHeight(300);
        s.setMinViewportHeight(300);
        return s;
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold; -fx-font-size: 14px");
        return l;
    }

    static void fillLines(VBox box, List<String> lines, String prefix, String style) {
        box.getChildren().clear();
        for (String s : lines) {
            Label l = new Label(prefix + s);
            l.setWrapText(true);
            if (!style.isEmpty()) l.setStyle(style);
            box.getChildren().add(l);
        }
    }

    static String cut(String group, String value) {
        return group.equals(RunImages.ALL) ? "all images" : group + " = " + value;
    }

    static String ci(Bootstrap.Estimate e) {
        if (Double.isNaN(e.mean())) return "–";
        return String.format(Locale.ROOT, "%.1f %% (%.1f–%.1f)", 100 * e.mean(), 100 * e.lo(), 100 * e.hi());
    }

    static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : text.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }
}
