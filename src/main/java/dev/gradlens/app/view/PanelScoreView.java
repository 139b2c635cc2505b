package dev.gradlens.app.view;

import dev.gradlens.app.viewmodel.PanelScoreViewModel;
import dev.gradlens.app.viewmodel.PanelScoreViewModel.State;
import dev.gradlens.metrics.PanelScore;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/**
 * Under a panel, after its "Score" button: drop / increase and the AUCs in one line, the deletion
 * and insertion curves as a small chart, and which number of the model's output was read as the
 * score. Hidden until the panel is scored. Binds to {@link PanelScoreViewModel}.
 */
public final class PanelScoreView extends VBox {
    private final PanelScoreViewModel vm;
    private final Button button = new Button("Score");
    private final Label summary = new Label();
    private final Label readout = new Label();
    private final ScoreCurvesChart chart = new ScoreCurvesChart();
    /** Only the summary line: the card has no room for the curves (a small window). */
    private boolean compact;

    public PanelScoreView(PanelScoreViewModel vm, Runnable score, String id) {
        super(2);
        this.vm = vm;
        getStyleClass().add("panel-score");
        setId("score-view-" + id);
        button.setId("score-" + id);
        button.getStyleClass().add("score-button");
        button.setFocusTraversable(false);
        button.setTooltip(new Tooltip("How faithful is this map? Average Drop, Increase in Confidence and the deletion/insertion"
                + " curves (Grad-CAM++ §6.1; Petsiuk et al. 2018), computed in the background"));
        button.setOnAction(e -> score.run());
        button.disableProperty().bind(vm.stateProperty().isEqualTo(State.RUNNING).or(vm.stateProperty().isEqualTo(State.DONE)));
        summary.getStyleClass().add("panel-caption");
        summary.setWrapText(true);
        summary.setMinWidth(0);
        summary.setId("score-summary-" + id);
        readout.getStyleClass().add("panel-caption");
        readout.setWrapText(true);
        readout.setMinWidth(0);
        readout.setStyle("-fx-font-size: 0.85em");
        getChildren().addAll(summary, chart, readout);
        vm.stateProperty().addListener((o, a, b) -> update());
        vm.summaryProperty().addListener((o, a, b) -> update());
        vm.errorProperty().addListener((o, a, b) -> update());
        update();
    }

    /** The button that goes into the card's header. */
    public Button button() {
        return button;
    }

    public ScoreCurvesChart chart() {
        return chart;
    }

    public Label summary() {
        return summary;
    }

    /** Whether only the summary line is shown because the card is too small for the curves. */
    public boolean isCompact() {
        return compact;
    }

    /** The grid sets this from the room it has: the curves and the read-out go, the numbers stay. */
    void setCompact(boolean c) {
        if (compact == c) return;
        compact = c;
        update();
    }

    /**
     * The height at this width with the curves shown ({@code compact} false) or the numbers only, whatever
     * {@link #isCompact} is now: the grid decides from both, so showing or hiding the curves cannot flip its decision.
     */
    double heightFor(double width, boolean compactLayout) {
        if (!isManaged()) return 0;
        PanelScore r = vm.resultProperty().get();
        if (vm.stateProperty().get() != State.DONE || r == null) return prefHeight(width);
        double inner = width - snappedLeftInset() - snappedRightInset();
        double h = snappedTopInset() + summary.prefHeight(inner) + snappedBottomInset();
        return compactLayout ? h : h + getSpacing() + chart.prefHeight(inner) + getSpacing() + readout.prefHeight(inner);
    }

    private void update() {
        State s = vm.stateProperty().get();
        boolean shown = s != State.IDLE;
        setVisible(shown);
        setManaged(shown);
        PanelScore r = vm.resultProperty().get();
        boolean done = s == State.DONE && r != null;
        boolean curves = done && !compact;
        chart.setVisible(curves);
        chart.setManaged(curves);
        readout.setVisible(curves);
        readout.setManaged(curves);
        summary.setText(s == State.FAILED ? "score failed: " + vm.errorProperty().get() : vm.summaryProperty().get());
        if (done) {
            chart.setCurves(r.deletion(), r.deletionAuc(), r.insertion(), r.insertionAuc());
            readout.setText("score: " + (r.readout() == null ? "the class score" : r.readout().description())
                    + String.format(java.util.Locale.ROOT, ", Y = %.4f", r.score()));
        }
    }
}
