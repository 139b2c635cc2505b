package dev.gradlens.app.viewmodel;

import dev.gradlens.app.task.BackgroundWork;
import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.app.task.TaskHandle;
import dev.gradlens.metrics.PanelScore;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Locale;

/**
 * The "Score" action of one panel: computes drop / increase and the deletion and insertion curves of
 * the panel's map in the background and exposes them for a small chart (docs/conventions.md,
 * "Faithfulness metrics"). Touched on the FX thread only. The work is given by the caller (the
 * service scores the panel's map on the current image), so this class is tested without a window
 * or a model. A new map ({@link #reset()}) cancels a running score.
 */
public final class PanelScoreViewModel {
    public enum State { IDLE, RUNNING, DONE, FAILED }

    private final TaskExecutor executor;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyObjectWrapper<PanelScore> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private TaskHandle running;

    public PanelScoreViewModel(TaskExecutor executor) {
        this.executor = executor;
    }

    /** Starts scoring unless a score is already running or done for this map. */
    public void score(BackgroundWork<PanelScore> work) {
        if (state.get() == State.RUNNING || state.get() == State.DONE) return;
        state.set(State.RUNNING);
        error.set(null);
        summary.set("scoring…");
        running = executor.submit("score panel", work, r -> {
            running = null;
            result.set(r);
            summary.set(describe(r));
            state.set(State.DONE);
        }, ex -> {
            running = null;
            error.set(ex.getMessage() == null ? ex.toString() : ex.getMessage());
            summary.set("");
            state.set(State.FAILED);
        });
    }

    /** The panel's map changed: forget the score (and stop a running one). */
    public void reset() {
        if (running != null) running.cancel();
        running = null;
        result.set(null);
        summary.set("");
        error.set(null);
        state.set(State.IDLE);
    }

    /** "drop 12.3 % · increase no · deletion AUC 0.089 · insertion AUC 0.853", "undefined" where a value is missing. */
    static String describe(PanelScore r) {
        String s = "drop " + (r.drop() == null ? "undefined" : String.format(Locale.ROOT, "%.1f %%", 100 * r.drop()))
                + " · increase " + (r.increase() == null ? "undefined" : r.increase() > 0 ? "yes" : "no")
                + " · deletion AUC " + num(r.deletionAuc()) + " · insertion AUC " + num(r.insertionAuc());
        return r.note() == null ? s : s + " (" + r.note() + ")";
    }

    private static String num(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%.3f", v);
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PanelScore> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
