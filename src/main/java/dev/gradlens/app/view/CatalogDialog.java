package dev.gradlens.app.view;

import dev.gradlens.app.viewmodel.CatalogItem;
import dev.gradlens.app.viewmodel.CatalogViewModel;
import dev.gradlens.catalog.ModelFetcher;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.function.Function;

/**
 * "Models…": the downloadable classifiers with their cache state, the selected one's details
 * (input, preprocessing, licence, source), and Download / Open and Cancel with a progress bar. Not
 * modal: a download goes on (with progress in the status bar) when the dialog is closed, and the
 * dialog closes itself once a model is handed to the window. The window keeps one and shows it again.
 */
public final class CatalogDialog extends Dialog<Void> {
    private final CatalogViewModel vm;
    private final TableView<CatalogItem> table = new TableView<>();
    private final ButtonType actionType = new ButtonType("Download", ButtonBar.ButtonData.OK_DONE);
    private final ButtonType cancelType = new ButtonType("Cancel download", ButtonBar.ButtonData.LEFT);

    public CatalogDialog(Window owner, CatalogViewModel vm) {
        this.vm = vm;
        if (owner != null) {
            initOwner(owner);
            if (owner.getScene() != null) getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        initModality(Modality.NONE);
        setTitle("Models");
        setHeaderText("Pretrained ImageNet classifiers GradLens can download, verify (size and SHA-256) and keep in your cache.\n"
                + "Nothing is downloaded until you choose Download.");
        setGraphic(Icons.icon(Icons.CATALOG));
        setResizable(true);
        getDialogPane().getStyleClass().add("catalog-dialog");

        buildTable();
        SplitPane split = new SplitPane(table, details());
        split.setDividerPositions(0.6);
        SplitPane.setResizableWithParent(split.getItems().get(1), false);
        VBox.setVgrow(split, Priority.ALWAYS);

        VBox content = new VBox(10, split, progressRow(), message());
        content.setPadding(new Insets(8));
        content.setPrefSize(1060, 520);
        getDialogPane().setContent(content);

        getDialogPane().getButtonTypes().addAll(cancelType, actionType, ButtonType.CLOSE);
        Button action = (Button) getDialogPane().lookupButton(actionType);
        action.setId("catalog-action");
        action.textProperty().bind(vm.actionTextBinding());
        action.setGraphic(Icons.icon(Icons.DOWNLOAD));
        vm.actionTextBinding().addListener((o, a, t) -> action.setGraphic(Icons.icon("Open".equals(t) ? Icons.MODEL : Icons.DOWNLOAD)));
        action.setGraphic(Icons.icon("Open".equals(vm.actionTextBinding().get()) ? Icons.MODEL : Icons.DOWNLOAD));
        action.disableProperty().bind(vm.actionDisabledBinding());
        // the dialog stays open for these two: consume the event before the dialog closes itself
        action.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            vm.act();
        });
        Button cancel = (Button) getDialogPane().lookupButton(cancelType);
        cancel.setId("catalog-cancel");
        cancel.setGraphic(Icons.icon(Icons.CANCEL));
        cancel.disableProperty().bind(vm.downloadingProperty().not());
        cancel.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            vm.cancel();
        });
        getDialogPane().lookupButton(ButtonType.CLOSE).setId("catalog-close");

        setResultConverter(b -> null);
        vm.openedProperty().addListener((o, a, item) -> {
            if (item != null && isShowing()) close();
        });
        setOnShown(e -> {
            vm.refresh();
            table.requestFocus();
        });
    }

    public TableView<CatalogItem> table() {
        return table;
    }

    // ---- table ---------------------------------------------------------------------------------

    private void buildTable() {
        table.setId("catalog-table");
        table.setItems(vm.items());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("The catalog lists no models"));
        TableColumn<CatalogItem, String> name = column("Model", 250, CatalogItem::name);
        TableColumn<CatalogItem, String> id = column("ID", 130, CatalogItem::id);
        TableColumn<CatalogItem, String> size = column("Size", 80, CatalogItem::sizeText);
        size.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<CatalogItem, String> top1 = column("Top-1", 64, CatalogItem::top1Text);
        top1.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<CatalogItem, String> license = column("Licence", 100, CatalogItem::license);
        TableColumn<CatalogItem, String> state = new TableColumn<>("State");
        state.setPrefWidth(130);
        state.setCellValueFactory(c -> c.getValue().stateTextBinding());
        state.setCellFactory(c -> new StateCell());
        table.getColumns().setAll(java.util.List.of(name, id, size, top1, license, state));

        // selection: the view model's is the truth; the table follows it and reports clicks
        boolean[] syncing = {false};
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (syncing[0] || b == null) return;
            syncing[0] = true;
            vm.selectedProperty().set(b);
            syncing[0] = false;
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (syncing[0]) return;
            syncing[0] = true;
            table.getSelectionModel().select(b);
            syncing[0] = false;
        });
        if (vm.getSelected() != null) table.getSelectionModel().select(vm.getSelected());

        table.setRowFactory(t -> {
            TableRow<CatalogItem> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty() && !vm.isDownloading()) {
                    vm.selectedProperty().set(row.getItem());
                    vm.act();
                }
            });
            return row;
        });
    }

    private static TableColumn<CatalogItem, String> column(String title, double width, Function<CatalogItem, String> value) {
        TableColumn<CatalogItem, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        return c;
    }

    /** The cache state with an icon: cached, partial (resumable), downloading. */
    private static final class StateCell extends TableCell<CatalogItem, String> {
        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            getStyleClass().removeAll("catalog-cached", "catalog-partial");
            CatalogItem item = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(text);
            if (item.downloadingProperty().get()) {
                setGraphic(Icons.icon(Icons.DOWNLOAD));
            } else if (item.getState() == ModelFetcher.State.CACHED) {
                setGraphic(Icons.icon(Icons.CACHED));
                getStyleClass().add("catalog-cached");
            } else if (item.getState() == ModelFetcher.State.PARTIAL) {
                setGraphic(Icons.icon(Icons.PARTIAL));
                getStyleClass().add("catalog-partial");
            } else {
                setGraphic(null);
            }
        }
    }

    // ---- details -------------------------------------------------------------------------------

    private ScrollPane details() {
        GridPane grid = new GridPane();
        grid.setId("catalog-details");
        grid.setHgap(10);
        grid.setVgap(6);
        grid.setPadding(new Insets(4, 8, 4, 8));
        ColumnConstraints key = new ColumnConstraints();
        key.setMinWidth(90);
        ColumnConstraints value = new ColumnConstraints();
        value.setHgrow(Priority.ALWAYS);
        value.setFillWidth(true);
        grid.getColumnConstraints().setAll(key, value);

        Label title = detail("catalog-detail-name", CatalogViewModel.Details::name);
        title.getStyleClass().add("section-title");
        grid.add(title, 0, 0, 2, 1);
        int r = 1;
        r = row(grid, r, "ID", detail("catalog-detail-id", CatalogViewModel.Details::id));
        r = row(grid, r, "Size", detail("catalog-detail-size", CatalogViewModel.Details::size));
        r = row(grid, r, "Input", detail("catalog-detail-input", CatalogViewModel.Details::input));
        r = row(grid, r, "Preprocessing", detail("catalog-detail-preprocessing", CatalogViewModel.Details::preprocessing));
        r = row(grid, r, "Output", detail("catalog-detail-output", CatalogViewModel.Details::output));
        r = row(grid, r, "Top-1", detail("catalog-detail-top1", CatalogViewModel.Details::top1));
        r = row(grid, r, "Licence", detail("catalog-detail-license", CatalogViewModel.Details::license));
        r = row(grid, r, "Source", detail("catalog-detail-source", CatalogViewModel.Details::source));
        r = row(grid, r, "SHA-256", detail("catalog-detail-sha256", CatalogViewModel.Details::sha256));
        r = row(grid, r, "Notes", detail("catalog-detail-notes", CatalogViewModel.Details::notes));
        row(grid, r, "Cache", detail("catalog-detail-folder", CatalogViewModel.Details::folder));

        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setMinWidth(280);
        return scroll;
    }

    private static int row(GridPane grid, int r, String key, Label value) {
        Label k = new Label(key);
        k.getStyleClass().add("control-label");
        k.setMinWidth(Label.USE_PREF_SIZE);
        grid.addRow(r, k, value);
        GridPane.setValignment(k, javafx.geometry.VPos.TOP);
        return r + 1;
    }

    private Label detail(String id, Function<CatalogViewModel.Details, String> field) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.textProperty().bind(Bindings.createStringBinding(() -> {
            CatalogViewModel.Details d = vm.detailsBinding().get();
            return d == null ? "" : field.apply(d);
        }, vm.detailsBinding()));
        l.tooltipProperty().bind(Bindings.createObjectBinding(() -> l.getText() == null || l.getText().length() < 40
                ? null : new Tooltip(l.getText()), l.textProperty()));
        return l;
    }

    // ---- progress ------------------------------------------------------------------------------

    private HBox progressRow() {
        ProgressBar bar = new ProgressBar();
        bar.setId("catalog-progress");
        bar.setPrefWidth(320);
        bar.progressProperty().bind(vm.progressProperty());
        Label amount = new Label();
        amount.setId("catalog-progress-text");
        amount.getStyleClass().add("value-label");
        amount.textProperty().bind(vm.progressTextProperty());
        Label what = new Label();
        what.textProperty().bind(Bindings.createStringBinding(() -> vm.activeProperty().get() == null ? ""
                : vm.activeProperty().get().name(), vm.activeProperty()));
        what.getStyleClass().add("control-label");
        HBox row = new HBox(10, bar, amount, what);
        row.setAlignment(Pos.CENTER_LEFT);
        // shown while downloading, and afterwards while it has something to say (a kept partial file)
        row.visibleProperty().bind(vm.downloadingProperty().or(vm.progressTextProperty().isNotEmpty()));
        return row;
    }

    private Label message() {
        Label m = new Label();
        m.setId("catalog-message");
        m.setWrapText(true);
        m.setMaxWidth(Double.MAX_VALUE);
        m.setMinHeight(Label.USE_PREF_SIZE);
        m.textProperty().bind(vm.messageProperty());
        vm.failedProperty().addListener((o, a, failed) -> {
            m.getStyleClass().remove("error-text");
            if (failed) m.getStyleClass().add("error-text");
        });
        if (vm.failedProperty().get()) m.getStyleClass().add("error-text");
        m.setGraphic(null);
        return m;
    }
}
