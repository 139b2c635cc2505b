package dev.gradlens.app.tour;

import dev.gradlens.app.LoaderImageSource;
import dev.gradlens.app.RecentFiles;
import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.tour.TourSupport.Options;
import dev.gradlens.app.tour.TourSupport.ScriptedDialogs;
import dev.gradlens.app.tour.TourSupport.Window1;
import dev.gradlens.app.view.AuditWindow;
import dev.gradlens.app.viewmodel.AuditViewModel;
import dev.gradlens.app.viewmodel.CiBar;
import dev.gradlens.app.viewmodel.CompareViewModel;
import dev.gradlens.app.viewmodel.DatasetViewModel;
import dev.gradlens.audit.RegionDecoder;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.gradlens.app.tour.TourSupport.fx;
import static dev.gradlens.app.tour.TourSupport.fxRun;
import static dev.gradlens.app.tour.TourSupport.settle;
import static dev.gradlens.app.tour.TourSupport.snapshot;
import static dev.gradlens.app.tour.TourSupport.waitForPanels;
import static dev.gradlens.app.tour.TourSupport.waitUntil;
import static dev.gradlens.app.tour.TourSupport.writePng;

/**
 * Screenshots of the Audit and Compare pages for the user guide's worked audit
 * (docs/make-dataset-screenshots.sh): the biased teaching model's run open, audited by the scene flag
 * {@code badge} with box regions; the region chart's bar "badge, images without a horse, badge = yes"
 * clicked, so the failure browser lists those scenes and the first is explained for class horse; then
 * the comparison with the clean model's run. {@code --model M.onnx --run A.duckdb --compare B.duckdb --out DIR}.
 */
public final class AuditTour {
    private AuditTour() {
    }

    private static String arg(Options o, String name) {
        int i = o.rest.indexOf(name);
        return i < 0 || i + 1 >= o.rest.size() ? null : o.rest.get(i + 1);
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        String runArg = arg(o, "--run"), compareArg = arg(o, "--compare");
        if (o.model == null || o.out == null || runArg == null || compareArg == null) {
            System.err.println("usage: AuditTour --model M.onnx --run A.duckdb --compare B.duckdb --out DIR");
            System.exit(2);
        }
        Path run = Path.of(runArg), other = Path.of(compareArg);
        Path config = Files.createTempDirectory("gradlens-tour");
        System.setProperty("gradlens.cache", config.resolve("cache").toString());
        TourSupport.startToolkit();
        Window1 w = null;
        int code = 0;
        try {
            w = TourSupport.open(new dev.gradlens.app.GradLensApp.Services(TourSupport.service(o.device, o.model, config),
                    new FxTaskExecutor(), new LoaderImageSource(), RecentFiles.inMemory(), s -> new ScriptedDialogs(), false));
            Window1 win = w;
            DatasetViewModel d = w.app().datasetViewModel();
            AuditViewModel audit = w.app().auditViewModel();
            CompareViewModel compare = w.app().compareViewModel();
            AuditWindow pages = w.app().auditWindow();
            waitUntil("the model", () -> win.vm().model().getModel() != null, 120_000);
            fxRun(() -> {
                win.stage().setWidth(1500);
                win.stage().setHeight(1000);
                d.openRun(run);
            });
            waitUntil("the run", () -> d.summaryProperty().get() != null, 120_000);
            fxRun(() -> {
                win.vm().status().dismiss();
                audit.groupProperty().set("badge");
                audit.shapeProperty().set(RegionDecoder.Shape.BOX);
                pages.showAudit();
            });
            waitUntil("the audit", () -> audit.resultProperty().get() != null && !audit.runningProperty().get(), 300_000);
            Stage stage = fx(() -> pages.stage().orElseThrow());
            fxRun(() -> {
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(1250);
                stage.setHeight(1000);
            });
            settle(stage.getScene(), 800);
            writePng(snapshot(stage), o.out.resolve("21-audit-page.png"));
            System.out.println("21-audit-page.png: " + fx(() -> String.join(" | ", audit.gaps())));
            // the region chart: horse maps on scenes without a horse, by badge
            fxRun(() -> {
                ScrollPane scroll = (ScrollPane) pages.auditPage().orElseThrow().getCenter();
                Node chart = pages.auditPage().orElseThrow().regionChart();
                double y = chart.localToScene(0, 0).getY() - scroll.getContent().localToScene(0, 0).getY() - 60;
                double range = scroll.getContent().getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                scroll.setVvalue(Math.max(0, Math.min(1, y / range)));
            });
            settle(stage.getScene(), 600);
            writePng(snapshot(stage), o.out.resolve("22-audit-regions.png"));
            System.out.println("22-audit-regions.png: " + fx(() -> audit.regionChartTitleProperty().get()));
            // a click on the badge bar of "badge = yes": the failure browser lists those scenes, most on the badge first
            CiBar bar = fx(() -> audit.regionBars().stream().filter(b -> b.category().equals("badge = yes") && b.series().equals("badge"))
                    .findFirst().orElseThrow());
            fxRun(() -> audit.showImages(bar));
            int horse = fx(() -> audit.resultProperty().get().run().labels().indexOf("horse"));
            fxRun(() -> {
                win.stage().toFront();
                var table = win.app().view().datasetView().orElseThrow().table();
                table.requestFocus();
                table.getSelectionModel().select(0);
            });
            waitUntil("the image", () -> win.vm().getImage() != null, 60_000);
            waitForPanels(win, 120_000);
            if (horse >= 0) {
                fxRun(() -> win.vm().classes().select(horse));
                waitUntil("class horse", () -> win.vm().classes().getSelectedIndex() == horse, 60_000);
                waitForPanels(win, 120_000);
            }
            fxRun(() -> stage.hide());
            settle(win.scene(), 600);
            writePng(snapshot(win.stage()), o.out.resolve("23-audit-bar-filter.png"));
            System.out.println("23-audit-bar-filter.png: " + fx(() -> d.filterTextProperty().get() + ", " + d.countTextProperty().get()));
            // the comparison with the clean model's run
            fxRun(() -> {
                compare.groupProperty().set("badge");
                compare.shapeProperty().set(RegionDecoder.Shape.BOX);
                compare.compareWith(other);
            });
            waitUntil("the comparison", () -> compare.resultProperty().get() != null && !compare.runningProperty().get()
                    || !compare.messageProperty().get().isEmpty() && !compare.runningProperty().get(), 300_000);
            fxRun(pages::showCompare);
            settle(stage.getScene(), 400);
            waitUntil("the thumbnails", () -> pages.comparePage().orElseThrow().thumbnails().lookupAll(".image-view").stream()
                    .allMatch(n -> ((ImageView) n).getImage() == null || ((ImageView) n).getImage().getProgress() >= 1), 60_000);
            settle(stage.getScene(), 800);
            writePng(snapshot(stage), o.out.resolve("24-compare-page.png"));
            System.out.println("24-compare-page.png: " + fx(() -> compare.agreementTextProperty().get() + " " + compare.messageProperty().get()));
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        } finally {
            if (w != null) TourSupport.close(w);
        }
        System.exit(code);
    }
}
