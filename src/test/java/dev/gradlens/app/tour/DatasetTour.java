package dev.gradlens.app.tour;

import dev.gradlens.app.LoaderImageSource;
import dev.gradlens.app.RecentFiles;
import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.tour.TourSupport.Options;
import dev.gradlens.app.tour.TourSupport.ScriptedDialogs;
import dev.gradlens.app.tour.TourSupport.Window1;
import dev.gradlens.app.viewmodel.DatasetViewModel;
import dev.gradlens.run.browse.ImageRow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static dev.gradlens.app.tour.TourSupport.fxRun;
import static dev.gradlens.app.tour.TourSupport.settle;
import static dev.gradlens.app.tour.TourSupport.snapshot;
import static dev.gradlens.app.tour.TourSupport.waitForPanels;
import static dev.gradlens.app.tour.TourSupport.waitUntil;
import static dev.gradlens.app.tour.TourSupport.writePng;

/**
 * Screenshots of the failure browser (docs/make-dataset-screenshots.sh): the real window with the
 * run's model open, the run opened, the confident mistakes listed and the first one shown with its
 * true class (T), then one confusion-matrix cell. {@code --model M.onnx --run RUN.duckdb --out DIR}.
 */
public final class DatasetTour {
    private DatasetTour() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        int r = o.rest.indexOf("--run");
        if (o.model == null || o.out == null || r < 0 || r + 1 >= o.rest.size()) {
            System.err.println("usage: DatasetTour --model M.onnx --run RUN.duckdb --out DIR");
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
                    new FxTaskExecutor(), new LoaderImageSource(), RecentFiles.inMemory(), s -> new ScriptedDialogs(), false));
            Window1 win = w;
            DatasetViewModel d = w.app().datasetViewModel();
            waitUntil("the model", () -> win.vm().model().getModel() != null, 120_000);
            fxRun(() -> {
                win.stage().setWidth(1500);
                win.stage().setHeight(1000);
                d.openRun(run);
            });
            waitUntil("the run", () -> d.summaryProperty().get() != null, 120_000);
            fxRun(() -> {
                d.minConfidenceProperty().set(0.8);
                d.confidentOnlyProperty().set(true);
                win.app().view().datasetView().orElseThrow().table().requestFocus();
                win.app().view().datasetView().orElseThrow().table().getSelectionModel().select(0);
            });
            waitUntil("the image", () -> win.vm().getImage() != null, 60_000);
            waitForPanels(win, 120_000);
            fxRun(d::showTrueClass);
            waitUntil("the true class", () -> d.selectedProperty().get() != null
                    && win.vm().classes().getSelectedIndex() == d.selectedProperty().get().trueClass(), 60_000);
            waitForPanels(win, 120_000);
            settle(win.scene(), 600);
            writePng(snapshot(win.stage()), o.out.resolve("19-dataset-view.png"));
            ImageRow first = d.selectedProperty().get();
            System.out.printf(Locale.ROOT, "19-dataset-view.png: image %d, true %s, predicted %s (p = %.3f)%n", first.imageId(),
                    first.trueLabel(), first.predictedLabel(), first.confidence());
            // the matrix cell of that image's confusion: the table lists exactly those images
            fxRun(() -> d.filterCell(first.trueClass(), first.predictedClass()));
            settle(win.scene(), 600);
            writePng(snapshot(win.stage()), o.out.resolve("20-dataset-confusion-cell.png"));
            System.out.println("20-dataset-confusion-cell.png: " + d.filterTextProperty().get() + ", " + d.countTextProperty().get());
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        } finally {
            if (w != null) TourSupport.close(w);
        }
        System.exit(code);
    }
}
