package dev.gradlens.app.view;

import dev.gradlens.app.viewmodel.ExplanationViewModel;
import dev.gradlens.app.viewmodel.ModelViewModel;
import dev.gradlens.app.viewmodel.StatusViewModel;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/**
 * Model name, input size, device (and why it is not the one asked for), the explained layer, the
 * value under the pointer, and the progress of runs longer than ~300 ms with a cancel button.
 */
public final class StatusBarView extends HBox {
    static final Duration PROGRESS_DELAY = Duration.millis(300);
    private final HBox progress;

    public StatusBarView(ModelViewModel model, ExplanationViewModel explanation, StatusViewModel status) {
        super(10);
        getStyleClass().add("status-bar");
        setPadding(new Insets(4, 12, 4, 12));
        setAlignment(Pos.CENTER_LEFT);

        Label name = new Label(null, Icons.icon(Icons.MODEL));
        name.setId("status-model");
        name.textProperty().bind(model.nameBinding());
        Label size = new Label();
        size.setId("status-input");
        size.textProperty().bind(model.inputSizeBinding());
        Label device = new Label(null, Icons.icon(Icons.DEVICE));
        device.setId("status-device");
        device.textProperty().bind(Bindings.createStringBinding(() -> {
            String d = model.deviceBinding().get();
            String note = model.deviceNoteBinding().get();
            return note == null || note.isBlank() ? d : d + " — " + note;
        }, model.deviceBinding(), model.deviceNoteBinding()));
        device.getStyleClass().add("status-device");
        model.deviceNoteBinding().addListener((o, a, b) -> {
            device.setTooltip(b == null ? null : new Tooltip(b));
            device.getStyleClass().remove("warning");
            if (b != null && !b.isBlank()) device.getStyleClass().add("warning");
        });
        Label layer = new Label(null, Icons.icon(Icons.LAYER));
        layer.setId("status-layer");
        layer.textProperty().bind(Bindings.createStringBinding(() -> {
            String l = explanation.explainedLayerProperty().get();
            return l == null || l.isBlank() ? "" : "layer " + l;
        }, explanation.explainedLayerProperty()));

        Label hover = new Label();
        hover.setId("status-hover");
        hover.getStyleClass().add("status-hover");
        hover.textProperty().bind(explanation.hoverTextProperty());
        hover.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        Label busyText = new Label();
        busyText.textProperty().bind(status.busyTextProperty());
        ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        bar.setPrefWidth(120);
        Button cancel = new Button("Cancel", Icons.icon(Icons.CANCEL));
        cancel.setId("cancel-run");
        cancel.getStyleClass().add("flat-button");
        cancel.visibleProperty().bind(status.cancellableProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> status.cancelAll());
        progress = new HBox(8, busyText, bar, cancel);
        progress.setId("progress");
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.setVisible(false);
        progress.managedProperty().bind(progress.visibleProperty());
        PauseTransition delay = new PauseTransition(PROGRESS_DELAY);
        delay.setOnFinished(e -> progress.setVisible(status.isBusy()));
        status.busyProperty().addListener((o, was, busy) -> {
            if (busy) delay.playFromStart();
            else {
                delay.stop();
                progress.setVisible(false);
            }
        });

        Label classes = new Label();
        classes.setId("status-classes");
        classes.textProperty().bind(model.classesBinding());
        Tooltip classesTip = new Tooltip();
        classesTip.textProperty().bind(model.classesDetailBinding());
        classesTip.setWrapText(true);
        classesTip.setMaxWidth(420);
        classes.setTooltip(classesTip);
        getChildren().addAll(name, sep(), classes, sep(), size, sep(), device, sep(), layer, spacer, hover, progress);
    }

    private static Separator sep() {
        return new Separator(Orientation.VERTICAL);
    }

    public HBox progress() {
        return progress;
    }
}
