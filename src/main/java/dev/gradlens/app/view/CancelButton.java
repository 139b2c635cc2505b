package dev.gradlens.app.view;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;

/** A page's Cancel beside its Run: enabled while the page's job runs (the status bar's Cancel does the same). */
final class CancelButton {
    private CancelButton() {
    }

    static Button of(String id, ObservableBooleanValue running, Runnable cancel) {
        Button b = new Button("Cancel");
        b.setId(id);
        b.setOnAction(e -> cancel.run());
        b.disableProperty().bind(javafx.beans.binding.Bindings.not(running));
        b.setTooltip(new Tooltip("Stop it; what the page showed before stays"));
        return b;
    }
}
