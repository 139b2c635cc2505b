package dev.gradlens.app.view;

import dev.gradlens.app.FileDialogs;
import dev.gradlens.app.viewmodel.CompareViewModel;
import dev.gradlens.audit.ComparisonResult;
import dev.gradlens.audit.RegionDecoder;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The Compare page: the open run (A) against a second run (B) picked with the file chooser; the
 * agreement of predictions, accuracy differences per class and group value (bars with paired 95 %
 * intervals, a click filters the failure browser), map agreement, region-mass differences and the
 * images where the runs differ most as thumbnails (a click selects the image in the failure browser).
 * Binds to {@link CompareViewModel}.
 */
public final class ComparePage extends BorderPane {
    static final int THUMB = 112;

    private final CompareViewModel vm;
    private final FileDialogs dialogs;
    private final CiBarChart differenceChart = new CiBarChart();
    private final FlowPane thumbs = new FlowPane(8, 8);
    private final VBox sentencesBox = new VBox(4);
    private final VBox notesBox = new VBox(2);
    private final TableView<ComparisonResult.AccuracyDiff> accuracyTable = new TableView<>();
    private final TableView<ComparisonResult.MapAgreementRow> agreementTable = new TableView<>();
    private final TableView<ComparisonResult.MassDiff> massTable = new TableView<>();

    public ComparePage(CompareViewModel vm, FileDialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        setId("compare-page");
        setTop(controls());

        Label message = new Label();
        message.setId("compare-message");
        message.setWrapText(true);
        message.setStyle("-fx-text-fill: #b35900; -fx-font-weight: bold");
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        Label runs = new Label();
        runs.setId("compare-runs");
        runs.textProperty().bind(vm.runsTextProperty());
        Label agreement = new Label();
        agreement.setId("compare-agreement");
        agreement.setStyle("-fx-font-weight: bold; -fx-font-size: 14px");
        agreement.textProperty().bind(vm.agreementTextProperty());

        vm.sentences().addListener((ListChangeListener<String>) c -> AuditPage.fillLines(sentencesBox, vm.sentences(), "• ", ""));
        vm.notes().addListener((ListChangeListener<String>) c -> AuditPage.fillLines(notesBox, vm.notes(), "note: ", "-fx-text-fill: #666666"));

        differenceChart.setId("compare-difference-chart");
        differenceChart.setSigned(true);
        differenceChart.setTitle("Accuracy A − B per class and group (points; click a bar: its images)");
        differenceChart.setYLabel("accuracy difference, points");
        differenceChart.setOnBarClicked(vm::showImages);
        vm.differenceBars().addListener((ListChangeListener<Object>) c -> differenceChart.setBars(vm.differenceBars()));

        buildTables();
        thumbs.setId("compare-thumbs");
        vm.mostDifferent().addListener((ListChangeListener<ComparisonResult.ImagePair>) c -> fillThumbs());
        vm.resultProperty().addListener((o, a, r) -> buildMassColumns(r));

        ScrollPane chartScroll = new ScrollPane(differenceChart);
        chartScroll.setFitToWidth(true);
        chartScroll.setFitToHeight(true);
        chartScroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        chartScroll.setMinViewportHeight(300);
        VBox content = new VBox(8, message, runs, agreement, sentencesBox, notesBox,
                title("Images where the runs differ most (different predictions first, then the least similar maps; click: show it)"), thumbs,
                title("Accuracy"), chartScroll, accuracyTable,
                title("Map agreement (same method and class, per image)"), agreementTable,
                title("Region mass, A − B"), massTable);
        content.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        AuditPage.fillLines(sentencesBox, List.of("Pick the run to compare with (same data set, another model or layer)."), "", "-fx-text-fill: #666666");
    }

    public CiBarChart differenceChart() {
        return differenceChart;
    }

    public FlowPane thumbnails() {
        return thumbs;
    }

    private HBox controls() {
        Button pick = new Button("Compare with run…");
        pick.setId("compare-pick");
        pick.setOnAction(e -> dialogs.openFile("Compare with run", "GradLens runs (DuckDB)", List.of("duckdb")).ifPresent(vm::compareWith));
        pick.disableProperty().bind(vm.runningProperty());
        ComboBox<String> group = new ComboBox<>(vm.groupChoices());
        group.setId("compare-group");
        group.valueProperty().bindBidirectional(vm.groupProperty());
        vm.groupChoices().addListener((ListChangeListener<String>) c -> group.setValue(vm.groupProperty().get()));
        ComboBox<RegionDecoder.Shape> shape = new ComboBox<>();
        shape.getItems().setAll(RegionDecoder.Shape.values());
        shape.setId("compare-shape");
        shape.valueProperty().bindBidirectional(vm.shapeProperty());
        shape.setConverter(AuditPage.converter(s -> s.name().toLowerCase(Locale.ROOT)));
        Button again = new Button("Recompute");
        again.setId("compare-recompute");
        again.setTooltip(new Tooltip("Compare again with the same run B (after changing the group or the region shape)"));
        again.setOnAction(e -> vm.recompute());
        again.disableProperty().bind(vm.runBProperty().isNull().or(vm.runningProperty()));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.runningProperty());
        Label b = new Label();
        b.textProperty().bind(vm.runBProperty().asString().map(s -> "null".equals(s) ? "" : "B: " + s));
        HBox bar = new HBox(8, pick, new Label("Group:"), group, new Label("Regions:"), shape, again,
                CancelButton.of("compare-cancel", vm.runningProperty(), vm::cancel), busy, b);
        for (javafx.scene.Node n : bar.getChildren()) if (n instanceof Button || n instanceof ComboBox<?>) ((javafx.scene.control.Control) n).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        return bar;
    }

    private void buildTables() {
        accuracyTable.setId("compare-accuracy-table");
        accuracyTable.setPlaceholder(new Label("No comparison yet"));
        accuracyTable.setItems(vm.accuracyRows());
        accuracyTable.setPrefHeight(220);
        accuracyTable.getColumns().setAll(List.of(
                column("Class", 130, (ComparisonResult.AccuracyDiff d) -> d.cls() < 0 ? "all classes" : d.label()),
                column("Group", 150, d -> AuditPage.cut(d.group(), d.value())),
                column("n", 56, d -> Integer.toString(d.n())),
                column("A", 150, d -> AuditPage.ci(d.accuracyA())),
                column("B", 150, d -> AuditPage.ci(d.accuracyB())),
                column("A − B (points, 95 % CI)", 190, d -> points(d.difference())),
                column("Same prediction", 150, d -> AuditPage.ci(d.agreement()))));
        agreementTable.setId("compare-agreement-table");
        agreementTable.setPlaceholder(new Label("No image has a map of the same method and class in both runs"));
        agreementTable.setItems(vm.mapAgreement());
        agreementTable.setPrefHeight(160);
        agreementTable.getColumns().setAll(List.of(
                column("Method", 130, (ComparisonResult.MapAgreementRow x) -> vm.resultProperty().get() == null ? ""
                        : vm.resultProperty().get().methods().get(x.method()).title()),
                column("Class", 130, x -> x.cls() < 0 ? "all classes" : x.label()),
                column("Maps", 70, x -> Integer.toString(x.n())),
                column("Spearman ρ (95 % CI)", 190, x -> Double.isNaN(x.spearman().mean()) ? "–"
                        : String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", x.spearman().mean(), x.spearman().lo(), x.spearman().hi())),
                column("Top-15 % IoU (95 % CI)", 190, x -> AuditPage.ci(x.topOverlap()))));
        massTable.setId("compare-mass-table");
        massTable.setPlaceholder(new Label("No region masses to compare"));
        massTable.setItems(vm.massRows());
        massTable.setPrefHeight(220);
    }

    private void buildMassColumns(ComparisonResult r) {
        massTable.getColumns().clear();
        if (r == null) return;
        massTable.getColumns().add(column("Method", 110, (ComparisonResult.MassDiff d) -> r.methods().get(d.method()).title()));
        massTable.getColumns().add(column("Class", 100, d -> d.label()));
        massTable.getColumns().add(column("Images", 70, d -> d.withClass() ? "with" : "without"));
        massTable.getColumns().add(column("Group", 130, d -> AuditPage.cut(d.group(), d.value())));
        massTable.getColumns().add(column("Maps", 60, d -> Integer.toString(d.n())));
        for (int j = 0; j < r.regions().size(); j++) {
            int region = j;
            massTable.getColumns().add(column(r.regions().get(j), 170, d -> String.format(Locale.ROOT, "%.0f − %.0f %% · %s", 100 * d.shareA()[region].mean(),
                    100 * d.shareB()[region].mean(), points(d.difference()[region]))));
        }
    }

    private void fillThumbs() {
        thumbs.getChildren().clear();
        List<ComparisonResult.ImagePair> pairs = vm.mostDifferent();
        for (int i = 0; i < pairs.size(); i++) {
            ComparisonResult.ImagePair p = pairs.get(i);
            ImageView view = new ImageView();
            view.setFitWidth(THUMB);
            view.setFitHeight(THUMB);
            view.setPreserveRatio(true);
            Path file = vm.imageFile(p);
            if (Files.isRegularFile(file)) view.setImage(new Image(file.toUri().toString(), THUMB, THUMB, true, true, true));
            Label caption = new Label(vm.caption(p));
            caption.setStyle("-fx-font-size: 10px");
            caption.setWrapText(true);
            caption.setMaxWidth(THUMB + 16);
            VBox tile = new VBox(2, view, caption);
            tile.setId("compare-thumb-" + i);
            tile.setAlignment(Pos.TOP_CENTER);
            tile.setPrefWidth(THUMB + 16);
            tile.setPadding(new Insets(4));
            tile.setStyle("-fx-border-color: #cccccc; -fx-cursor: hand");
            Tooltip.install(tile, new Tooltip(p.path() + "\nclick: select it in the failure browser"));
            tile.setOnMouseClicked(e -> vm.showPair(p));
            thumbs.getChildren().add(tile);
        }
        if (pairs.isEmpty() && vm.resultProperty().get() != null) thumbs.getChildren().add(new Label("No image with maps in both runs to rank"));
    }

    private static String points(dev.gradlens.audit.Bootstrap.Estimate e) {
        if (Double.isNaN(e.mean())) return "–";
        return String.format(Locale.ROOT, "%+.1f (%+.1f to %+.1f)", 100 * e.mean(), 100 * e.lo(), 100 * e.hi());
    }

    private static <S> TableColumn<S, String> column(String name, double width, java.util.function.Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(name);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(value.apply(x.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold; -fx-font-size: 14px");
        l.setWrapText(true);
        return l;
    }
}
