package dev.gradlens.app;

import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.view.MainView;
import dev.gradlens.app.view.PanelCard;
import dev.gradlens.app.viewmodel.MainViewModel;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.controlsfx.control.NotificationPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Drives the real window headless (Monocle) against the fake engine. */
@ExtendWith(ApplicationExtension.class)
class GradLensAppTest {
    private FakeExplanationService service;
    private StubFileDialogs dialogs;
    private GradLensApp app;
    private MainViewModel vm;
    private MainView view;

    @Start
    void start(Stage stage) {
        service = new FakeExplanationService();
        dialogs = new StubFileDialogs();
        app = new GradLensApp(new GradLensApp.Services(service, new FxTaskExecutor(), new LoaderImageSource(),
                RecentFiles.inMemory(), s -> dialogs));
        app.start(stage);
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

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private void openSample(FxRobot robot) {
        waitUntil("the default model is open", () -> vm.model().getModel() != null);
        robot.clickOn("#samples");
        robot.clickOn("Cat");
        waitUntil("five panels are shown", () -> view.panelsView().grid().cards().size() == 5);
    }

    /** The sample through the view model (the menu path is covered once, in the first test). */
    private void openSampleQuickly(FxRobot robot) {
        waitUntil("the samples are listed", () -> !vm.samples().isEmpty() && vm.model().getModel() != null);
        robot.interact(() -> vm.openSample(vm.samples().get(0)));
        waitUntil("five panels are shown", () -> view.panelsView().grid().cards().size() == 5);
    }

    /** Keyboard focus away from the search field, as after clicking a panel background. */
    private void focusPanels(FxRobot robot) {
        robot.interact(() -> view.panelsView().requestFocus());
    }

    private int[] pixels(String panelId) throws Exception {
        return fx(() -> {
            PanelCard card = view.panelsView().card(panelId);
            Image img = card.imageView().getImage();
            int w = (int) img.getWidth(), h = (int) img.getHeight();
            int[] px = new int[w * h];
            img.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), px, 0, w);
            return px;
        });
    }

    private String panelTitle(String panelId) throws Exception {
        return fx(() -> ((Label) view.panelsView().card(panelId).lookup(".panel-title")).getText());
    }

    @Test
    void openASampleAndPickAClassByTypingPartOfItsLabel(FxRobot robot) throws Exception {
        openSample(robot);
        assertEquals("fake-resnet", robot.lookup("#status-model").queryLabeled().getText());
        assertEquals("layer layer4", robot.lookup("#status-layer").queryLabeled().getText());
        assertEquals(281, service.lastRequest().classIndex());
        assertEquals(5, fx(() -> view.classesView().list().getItems().size()));

        robot.clickOn("#class-search").write("tiger").type(KeyCode.ENTER);
        waitUntil("tiger cat is explained", () -> vm.explanation().getPanelSet().target().index() == 282);
        assertEquals(282, service.lastRequest().classIndex());
        assertTrue(robot.lookup("#selected-class").queryLabeled().getText().contains("tiger cat (282)"));
        assertTrue(fx(() -> view.panelsView().card("gradcam").item().caption().contains("tiger cat")));
        assertEquals("", robot.lookup("#class-search").queryTextInputControl().getText(), "the field is ready for the next search");

        robot.clickOn("#class-search").write("948").type(KeyCode.ENTER);
        waitUntil("class 948 is explained", () -> vm.explanation().getPanelSet().target().index() == 948);
        assertEquals(6, fx(() -> view.classesView().list().getItems().size()), "a searched class below the top-k gets its own row");
    }

    @Test
    void theOpacitySliderRecoloursPanelsWithoutRecomputing(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        int calls = service.explainCalls.get();
        int[] before = pixels("gradcam");
        int[] guided = pixels("guided-backprop");
        Node thumb = robot.lookup("#opacity .thumb").query();
        robot.drag(thumb, MouseButton.PRIMARY).moveBy(70, 0).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        double value = fx(() -> robot.lookup("#opacity").queryAs(Slider.class).getValue());
        assertTrue(value > 0.6, "slider moved: " + value);
        assertEquals(value, vm.explanation().opacityProperty().get(), 1e-9);
        assertFalse(Arrays.equals(before, pixels("gradcam")), "heat-map pixels changed");
        assertArrayEquals(guided, pixels("guided-backprop"), "RGB panels are not overlays");
        assertEquals(calls, service.explainCalls.get(), "no recomputation");
    }

    @Test
    void theCounterfactualToggleChangesCaptions(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        assertEquals("Grad-CAM", panelTitle("gradcam"));
        assertFalse(robot.lookup("#counterfactual-banner").query().isVisible());
        robot.clickOn("#counterfactual");
        waitUntil("counterfactual panels", () -> view.panelsView().card("gradcam-counterfactual") != null);
        assertTrue(service.lastRequest().counterfactual());
        assertEquals("Counterfactual Grad-CAM", panelTitle("gradcam-counterfactual"));
        assertEquals("Counterfactual Grad-CAM++", panelTitle("gradcampp-counterfactual"));
        assertTrue(fx(() -> view.panelsView().card("gradcam-counterfactual").item().caption().contains("(counterfactual)")));
        assertTrue(robot.lookup("#counterfactual-banner").query().isVisible());
        assertTrue(robot.lookup("#counterfactual-banner").queryLabeled().getText().contains("less sure of 'tabby, tabby cat'"));
    }

    @Test
    void changingTheLayerSendsItWithTheRequest(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        robot.clickOn("#layer");
        Node cell = robot.lookup(".list-cell").match((ListCell<?> c) -> c.getText() != null && c.getText().startsWith("layer3")).query();
        robot.clickOn(cell);
        waitUntil("a layer3 request", () -> "layer3".equals(service.lastRequest().layer())
                && "layer3".equals(vm.explanation().getPanelSet().layer()));
        assertEquals("layer layer3", robot.lookup("#status-layer").queryLabeled().getText());
        assertTrue(fx(() -> view.panelsView().card("gradcam").item().caption().endsWith("layer3")));
    }

    @Test
    void exportingTheFigureWritesACaptionedPng(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        Path out = Files.createTempDirectory("gradlens-export").resolve("figure.png");
        dialogs.save = out;
        robot.clickOn("#save-figure");
        waitUntil("the figure is saved", () -> "Saved figure.png".equals(vm.status().message()));
        assertTrue(dialogs.asked.contains("save Cat_281_tabby-tabby-cat.png"), dialogs.asked.toString());
        BufferedImage img = ImageIO.read(out.toFile());
        assertNotNull(img, "the PNG decodes");
        assertTrue(img.getWidth() > img.getHeight());
        String caption = PngText.read(out).get("Description");
        assertTrue(caption.contains("Model: fake-resnet · Class: tabby, tabby cat (281) · p = 55.0% · Layer: layer4"), caption);
        assertTrue(caption.contains("Counterfactual: off"), caption);
        // the caption is drawn under the panels too: dark text pixels in the bottom strip
        int dark = 0;
        for (int y = img.getHeight() - 70; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFF) < 100) dark++;
        }
        assertTrue(dark > 50, "caption text drawn (" + dark + " dark pixels)");
        Files.deleteIfExists(out);
    }

    @Test
    void anEngineErrorShowsANotificationAndKeepsThePanels(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        service.failNextExplain("Layer 'fc' is not 4-D: choose a convolutional layer");
        focusPanels(robot);
        robot.type(KeyCode.DIGIT2);
        waitUntil("the notification", () -> robot.lookup("#notifications").queryAs(NotificationPane.class).isShowing());
        NotificationPane pane = robot.lookup("#notifications").queryAs(NotificationPane.class);
        assertEquals("Layer 'fc' is not 4-D: choose a convolutional layer", fx(pane::getText));
        assertEquals(5, fx(() -> view.panelsView().grid().cards().size()));
        assertEquals(281, vm.explanation().getPanelSet().target().index(), "previous panels stay");
        assertTrue(robot.lookup("#main-view").query().getScene().getWindow().isShowing());
    }

    @Test
    void keyboardShortcutsDriveClassesAndPanels(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        focusPanels(robot);
        robot.type(KeyCode.DIGIT3);
        waitUntil("class 285", () -> vm.explanation().getPanelSet().target().index() == 285);
        robot.type(KeyCode.DOWN);
        waitUntil("class 283", () -> vm.explanation().getPanelSet().target().index() == 283);
        robot.type(KeyCode.C);
        waitUntil("counterfactual", () -> vm.explanation().getPanelSet().counterfactual());
        robot.type(KeyCode.CLOSE_BRACKET);
        assertEquals(0.6, vm.explanation().opacityProperty().get(), 1e-9);
        robot.type(KeyCode.M);
        assertEquals("Turbo", fx(() -> vm.explanation().colormapProperty().get().title()));
        robot.type(KeyCode.Z);
        assertTrue(robot.lookup("#enlarged-panel").query().isVisible());
        robot.type(KeyCode.ESCAPE);
        assertFalse(robot.lookup("#enlarged-panel").query().isVisible());
        robot.type(KeyCode.G);
        waitUntil("Guided Grad-CAM++", () -> view.panelsView().card("guided-gradcampp-counterfactual") != null);
    }

    /** "/" focuses the class search and does not type itself into it. */
    @Test
    void slashFocusesTheSearchWithoutTypingASlash(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        focusPanels(robot);
        robot.type(KeyCode.SLASH);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> robot.lookup("#class-search").queryTextInputControl().isFocused()), "the search has the focus");
        assertEquals("", robot.lookup("#class-search").queryTextInputControl().getText());
        robot.write("tig");
        assertEquals("tig", robot.lookup("#class-search").queryTextInputControl().getText(), "typing goes on normally");
    }

    /**
     * Issue 12 item 3: 1,000 class changes by keyboard, faster than the engine answers (each explain
     * takes a few ms, the keys arrive in 25 bursts of 40 on the FX thread), end with the panels of the
     * class selected last: no late answer for an earlier class replaces them.
     */
    @Test
    void aThousandRapidClassChangesEndWithThePanelsOfTheLastClass(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        focusPanels(robot);
        service.setExplainDelay(3);
        java.util.Random rnd = new java.util.Random(12);
        javafx.scene.Scene scene = fx(() -> view.getScene());
        long t0 = System.nanoTime();
        for (int burst = 0; burst < 25; burst++) {
            KeyCode[] keys = new KeyCode[40];
            for (int i = 0; i < keys.length; i++) keys[i] = rnd.nextBoolean() ? KeyCode.DOWN : KeyCode.UP;
            robot.interact(() -> {
                for (KeyCode k : keys) {
                    javafx.event.Event.fireEvent(scene.getFocusOwner() != null ? scene.getFocusOwner() : scene.getRoot(),
                            new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "", k, false, false, false, false));
                }
            });
        }
        System.out.printf("1000 keys in %.1f s, %d explain calls%n", (System.nanoTime() - t0) / 1e9, service.explainCalls.get());
        int last = fx(() -> vm.classes().selectedProperty().get().index());
        waitUntil("the engine is idle with the last class shown", () -> !vm.explanation().runningProperty().get()
                && vm.explanation().getPanelSet() != null && vm.explanation().getPanelSet().target().index() == last);
        Thread.sleep(200); // a stale answer would land now
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(last, fx(() -> vm.classes().selectedProperty().get().index()));
        assertEquals(last, fx(() -> vm.explanation().getPanelSet().target().index()), "panel set of the last class");
        List<Integer> shown = fx(() -> view.panelsView().grid().cards().stream()
                .filter(c -> c.item().panel() != null).map(c -> c.item().panel().classIndex()).toList());
        assertEquals(4, shown.size(), "the four method panels beside the photo");
        for (int c : shown) assertEquals(last, c, "every card shows the last class");
        assertTrue(service.explainCalls.get() > 5, "the keys did reach the engine");
    }

    @Test
    void longRunsShowProgressAndCanBeCancelled(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        service.setExplainDelay(4000);
        focusPanels(robot);
        robot.type(KeyCode.DIGIT2);
        waitUntil("the progress bar after ~300 ms", () -> robot.lookup("#progress").query().isVisible());
        robot.clickOn("#cancel-run");
        waitUntil("progress hidden", () -> !robot.lookup("#progress").query().isVisible());
        assertFalse(vm.status().isBusy());
        assertEquals(281, vm.explanation().getPanelSet().target().index(), "the cancelled run shows nothing");
        service.setExplainDelay(0);
    }

    @Test
    void clickingAPanelEnlargesItAndHoverReportsValues(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        Node frame = robot.lookup("#panel-gradcam .panel-frame").query();
        robot.moveTo(frame);
        waitUntil("a hover read-out", () -> robot.lookup("#status-hover").queryLabeled().getText().startsWith("Grad-CAM: "));
        robot.clickOn(frame);
        assertTrue(robot.lookup("#enlarged-panel").query().isVisible());
        assertEquals("gradcam", vm.explanation().enlargedProperty().get().id());
    }

    @Test
    void aModelWithGuessedPreprocessingOffersTheDialog(FxRobot robot) throws Exception {
        waitUntil("the default model is open", () -> vm.model().getModel() != null);
        dialogs.model = Path.of("/models/mobilenet.onnx");
        robot.clickOn("#open-model");
        waitUntil("the offer", () -> robot.lookup("#notifications").queryAs(NotificationPane.class).isShowing()
                && "mobilenet.onnx".equals(vm.model().getModel().name()));
        assertEquals("224×224 (guessed)", robot.lookup("#status-input").queryLabeled().getText());
        robot.clickOn("Set preprocessing…");
        waitUntil("the dialog", () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            var width = (javafx.scene.control.Spinner<Integer>) robot.lookup(".dialog-pane .spinner").query();
            width.getValueFactory().setValue(192);
        });
        robot.clickOn("Re-open model");
        waitUntil("the model re-opened", () -> service.modelCalls.contains("open mobilenet.onnx with 192x224"));
        waitUntil("the status bar", () -> "192×224".equals(robot.lookup("#status-input").queryLabeled().getText()));
    }

    @Test
    void autocompletionSuggestsClassesWhileTyping(FxRobot robot) throws Exception {
        openSampleQuickly(robot);
        robot.clickOn("#class-search").write("egypt");
        waitUntil("the suggestion popup", () -> robot.lookup("Egyptian cat (285)  8.0%").tryQuery().isPresent());
        robot.clickOn("Egyptian cat (285)  8.0%");
        waitUntil("class 285", () -> vm.explanation().getPanelSet().target().index() == 285);
    }

    @Test
    void withoutAnEngineTheWindowOpensAndSaysWhy(FxRobot robot) throws Exception {
        robot.interact(() -> {
            try {
                app.stop();
                Stage stage = (Stage) view.getScene().getWindow();
                app = new GradLensApp(new GradLensApp.Services(new UnavailableExplanationService("The explanation engine is not part of this build"),
                        new FxTaskExecutor(), new LoaderImageSource(), RecentFiles.inMemory(), s -> dialogs));
                app.start(stage);
                vm = app.viewModel();
                view = app.view();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waitUntil("the notification", () -> "The explanation engine is not part of this build".equals(vm.status().message()));
        assertEquals("No model", robot.lookup("#status-model").queryLabeled().getText());
        assertTrue(robot.lookup("#empty-hint").query().isVisible());
        dialogs.image = Path.of(getClass().getResource("/" + FakeExplanationService.SAMPLE_RESOURCE).toURI());
        robot.clickOn("#open-image");
        waitUntil("still the reason", () -> !vm.status().isBusy());
        assertEquals("The explanation engine is not part of this build", vm.status().message());
        assertNull(vm.getImage());
    }

    @Test
    void pasteOpensAClipboardPicture(FxRobot robot) throws Exception {
        waitUntil("the default model is open", () -> vm.model().getModel() != null);
        robot.interact(() -> {
            var content = new javafx.scene.input.ClipboardContent();
            content.putImage(new javafx.scene.image.Image(getClass().getResourceAsStream("/" + FakeExplanationService.SAMPLE_RESOURCE)));
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        focusPanels(robot);
        robot.press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        waitUntil("the pasted picture is explained", () -> vm.getImage() != null && view.panelsView().grid().cards().size() == 5);
        assertEquals("pasted image", vm.getImage().name());
        assertEquals(64, vm.getImage().image().width());
    }
}
