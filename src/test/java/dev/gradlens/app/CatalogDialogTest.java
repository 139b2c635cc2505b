package dev.gradlens.app;

import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.view.CatalogDialog;
import dev.gradlens.app.viewmodel.CatalogViewModel;
import dev.gradlens.app.viewmodel.MainViewModel;
import dev.gradlens.catalog.CatalogEntry;
import dev.gradlens.catalog.ModelCatalog;
import dev.gradlens.catalog.ModelFetcher;
import dev.gradlens.testsupport.LoopbackServer;
import javafx.scene.control.Button;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** "Models…" in the real window (headless Monocle): a loopback server, a temporary cache, the fake engine. */
@ExtendWith(ApplicationExtension.class)
class CatalogDialogTest {
    @TempDir
    Path dir;

    private LoopbackServer server;
    private ModelFetcher fetcher;
    private byte[] payload;
    private CatalogEntry small;
    private CatalogEntry cached;
    private FakeExplanationService service;
    private GradLensApp app;
    private MainViewModel vm;

    @Start
    void start(Stage stage) throws IOException {
        server = new LoopbackServer();
        payload = CatalogEntries.bytes(1_200_000, 7);
        byte[] other = CatalogEntries.bytes(300_000, 8);
        small = CatalogEntries.entry("small-net", "Small Net", server.serve("/small/model.onnx", payload), payload, 49.0, "Apache-2.0");
        cached = CatalogEntries.entry("cached-net", "Cached Net", server.serve("/cached/model.onnx", other), other, 71.5, "MIT");
        fetcher = new ModelFetcher(dir.resolve("cache"), null, Duration.ofSeconds(20));
        Files.createDirectories(fetcher.modelDir(cached));
        Files.write(fetcher.modelFile(cached), other);
        Files.writeString(fetcher.descriptorFile(cached), "{\"name\": \"Cached Net\"}");
        ModelDownloads downloads = new CatalogDownloads(ModelCatalog.of("test", List.of(small, cached), Map.of()), fetcher);

        service = new FakeExplanationService();
        service.setGuessedOnOpen(false);
        app = new GradLensApp(new GradLensApp.Services(service, new FxTaskExecutor(), new LoaderImageSource(), RecentFiles.inMemory(),
                s -> new StubFileDialogs()).withDownloads(downloads));
        app.start(stage);
        vm = app.viewModel();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(5, TimeUnit.SECONDS);
        server.close();
    }

    private void waitUntil(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (Exception e) {
            fail("timed out waiting until " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private boolean dialogShowing() throws Exception {
        return fx(() -> app.view().catalogDialog().map(CatalogDialog::isShowing).orElse(false));
    }

    private CatalogViewModel catalog() {
        return app.catalogViewModel().orElseThrow();
    }

    @Test
    void theModelMenuOpensTheCatalogAndDownloadOpensTheModel(FxRobot robot) throws Exception {
        waitUntil("the default model is open", () -> vm.model().getModel() != null);
        assertFalse(app.catalogViewModel().isPresent(), "the catalog is not even read before Models… is chosen");
        robot.clickOn("Model").clickOn("Models…");
        waitUntil("the dialog", this::dialogShowing);
        assertEquals(0, server.requests.size(), "opening the dialog downloads nothing");

        TableView<?> table = robot.lookup("#catalog-table").queryAs(TableView.class);
        assertEquals(2, fx(() -> table.getItems().size()));
        assertTrue(robot.lookup("Not downloaded").tryQuery().isPresent());
        assertTrue(robot.lookup("Cached").tryQuery().isPresent());
        robot.clickOn("Cached Net");
        waitUntil("Open for the cached entry", () -> "Open".equals(robot.lookup("#catalog-action").queryAs(Button.class).getText()));

        robot.clickOn("Small Net");
        waitUntil("the details", () -> "Small Net".equals(robot.lookup("#catalog-detail-name").queryLabeled().getText()));
        assertEquals("224×224 RGB, NCHW (tensor 'input')", robot.lookup("#catalog-detail-input").queryLabeled().getText());
        assertEquals("Apache-2.0", robot.lookup("#catalog-detail-license").queryLabeled().getText());
        assertEquals(server.url("/small/model.onnx"), robot.lookup("#catalog-detail-source").queryLabeled().getText());
        assertEquals("Download", robot.lookup("#catalog-action").queryAs(Button.class).getText());

        server.pauseBetweenChunks(20);
        List<Double> seen = new CopyOnWriteArrayList<>();
        robot.interact(() -> robot.lookup("#catalog-progress").queryAs(ProgressBar.class).progressProperty()
                .addListener((o, a, b) -> seen.add(b.doubleValue())));
        robot.clickOn("#catalog-action");
        waitUntil("the model is open", () -> vm.model().getModel() != null
                && fetcher.modelFile(small).equals(vm.model().getModel().file()));
        waitUntil("the dialog closed", () -> !dialogShowing());
        assertTrue(seen.stream().anyMatch(p -> p > 0 && p < 1), "the bar moved part-way: " + seen);
        assertArrayEquals(payload, Files.readAllBytes(fetcher.modelFile(small)));
        assertEquals(List.of("/small/model.onnx"), server.paths());
        assertEquals("model.onnx", robot.lookup("#status-model").queryLabeled().getText());
    }

    @Test
    void theShortcutOpensTheCatalogACachedModelOpensAndADownloadCanBeCancelled(FxRobot robot) throws Exception {
        waitUntil("the default model is open", () -> vm.model().getModel() != null);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.M).release(KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil("the dialog", this::dialogShowing);

        // cancel a slow download: the partial file stays and the button offers to resume
        server.pauseBetweenChunks(150);
        robot.clickOn("Small Net");
        robot.clickOn("#catalog-action");
        waitUntil("bytes arriving", () -> catalog().isDownloading() && catalog().progressProperty().get() > 0);
        assertTrue(robot.lookup("#catalog-action").queryAs(Button.class).isDisabled(), "one download at a time");
        robot.clickOn("#catalog-cancel");
        waitUntil("the download stopped", () -> !catalog().isDownloading());
        assertTrue(dialogShowing(), "the dialog stays open after a cancel");
        assertEquals(ModelFetcher.State.PARTIAL, fetcher.status(small).state());
        assertEquals("Resume download", robot.lookup("#catalog-action").queryAs(Button.class).getText());
        assertTrue(robot.lookup("#catalog-message").queryLabeled().getText().startsWith("Download of Small Net cancelled"));
        assertEquals(List.of("default"), service.modelCalls);

        // a cached model opens at once, without a request
        int requests = server.requests.size();
        robot.clickOn("Cached Net");
        waitUntil("Open", () -> "Open".equals(robot.lookup("#catalog-action").queryAs(Button.class).getText()));
        robot.clickOn("#catalog-action");
        waitUntil("the cached model is open", () -> vm.model().getModel() != null
                && fetcher.modelFile(cached).equals(vm.model().getModel().file()));
        waitUntil("the dialog closed", () -> !dialogShowing());
        assertEquals(requests, server.requests.size());
    }
}
