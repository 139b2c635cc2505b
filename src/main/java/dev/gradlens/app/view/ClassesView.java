package dev.gradlens.app.view;

import dev.gradlens.app.viewmodel.ClassesViewModel;
import dev.gradlens.app.viewmodel.ClassesViewModel.ClassOption;
import dev.gradlens.app.viewmodel.ClassesViewModel.ClassRow;
import dev.gradlens.app.viewmodel.StatusViewModel;
import dev.gradlens.service.ClassScore;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.textfield.AutoCompletionBinding;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;

import java.util.Locale;

/** Class search with autocompletion over every label and index, and the top-k list with probability bars. */
public final class ClassesView extends VBox {
    private final ClassesViewModel vm;
    private final CustomTextField search;
    private final ListView<ClassRow> list = new ListView<>();
    private boolean syncing;

    public ClassesView(ClassesViewModel vm, StatusViewModel status) {
        super(8);
        this.vm = vm;
        getStyleClass().add("classes-view");
        setPadding(new Insets(12));

        Label heading = new Label("Class");
        heading.getStyleClass().add("section-title");

        search = (CustomTextField) TextFields.createClearableTextField();
        search.setId("class-search");
        search.setLeft(Icons.icon(Icons.SEARCH));
        search.setPromptText("Search a class or index…");
        search.setTooltip(new Tooltip("Type part of a label (\"tabby\") or an index (\"281\"), Enter picks the best match (Ctrl+F)"));
        AutoCompletionBinding<ClassOption> completion = TextFields.bindAutoCompletion(search,
                request -> vm.suggest(request.getUserText()), new StringConverter<>() {
                    @Override
                    public String toString(ClassOption o) {
                        if (o == null) return "";
                        return Float.isNaN(o.probability()) ? o.toString()
                                : o + String.format(Locale.ROOT, "  %.1f%%", 100 * o.probability());
                    }

                    @Override
                    public ClassOption fromString(String s) {
                        return null;
                    }
                });
        completion.setVisibleRowCount(10);
        completion.setOnAutoCompleted(e -> {
            vm.select(e.getCompletion().index());
            search.clear();
        });
        search.setOnAction(e -> {
            String text = search.getText();
            if (text == null || text.isBlank()) return;
            if (vm.chooseFromSearch(text)) search.clear();
            else status.warn("No class matches '" + text.trim() + "'");
        });

        Spinner<Integer> k = new Spinner<>();
        k.setId("top-k");
        k.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, ClassesViewModel.MAX_K, vm.kProperty().get()));
        k.setEditable(true);
        k.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.kProperty().set(b);
        });
        vm.kProperty().addListener((o, a, b) -> k.getValueFactory().setValue(b.intValue()));
        Label topLabel = new Label("Top");
        ToggleButton keep = new ToggleButton(null, Icons.icon(Icons.KEEP));
        keep.setId("keep-class");
        keep.setTooltip(new Tooltip("Keep this class when the image changes (compare images on one class)"));
        keep.selectedProperty().bindBidirectional(vm.keepClassProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox kRow = new HBox(6, topLabel, k, spacer, keep);
        kRow.setAlignment(Pos.CENTER_LEFT);

        list.setId("top-k-list");
        list.getStyleClass().add("top-k-list");
        list.setItems(vm.rows());
        list.setCellFactory(v -> new RowCell());
        list.setPlaceholder(new Label("Open an image to see its classes"));
        VBox.setVgrow(list, Priority.ALWAYS);
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!syncing && b != null) vm.select(b.score().index());
        });
        vm.selectedIndexProperty().addListener((o, a, b) -> syncSelection());
        vm.rows().addListener((javafx.collections.ListChangeListener<ClassRow>) c -> syncSelection());

        Label selected = new Label();
        selected.setId("selected-class");
        selected.getStyleClass().add("selected-class");
        selected.setWrapText(true);
        selected.textProperty().bind(Bindings.createStringBinding(() -> {
            ClassScore s = vm.selectedProperty().get();
            if (s == null) return "No class chosen";
            return "Explaining " + s.label() + " (" + s.index() + ")"
                    + (Float.isNaN(s.probability()) ? "" : String.format(Locale.ROOT, " · %.1f%%", 100 * s.probability()));
        }, vm.selectedProperty()));

        Label hint = new Label("1–9 pick · ↑/↓ move");
        hint.getStyleClass().add("hint");
        getChildren().addAll(heading, search, kRow, list, selected, hint);
    }

    public TextField searchField() {
        return search;
    }

    public ListView<ClassRow> list() {
        return list;
    }

    private void syncSelection() {
        syncing = true;
        try {
            int idx = vm.getSelectedIndex();
            ClassRow match = null;
            for (ClassRow r : list.getItems()) if (r.score().index() == idx) match = r;
            if (match == null) list.getSelectionModel().clearSelection();
            else {
                list.getSelectionModel().select(match);
                list.scrollTo(match);
            }
        } finally {
            syncing = false;
        }
    }

    /** Rank, label, a probability bar and the percentage. */
    private static final class RowCell extends ListCell<ClassRow> {
        private final Label rank = new Label();
        private final Label name = new Label();
        private final Region fill = new Region();
        private final StackPane bar = new StackPane(fill);
        private final Label percent = new Label();
        private final HBox top = new HBox(6, rank, name);
        private final HBox bottom = new HBox(6, bar, percent);
        private final VBox box = new VBox(2, top, bottom);

        RowCell() {
            rank.getStyleClass().add("class-rank");
            name.getStyleClass().add("class-name");
            name.setMinWidth(0);
            HBox.setHgrow(name, Priority.ALWAYS);
            bar.getStyleClass().add("prob-bar");
            fill.getStyleClass().add("prob-fill");
            StackPane.setAlignment(fill, Pos.CENTER_LEFT);
            HBox.setHgrow(bar, Priority.ALWAYS);
            bar.setMaxWidth(Double.MAX_VALUE);
            percent.getStyleClass().add("class-percent");
            percent.setMinWidth(54);
            percent.setAlignment(Pos.CENTER_RIGHT);
            bottom.setAlignment(Pos.CENTER_LEFT);
            fill.maxWidthProperty().bind(bar.widthProperty().multiply(0));
        }

        @Override
        protected void updateItem(ClassRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().remove("outside-top-k");
            if (empty || row == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            ClassScore s = row.score();
            rank.setText(row.rank() <= 9 ? row.rank() + "" : "#" + row.rank());
            name.setText(s.label() + "  (" + s.index() + ")");
            double p = Float.isNaN(s.probability()) ? 0 : s.probability();
            fill.maxWidthProperty().unbind();
            fill.maxWidthProperty().bind(bar.widthProperty().multiply(p));
            fill.setPrefWidth(10000);
            percent.setText(String.format(Locale.ROOT, "%.1f%%", 100 * p));
            if (row.outsideTopK()) getStyleClass().add("outside-top-k");
            setTooltip(new Tooltip(s.label() + " (" + s.index() + ")\nprobability " + String.format(Locale.ROOT, "%.4f", p)
                    + "\nscore " + String.format(Locale.ROOT, "%.3f", s.score())));
            setText(null);
            setGraphic(box);
        }
    }
}
