package dev.gradlens.app.tour;

import dev.gradlens.app.LoaderImageSource;
import dev.gradlens.app.RecentFiles;
import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.tour.TourSupport.Options;
import dev.gradlens.app.tour.TourSupport.ScriptedDialogs;
import dev.gradlens.app.tour.TourSupport.Window1;
import dev.gradlens.app.viewmodel.DatasetViewModel;
import dev.gradlens.app.viewmodel.PanelItem;
import dev.gradlens.app.viewmodel.PanelScoreViewModel;
import dev.gradlens.app.viewmodel.RunMetricsViewModel;
import dev.gradlens.app.viewmodel.SanityViewModel;
import dev.gradlens.metrics.ImageMetrics;
import dev.gradlens.run.browse.ImageRow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static dev.gradlens.app.tour.TourSupport.fx;
import static dev.gradlens.app.tour.TourSupport.fxRun;
import static dev.gradlens.app.tour.TourSupport.settle;
import static dev.gradlens.app.tour.TourSupport.snapshot;
import static dev.gradlens.app.tour.TourSupport.snapshotScene;
import static dev.gradlens.app.tour.TourSupport.waitForPanels;
import static dev.gradlens.app.tour.TourSupport.waitUntil;
import static dev.gradlens.app.tour.TourSupport.writePng;

/**
 * Screenshots of the faithfulness parts of the window (docs/make-metrics-screenshots.sh): the first
 * bundled sample with its Grad-CAM and Grad-CAM++ panels scored (metrics-score.png), the Sanity page
 * after a check with both variants (metrics-sanity.png), and a run with a metrics table, its images
 * listed least faithful first by Grad-CAM's Average Drop (metrics-run-view.png).
 * {@code --model M.onnx --run RUN.duckdb --out DIR}.
 */
public final class MetricsTour {
    private MetricsTour() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        int r = o.rest.indexOf("--run");
        if (o.model == null || o.out == null || r < 0 || r + 1 >= o.rest.size()) {
            System.err.println("usage: MetricsTour --model M.onnx --run RUN.duckdb --out DIR");
            System.exit(2);
        }
        Path run = Path.of(o.rest.get(r + 1));
        Path config = Files.createTempDirectory("gradlens-tour");
        System.setProperty("gradlens.cache", config.resolve("cache").toString());
        TourSupport.startToolkit();
        Window1 w = null;
        int code = 0;
        try {
            w = TourSupport.open(new dev.gradlens.app.GradLensApp.Services(TourSupport.service(o.device, o.model, config),
                    new FxTaskExecutor(), new LoaderImageSource(), RecentFiles.inMemory(), s -> new ScriptedDialogs(), true));
            Window1 win = w;
            waitUntil("the model", () -> win.vm().model().getModel() != null, 120_000);
            fxRun(() -> {
                win.stage().setWidth(1500);
                win.stage().setHeight(1000);
            });
            waitUntil("the first sample", () -> win.vm().getImage() != null, 120_000);
            waitForPanels(w, 120_000);

            // 1. the Score action on the two CAM panels
            for (String id : List.of("gradcam", "gradcampp")) {
                fxRun(() -> {
                    PanelItem item = win.vm().explanation().panels().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
                    win.vm().explanation().scores().score(item);
                });
            }
            waitUntil("the scores", () -> fxState(win, "gradcam") == PanelScoreViewModel.State.DONE
                    && fxState(win, "gradcampp") == PanelScoreViewModel.State.DONE, 120_000);
            settle(w.scene(), 800);
            writePng(snapshot(w.stage()), o.out.resolve("metrics-score.png"));
            for (String id : List.of("gradcam", "gradcampp")) {
                System.out.println("metrics-score.png: " + id + ": " + fx(() -> score(win, id).summaryProperty().get()) + " on "
                        + win.vm().getImage().name());
            }

            // 2. the Sanity page on the same image and class, both variants
            SanityViewModel sanity = w.app().sanityViewModel();
            fxRun(() -> {
                win.app().view().showSanity();
                sanity.independentProperty().set(true);
                sanity.run();
            });
            waitUntil("the sanity check", () -> sanity.resultProperty().get() != null || sanity.errorProperty().get() != null, 300_000);
            if (sanity.errorProperty().get() != null) throw new IllegalStateException(sanity.errorProperty().get());
            var sanityScene = fx(() -> win.app().view().sanityStage().orElseThrow().getScene());
            settle(sanityScene, 800);
            writePng(snapshotScene(sanityScene), o.out.resolve("metrics-sanity.png"));
            System.out.println("metrics-sanity.png: " + sanity.subjectTextProperty().get() + ": " + sanity.verdictProperty().get()
                    + " (" + sanity.progressTextProperty().get() + ")");
            fxRun(() -> win.app().view().sanityStage().orElseThrow().close());

            // 3. the run view of a run with a metrics table, least faithful Grad-CAM first
            DatasetViewModel d = w.app().datasetViewModel();
            fxRun(() -> d.openRun(run));
            waitUntil("the run's metrics", () -> d.summaryProperty().get() != null && d.metrics().hasMetricsProperty().get(), 120_000);
            fxRun(() -> {
                d.metrics().sortProperty().set(new RunMetricsViewModel.SortChoice(new ImageMetrics.Column("gradcam", "average-drop")));
                var table = win.app().view().datasetView().orElseThrow().table();
                table.requestFocus();
                table.getSelectionModel().select(0);
            });
            waitUntil("the image", () -> d.selectedProperty().get() != null, 60_000);
            waitForPanels(w, 120_000);
            settle(w.scene(), 800);
            if (Boolean.getBoolean("tour.debug")) fxRun(() -> debugHeights(win.app().view().datasetView().orElseThrow(), 0));
            writePng(snapshot(w.stage()), o.out.resolve("metrics-run-view.png"));
            ImageRow first = d.selectedProperty().get();
            System.out.printf(Locale.ROOT, "metrics-run-view.png: least faithful Grad-CAM first: image %d (%s, true %s, predicted %s), drop %s%n",
                    first.imageId(), first.path(), first.trueLabel(), first.predictedLabel(),
                    RunMetricsViewModel.format("average-drop", d.metrics().value(first, new ImageMetrics.Column("gradcam", "average-drop"))));
            for (RunMetricsViewModel.MeanRow m : d.metrics().means()) {
                System.out.println("  " + m.method() + " " + m.metric() + ": " + m.mean() + " " + m.interval() + " (" + m.images() + " images, "
                        + m.undefined() + " undefined)");
            }
            for (String a : d.metrics().methods()) for (String b : d.metrics().methods()) {
                if (!a.equals(b)) System.out.println("  win " + a + " vs " + b + ": " + d.metrics().winText(a, b));
            }
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        } finally {
            if (w != null) TourSupport.close(w);
        }
        System.exit(code);
    }

    /** Which node asks the run view for its height (-Dtour.debug=true). */
    private static void debugHeights(javafx.scene.Node n, int depth) {
        if (depth > 5) return;
        System.out.printf(Locale.ROOT, "%s%s #%s min %.0f pref %.0f h %.0f%n", "  ".repeat(depth), n.getClass().getSimpleName(), n.getId(),
                n.minHeight(-1), n.prefHeight(-1), n.getLayoutBounds().getHeight());
        if (n instanceof javafx.scene.control.SplitPane sp) for (var c : sp.getItems()) debugHeights(c, depth + 1);
        else if (n instanceof javafx.scene.Parent p && !(n instanceof javafx.scene.control.Control)) for (var c : p.getChildrenUnmodifiable()) debugHeights(c, depth + 1);
    }

    private static PanelScoreViewModel score(Window1 w, String id) {
        PanelItem item = w.vm().explanation().panels().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
        return w.vm().explanation().scores().of(item);
    }

    private static PanelScoreViewModel.State fxState(Window1 w, String id) {
        try {
            return fx(() -> score(w, id).stateProperty().get());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
