package dev.gradlens.app;

import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.view.MainView;
import dev.gradlens.app.view.PanelCard;
import dev.gradlens.app.view.PanelScoreView;
import dev.gradlens.app.viewmodel.MainViewModel;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The panels' Score button and the Sanity page in the real window (headless, Monocle) on the fake
 * engine, whose score is fixed (drop 0.25, deletion AUC 0.2125, insertion AUC 0.55).
 */
@ExtendWith(ApplicationExtension.class)
class PanelScoreViewTest {
    private FakeExplanationService service;
    private GradLensApp app;
    private MainViewModel vm;
    private MainView view;

    @Start
    void start(Stage stage) {
        service = new FakeExplanationService();
        app = new GradLensApp(new GradLensApp.Services(service, new FxTaskExecutor(), new LoaderImageSource(),
                RecentFiles.inMemory(), s -> new StubFileDialogs()));
        app.start(stage);
        // TestFX reuses one stage for every test class: an earlier class can leave it small (760 x 520 was
        // seen), where a scored card cannot hold its chart; this test is about the default window size
        stage.setWidth(1360);
        stage.setHeight(820);
        vm = app.viewModel();
        view = app.view();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(5, TimeUnit.SECONDS);
    }

    private void waitUntil(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (Exception e) {
            fail("timed out waiting until " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitUntil(Callable<String> what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (Exception e) {
            fail("timed out waiting until " + WaitForAsyncUtils.asyncFx(what).get());
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The default model's first sample, once its five panels are shown. */
    private void openSampleWithFivePanels() throws Exception {
        waitUntil("the default model is open", () -> vm.model().getModel() != null);
        fx(() -> {
            vm.openSample(vm.samples().get(0));
            return null;
        });
        waitUntil("five panels are shown", () -> view.panelsView().grid().cards().size() == 5);
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    @Test
    void scoreButtonShowsTheNumbersAndCurvesUnderThePanelUntilTheClassChanges(FxRobot robot) throws Exception {
        openSampleWithFivePanels();
        assertNull(fx(() -> view.panelsView().card("original").scoreView()), "the original has nothing to score");
        PanelScoreView score = fx(() -> view.panelsView().card("gradcam").scoreView());
        assertFalse(fx(score::isVisible), "hidden until scored");
        robot.clickOn("#score-gradcam");
        waitUntil("the score is shown", () -> score.isVisible() && score.chart().isVisible());
        assertEquals(1, service.scored.size());
        assertEquals("drop 25.0 % · increase no · deletion AUC 0.213 · insertion AUC 0.550",
                fx(() -> ((Label) robot.lookup("#score-summary-gradcam").query()).getText()));
        float[][] curves = fx(() -> score.chart().curves());
        assertArrayEquals(new float[] {0.8f, 0.3f, 0.1f, 0.05f, 0f}, curves[0]);
        assertArrayEquals(new float[] {0.1f, 0.4f, 0.6f, 0.75f, 0.8f}, curves[1]);
        assertTrue(fx(() -> score.button().isDisabled()), "scored once per map");
        PanelCard card = fx(() -> view.panelsView().card("gradcam"));
        // the card makes room for it on the next layout pass
        waitUntil(() -> "the score fits in its card: card " + card.getHeight() + ", score at " + score.getLayoutY() + " + " + score.getHeight()
                + ", window " + view.getScene().getWidth() + "x" + view.getScene().getHeight(),
                () -> card.getHeight() > 0 && score.getHeight() > 0 && score.getLayoutY() + score.getHeight() <= card.getHeight() + 1);

        fx(() -> {
            vm.classes().select(282);
            return null;
        });
        waitUntil("the panels of class 282", () -> view.panelsView().card("gradcam") != card);
        assertFalse(fx(() -> view.panelsView().card("gradcam").scoreView().isVisible()), "a new map is unscored");
    }

    @Test
    void inASmallWindowTheScoreKeepsItsNumbersDropsItsCurvesAndStaysInItsCard(FxRobot robot) throws Exception {
        openSampleWithFivePanels();
        PanelScoreView score = fx(() -> view.panelsView().card("gradcam").scoreView());
        PanelCard card = fx(() -> view.panelsView().card("gradcam"));
        robot.clickOn("#score-gradcam");
        waitUntil("the score is shown with its curves", () -> score.isVisible() && score.chart().isVisible());
        // the size an earlier test class once left the shared stage at: the cards are too short for the 367 px curves
        fx(() -> {
            Stage stage = (Stage) view.getScene().getWindow();
            stage.setWidth(760);
            stage.setHeight(520);
            return null;
        });
        waitUntil(() -> "the score fits in its card: card " + card.getHeight() + ", score at " + score.getLayoutY() + " + "
                        + score.getHeight() + ", compact " + score.isCompact(),
                () -> score.isCompact() && !score.chart().isVisible() && score.getLayoutY() + score.getHeight() <= card.getHeight() + 1);
        assertEquals("drop 25.0 % · increase no · deletion AUC 0.213 · insertion AUC 0.550",
                fx(() -> score.summary().getText()), "the numbers stay");
        assertTrue(fx(() -> score.summary().isVisible() && score.summary().getHeight() > 0), "the numbers are laid out");
        // the panel area scrolls rather than cut the cards off: every card lies inside the (taller) grid
        // (layout bounds: a card's drop shadow may reach a few px past it)
        double[] fit = fx(() -> new double[] {view.panelsView().grid().cards().stream().mapToDouble(n -> n.getLayoutY() + ((PanelCard) n).getHeight())
                .max().orElseThrow(), view.panelsView().grid().getHeight()});
        assertTrue(fit[0] <= fit[1] + 1, "the cards stay inside the grid: last card's bottom " + fit[0] + ", grid " + fit[1]);
        double narrowest = fx(() -> view.panelsView().grid().cards().stream().mapToDouble(n -> ((PanelCard) n).getWidth()).min().orElseThrow());
        assertTrue(narrowest >= 149, "no card narrower than a readable column (five 70 px cards wrapped titles letter by letter): " + narrowest);
        fx(() -> {
            Stage stage = (Stage) view.getScene().getWindow();
            stage.setWidth(1360);
            stage.setHeight(820);
            return null;
        });
        waitUntil(() -> "the curves come back: compact " + score.isCompact() + ", card " + card.getHeight(),
                () -> !score.isCompact() && score.chart().isVisible() && score.getLayoutY() + score.getHeight() <= card.getHeight() + 1);
    }

    @Test
    void sanityPageOpensFromToolsAndReportsAnEngineWithoutTheCheck(FxRobot robot) throws Exception {
        openSampleWithFivePanels();
        robot.clickOn("#menu-tools");
        robot.clickOn("#menu-sanity");
        waitUntil("the Sanity page is shown", () -> view.sanityStage().map(Stage::isShowing).orElse(false));
        robot.clickOn("#sanity-run");
        waitUntil("the fake engine's refusal is shown", () -> app.sanityViewModel().errorProperty().get() != null);
        assertEquals("The sanity check needs the local engine", app.sanityViewModel().errorProperty().get());
        assertFalse(app.sanityViewModel().runningProperty().get());
        fx(() -> {
            view.sanityStage().orElseThrow().close();
            return null;
        });
    }
}
