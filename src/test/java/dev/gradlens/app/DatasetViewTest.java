package dev.gradlens.app;

import dev.gradlens.GradLensException;
import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.view.DatasetView;
import dev.gradlens.app.view.MainView;
import dev.gradlens.app.viewmodel.DatasetViewModel;
import dev.gradlens.app.viewmodel.MainViewModel;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.RunListener;
import dev.gradlens.run.RunProgress;
import dev.gradlens.run.browse.ImageRow;
import dev.gradlens.run.browse.RunFixture;
import dev.gradlens.service.DatasetRuns;
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

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The data-set view in the real window (headless, Monocle) on the fake explanation engine and the
 * worked-example run of RunFixture (mistakes by confidence 4, 1, 2, 5, 9; cat→dog: 1, 2).
 */
@ExtendWith(ApplicationExtension.class)
class DatasetViewTest {
    @TempDir
    Path dir;

    private StubFileDialogs dialogs;
    private GradLensApp app;
    private MainViewModel vm;
    private MainView view;
    private DatasetViewModel dataset;

    @Start
    void start(Stage stage) {
        dialogs = new StubFileDialogs();
        app = new GradLensApp(new GradLensApp.Services(new FakeExplanationService(), new FxTaskExecutor(), new LoaderImageSource(),
                RecentFiles.inMemory(), s -> dialogs)).withDatasetRuns(this::batchedEngine);
        app.start(stage);
        vm = app.viewModel();
        view = app.view();
        dataset = app.datasetViewModel();
    }

    /** Commits the worked example in batches of four, as the engine would. */
    private DatasetRuns.Execution batchedEngine(dev.gradlens.run.RunRequest request) {
        RunFixture f = RunFixture.example(request.data().getParent());
        return new DatasetRuns.Execution() {
            @Override
            public RunProgress execute(RunListener listener, Cancellation cancel) {
                try (RunDatabase db = RunDatabase.openForWriting(request.out())) {
                    f.writePictures();
                    f.writeRunRecord(db);
                    RunProgress p = null;
                    for (int from = 0; from < f.imageCount() && !cancel.isCancelled(); from += 4) {
                        int to = Math.min(f.imageCount(), from + 4);
                        f.appendImages(db, from, to);
                        p = new RunProgress(to, f.imageCount(), to > 7 ? 1 : 0, 20, 1);
                        listener.progress(p);
                    }
                    return p;
                } catch (Exception e) {
                    throw new GradLensException("fake engine: " + e.getMessage());
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(5, TimeUnit.SECONDS);
    }

    private void waitUntil(String what, Callable<Boolean> condition) {
        waitUntil(what, condition, 30);
    }

    /** A generous limit, not a timing assertion: the shared test machine can be very slow. */
    private void waitUntil(String what, Callable<Boolean> condition, int seconds) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (Exception e) {
            fail("timed out waiting until " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private TableView<ImageRow> table() {
        return view.datasetView().orElseThrow().table();
    }

    private List<Integer> tableIds() throws Exception {
        return fx(() -> table().getItems().stream().map(ImageRow::imageId).toList());
    }

    private void openRunFromTheMenu(FxRobot robot, Path run) {
        openRunFromTheMenu(robot, run, 9);
    }

    private void openRunFromTheMenu(FxRobot robot, Path run, int rows) {
        waitUntil("the default model is open", () -> vm.model().getModel() != null);
        dialogs.file = run;
        robot.clickOn("File").clickOn("Open run…");
        waitUntil("the run's rows are in the table", () -> view.datasetView().isPresent() && view.lookup("#ds-table") != null
                && table().getItems().size() == rows);
        // the "Opened run" bar slides in over the top and shifts the content: let it go before clicking small cells
        robot.interact(() -> vm.status().dismiss());
        waitUntil("the notification bar is gone", () -> !view.notifications().isShowing());
        try {
            Thread.sleep(400); // the hide animation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Not a timed assertion: prints what a filter change and a long scroll cost in the real window on 10,000 rows. */
    @Test
    void tenThousandRowsStayResponsive(FxRobot robot) throws Exception {
        openRunFromTheMenu(robot, RunFixture.large(dir, 10000), 10000);
        robot.clickOn("#ds-mistakes");
        waitUntil("5,000 mistakes", () -> table().getItems().size() == 5000);
        double mistakes = dataset.lastFilterMillis();
        robot.clickOn("#ds-cell-1-3"); // true class 1 predicted 3: i % 4 == 1 and 7i % 4 == 3, every odd i ≡ 1 (mod 4)
        waitUntil("one confused pair", () -> table().getItems().size() == 2500);
        double cell = dataset.lastFilterMillis();
        robot.clickOn("#ds-clear");
        waitUntil("all rows", () -> table().getItems().size() == 10000);
        // FX-thread time of a jump: scroll, then lay the table out (cells made, thumbnails requested)
        // (wall time and the FX thread's CPU time: on a loaded shared machine the two differ a lot)
        double[] fxMillis = new double[21], cpuMillis = new double[21];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < fxMillis.length; i++) {
            int target = i == 0 ? 9990 : (i * 4957) % 10000;
            int k = i;
            robot.interact(() -> {
                long t = System.nanoTime(), c = mx.getCurrentThreadCpuTime();
                table().scrollTo(target);
                table().layout();
                fxMillis[k] = (System.nanoTime() - t) / 1e6;
                cpuMillis[k] = (mx.getCurrentThreadCpuTime() - c) / 1e6;
            });
        }
        double scroll = fxMillis[0];
        double jumps = java.util.Arrays.stream(fxMillis, 1, fxMillis.length).sorted().toArray()[10];
        double jumpsCpu = java.util.Arrays.stream(cpuMillis, 1, cpuMillis.length).sorted().toArray()[10];
        System.out.printf("DatasetView, 10,000 rows (shared machine, headless): filter on the FX thread: mistakes %.1f ms, confusion cell %.1f ms;"
                + " scroll to the end and lay out %.1f ms; jumps elsewhere %.1f ms wall, %.1f ms FX-thread CPU (medians of 20)%n",
                mistakes, cell, scroll, jumps, jumpsCpu);
    }

    @Test
    void openARunFilterByQuickFiltersAndTheConfusionMatrix(FxRobot robot) throws Exception {
        openRunFromTheMenu(robot, RunFixture.example(dir).write());
        assertTrue(robot.lookup("#ds-summary").queryLabeled().getText().contains("accuracy 37.5 % (3 of 8)"));
        assertEquals(3, fx(() -> view.datasetView().orElseThrow().accuracyChart().getData().get(0).getData().size()));

        robot.clickOn("#ds-mistakes");
        waitUntil("only mistakes", () -> table().getItems().size() == 5);
        assertEquals(List.of(4, 1, 2, 5, 9), tableIds());
        assertEquals("5 of 9 images", robot.lookup("#ds-count").queryLabeled().getText());

        robot.clickOn("#ds-cell-0-1"); // true cat, predicted dog
        waitUntil("the confused pair", () -> table().getItems().size() == 2);
        assertEquals(List.of(1, 2), tableIds());
        assertEquals("mistakes · cat → dog", robot.lookup("#ds-filter-text").queryLabeled().getText());

        robot.clickOn("#ds-clear");
        waitUntil("all rows again", () -> table().getItems().size() == 9);
        // a column header sorts the table's view: p ascending puts image 9 (p = 0.40) first
        robot.clickOn(robot.lookup(".column-header").match(n -> n.lookup(".label") != null
                && "p".equals(((javafx.scene.control.Label) n.lookup(".label")).getText())).queryAs(javafx.scene.Node.class));
        waitUntil("sorted by p", () -> table().getItems().get(0).imageId() == 9);
    }

    @Test
    void selectingARowShowsItsImageAndTPSwitchTheClass(FxRobot robot) throws Exception {
        openRunFromTheMenu(robot, RunFixture.example(dir).write());
        robot.clickOn("#ds-mistakes");
        waitUntil("only mistakes", () -> table().getItems().size() == 5);
        robot.interact(() -> {
            table().requestFocus();
            table().getSelectionModel().select(0); // image 4: dog predicted as cat
        });
        waitUntil("image 4 is open in the panels", () -> vm.getImage() != null && vm.getImage().name().equals("img4.png")
                && vm.explanation().getPanelSet() != null);
        robot.type(KeyCode.T);
        waitUntil("the true class (dog, 1) is selected", () -> vm.classes().getSelectedIndex() == 1);
        robot.type(KeyCode.P);
        waitUntil("the predicted class (cat, 0) is selected", () -> vm.classes().getSelectedIndex() == 0);

        robot.interact(() -> table().requestFocus());
        robot.type(KeyCode.DOWN);
        waitUntil("the arrow walked to image 1", () -> dataset.selectedProperty().get() != null && dataset.selectedProperty().get().imageId() == 1);
        waitUntil("image 1 is open", () -> vm.getImage() != null && vm.getImage().name().equals("img1.png"));
        assertTrue(vm.recentFiles().isEmpty(), "run images do not fill the recent files");
    }

    @Test
    void aRunFillsTheTableAsItGoes(FxRobot robot) throws Exception {
        waitUntil("the default model is open", () -> vm.model().getModel() != null);
        Path data = dir.resolve("data");
        robot.interact(() -> dataset.startRun(dataset.requestFor(data, List.of("gradcam"), 4, dir.resolve("live.duckdb"))));
        waitUntil("the run ended with every row", () -> !dataset.runningProperty().get() && table().getItems().size() == 9, 60);
        assertFalse(robot.lookup("#ds-progress").query().getParent().isVisible(), "progress hides when the run ends");
        assertEquals("Run finished: 10 images, 1 could not be used", vm.status().message());
        assertEquals(3, fx(() -> ((DatasetView) view.datasetView().orElseThrow()).accuracyChart().getData().get(0).getData().size()));
    }

    @Test
    void aCorruptRunIsANotification(FxRobot robot) throws Exception {
        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.duckdb"), "not a database ".repeat(300));
        waitUntil("the default model is open", () -> vm.model().getModel() != null);
        dialogs.file = bad;
        robot.clickOn("File").clickOn("Open run…");
        waitUntil("an error is shown", () -> vm.status().getNotification() != null
                && vm.status().getNotification().severity() == dev.gradlens.app.viewmodel.StatusViewModel.Severity.ERROR);
        assertFalse(vm.status().message().contains("\n"));
        assertFalse(dataset.isOpen());
        assertTrue(view.datasetView().isPresent() && view.datasetView().get().getScene() == null, "the data-set view stays hidden");
    }
}
