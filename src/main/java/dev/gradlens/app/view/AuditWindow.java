package dev.gradlens.app.view;

import dev.gradlens.app.FileDialogs;
import dev.gradlens.app.viewmodel.AuditViewModel;
import dev.gradlens.app.viewmodel.CompareViewModel;
import dev.gradlens.app.viewmodel.DatasetViewModel;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.file.Path;

/**
 * The Audit and Compare pages of the open run, as two tabs of a window beside the main one, so a
 * chart and the failure browser it filters are both in view. Opened by the data-set view's
 * "Audit…" and "Compare…" buttons; made when first opened, kept while the window lives.
 */
public final class AuditWindow {
    private final MainView main;
    private final DatasetViewModel dataset;
    private final AuditViewModel audit;
    private final CompareViewModel compare;
    private final FileDialogs dialogs;
    private Stage stage;
    private TabPane tabs;
    private AuditPage auditPage;
    private ComparePage comparePage;

    private AuditWindow(MainView main, DatasetViewModel dataset, AuditViewModel audit, CompareViewModel compare, FileDialogs dialogs) {
        this.main = main;
        this.dataset = dataset;
        this.audit = audit;
        this.compare = compare;
        this.dialogs = dialogs;
    }

    /** Adds "Audit…" and "Compare…" to the data-set view (after {@link MainView#attachDataset}). */
    public static AuditWindow attach(MainView main, DatasetViewModel dataset, AuditViewModel audit, CompareViewModel compare, FileDialogs dialogs) {
        AuditWindow w = new AuditWindow(main, dataset, audit, compare, dialogs);
        DatasetView view = main.datasetView().orElseThrow(() -> new IllegalStateException("attach the data-set view first"));
        Button a = new Button("Audit…");
        a.setId("ds-audit");
        a.setTooltip(new Tooltip("Accuracy and where the maps look, per class and group, with 95 % intervals (gradlens audit)"));
        a.setOnAction(e -> w.showAudit());
        Button c = new Button("Compare…");
        c.setId("ds-compare");
        c.setTooltip(new Tooltip("This run against another run on the same data: another model or layer (gradlens compare)"));
        c.setOnAction(e -> w.showCompare());
        a.disableProperty().bind(dataset.runFileProperty().isNull());
        c.disableProperty().bind(dataset.runFileProperty().isNull());
        view.addAction(a);
        view.addAction(c);
        dataset.runFileProperty().addListener((o, x, f) -> w.retitle(f));
        return w;
    }

    /** Shows the Audit page; without an audit yet, audits the run with the settings shown. */
    public void showAudit() {
        show(0);
        if (audit.resultProperty().get() == null && !audit.runningProperty().get()) audit.audit();
    }

    /** Shows the Compare page; with no run B yet, asks for one. */
    public void showCompare() {
        show(1);
        if (compare.runBProperty().get() == null && !compare.runningProperty().get()) {
            dialogs.openFile("Compare with run", "GradLens runs (DuckDB)", java.util.List.of("duckdb")).ifPresent(compare::compareWith);
        }
    }

    private void show(int tab) {
        if (stage == null) build();
        tabs.getSelectionModel().select(tab);
        if (!stage.isShowing()) stage.show();
        stage.toFront();
    }

    private void build() {
        auditPage = new AuditPage(audit);
        comparePage = new ComparePage(compare, dialogs);
        Tab a = new Tab("Audit", auditPage);
        a.setId("tab-audit");
        Tab c = new Tab("Compare", comparePage);
        c.setId("tab-compare");
        tabs = new TabPane(a, c);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        stage = new Stage();
        Window owner = main.getScene() == null ? null : main.getScene().getWindow();
        if (owner != null) stage.initOwner(owner);
        Scene scene = new Scene(tabs, 1100, 860);
        if (main.getScene() != null) scene.getStylesheets().setAll(main.getScene().getStylesheets());
        stage.setScene(scene);
        retitle(dataset.runFileProperty().get());
    }

    private void retitle(Path run) {
        if (stage != null) stage.setTitle("GradLens — audit" + (run == null ? "" : " of " + run.getFileName()));
    }

    /** The window once opened (for tests and the screenshot tour). */
    public java.util.Optional<Stage> stage() {
        return java.util.Optional.ofNullable(stage);
    }

    public java.util.Optional<AuditPage> auditPage() {
        return java.util.Optional.ofNullable(auditPage);
    }

    public java.util.Optional<ComparePage> comparePage() {
        return java.util.Optional.ofNullable(comparePage);
    }

    /** Closes the window (the main window is closing). */
    public void close() {
        if (stage != null) stage.hide();
    }
}
