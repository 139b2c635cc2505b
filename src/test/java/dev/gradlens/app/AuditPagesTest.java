package dev.gradlens.app;

import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.view.AuditWindow;
import dev.gradlens.app.view.CiBarChart;
import dev.gradlens.app.viewmodel.CiBar;
import dev.gradlens.app.viewmodel.DatasetViewModel;
import dev.gradlens.app.viewmodel.MainViewModel;
import dev.gradlens.audit.RunFixture;
import dev.gradlens.run.browse.ImageRow;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.TableView;
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
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Audit and Compare pages in the real window (headless, Monocle): open a run from the menu, press
 * Audit…, click a bar of the accuracy chart with the mouse and see the failure browser list that cell's
 * images; press Compare… (the file chooser answers run B), click a thumbnail and see its image selected.
 * Runs as in audit.ComparisonTest: A biased (cats with the badge, ids 20–29, predicted horse), B clean.
 */
@ExtendWith(ApplicationExtension.class)
class AuditPagesTest {
    @TempDir
    Path dir;

    static final int S = 8;

    private StubFileDialogs dialogs;
    private GradLensApp app;
    private MainViewModel vm;
    private DatasetViewModel dataset;

    @Start
    void start(Stage stage) {
        dialogs = new StubFileDialogs();
        app = new GradLensApp(new GradLensApp.Services(new FakeExplanationService(), new FxTaskExecutor(), new LoaderImageSource(),
                RecentFiles.inMemory(), s -> dialogs));
        app.start(stage);
        vm = app.viewModel();
        dataset = app.datasetViewModel();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(5, TimeUnit.SECONDS);
    }

    private Path run(String name, boolean biased) throws Exception {
        Path file = dir.resolve(name + ".duckdb");
        try (RunFixture f = new RunFixture(file, List.of("cat", "horse"), "gradcam", "1", S, S, S, S, dir.toString(), "fp")) {
            for (int id = 0; id < 40; id++) {
                boolean horse = id < 20, badge = horse || id < 30;
                int truth = horse ? 1 : 0, pred = biased && badge ? 1 : truth;
                f.image(id, "img" + id + ".png", truth, pred, 0.8, S, S);
                f.group(id, "badge", badge ? "yes" : "no");
                f.box(id, "object", truth, 1, 4, 4, 7);
                if (badge) f.box(id, "badge", null, 6, 0, 8, 2);
                float[] m = new float[S * S];
                m[7] = biased && badge ? 3 : 0;
                m[5 * S + 2] = 1;
                f.map(id, "gradcam", 1, false, S, S, m);
            }
        }
        return file;
    }

    /** A generous limit, not a timing assertion: the shared test machine can be very slow. */
    private void waitUntil(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (Exception e) {
            fail("timed out waiting until " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private TableView<ImageRow> table() {
        return app.view().datasetView().orElseThrow().table();
    }

    private List<Integer> tableIds() throws Exception {
        return fx(() -> table().getItems().stream().map(ImageRow::imageId).toList());
    }

    @Test
    void auditBarAndCompareThumbnailDriveTheFailureBrowser(FxRobot robot) throws Exception {
        Path a = run("biased", true), b = run("clean", false);
        waitUntil("the default model is open", () -> vm.model().getModel() != null);
        robot.interact(() -> dataset.openRun(a)); // File › Open run… is DatasetViewTest's
        waitUntil("the run's rows", () -> app.view().datasetView().isPresent() && table().getItems().size() == 40);
        robot.interact(() -> vm.status().dismiss());
        WaitForAsyncUtils.waitForFxEvents();

        robot.interact(() -> app.auditWindow().showAudit());
        AuditWindow w = app.auditWindow();
        waitUntil("the audit", () -> app.auditViewModel().resultProperty().get() != null && !app.auditViewModel().runningProperty().get());
        Stage auditStage = fx(() -> w.stage().orElseThrow());
        robot.interact(() -> {
            auditStage.setWidth(1100);
            auditStage.setHeight(860);
        });
        WaitForAsyncUtils.waitForFxEvents();
        CiBarChart chart = fx(() -> w.auditPage().orElseThrow().accuracyChart());
        CiBar catsBadge = fx(() -> chart.bars().stream().filter(x -> x.category().equals("cat") && x.series().equals("badge = yes")).findFirst().orElseThrow());
        assertEquals(0.0, catsBadge.mean(), 1e-12, "biased: no cat with the badge is right");
        Point2D at = fx(() -> {
            Bounds column = chart.columnOf(catsBadge);
            return chart.localToScreen(column.getCenterX(), column.getMaxY() - 10);
        });
        robot.clickOn(at);
        waitUntil("the cell's images", () -> table().getItems().size() == 10);
        assertEquals(IntStream.range(20, 30).boxed().toList(), tableIds());

        dialogs.file = b;
        robot.interact(() -> w.showCompare());
        waitUntil("the comparison", () -> app.compareViewModel().resultProperty().get() != null && !app.compareViewModel().runningProperty().get());
        assertTrue(dialogs.asked.contains("file Compare with run"), dialogs.asked.toString());
        assertEquals(30.0 / 40, app.compareViewModel().resultProperty().get().agreement().mean(), 1e-12);
        waitUntil("the thumbnails", () -> robot.lookup("#compare-thumb-0").tryQuery().isPresent());
        int first = app.compareViewModel().mostDifferent().get(0).imageIdA();
        robot.clickOn("#compare-thumb-0");
        waitUntil("the image is selected", () -> dataset.selectedProperty().get() != null && dataset.selectedProperty().get().imageId() == first);
        waitUntil("and selected in the table", () -> table().getSelectionModel().getSelectedItem() != null
                && table().getSelectionModel().getSelectedItem().imageId() == first);
        assertEquals(12, table().getItems().size());
    }
}
