package dev.gradlens.app.tour;

import dev.gradlens.app.GradLensApp;
import dev.gradlens.app.LoaderImageSource;
import dev.gradlens.app.RecentFiles;
import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.tour.TourSupport.Options;
import dev.gradlens.app.tour.TourSupport.ScriptedDialogs;
import dev.gradlens.app.tour.TourSupport.Window1;
import dev.gradlens.app.render.ColormapChoice;
import dev.gradlens.app.view.MainView;
import dev.gradlens.app.view.PanelCard;
import dev.gradlens.app.viewmodel.ExplanationViewModel.LayerChoice;
import dev.gradlens.app.viewmodel.MainViewModel;
import dev.gradlens.explain.MethodId;
import dev.gradlens.service.ClassScore;
import dev.gradlens.service.ModelInfo;
import dev.gradlens.service.SampleImage;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.gradlens.app.tour.TourSupport.click;
import static dev.gradlens.app.tour.TourSupport.contextClick;
import static dev.gradlens.app.tour.TourSupport.fx;
import static dev.gradlens.app.tour.TourSupport.fxRun;
import static dev.gradlens.app.tour.TourSupport.hover;
import static dev.gradlens.app.tour.TourSupport.press;
import static dev.gradlens.app.tour.TourSupport.settle;
import static dev.gradlens.app.tour.TourSupport.snapshot;
import static dev.gradlens.app.tour.TourSupport.snapshotScene;
import static dev.gradlens.app.tour.TourSupport.type;
import static dev.gradlens.app.tour.TourSupport.waitForPanels;
import static dev.gradlens.app.tour.TourSupport.waitUntil;
import static dev.gradlens.app.tour.TourSupport.writePng;

/**
 * Drives the real GradLens window (real engine, the embedded teaching model, a bundled sample)
 * through every feature the user guide explains and writes a PNG of the window after each step.
 * Not a test: run by {@code docs/make-screenshots.sh} under Xvfb.
 *
 * <pre>
 * ScreenshotTour [--out DIR] [--sample TEXT] [--search TEXT] [--bias-model M.onnx] [--bias-sample TEXT] [--bias-class LABEL]
 *                [--model M.onnx --image IMG --out DIR]     (development: any model and photo; never into docs/)
 * </pre>
 */
public final class ScreenshotTour {
    private static final long MODEL_TIMEOUT = 180_000;
    private static final long PANELS_TIMEOUT = 600_000;

    private final Options options;
    private final Path out;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<String> written = new ArrayList<>();
    private Window1 w;
    private MainViewModel vm;
    private MainView view;
    private Stage stage;
    private Scene scene;

    private ScreenshotTour(Options options, Path out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path docsImages = Path.of("docs", "images").toAbsolutePath().normalize();
        Path out = (o.out != null ? o.out : docsImages).toAbsolutePath().normalize();
        if (o.overridden() && out.startsWith(docsImages)) {
            System.err.println("ScreenshotTour: screenshots of --model/--image are for development only and must not go into "
                    + docsImages + " (test data licence): give --out elsewhere");
            System.exit(2);
        }
        if (!o.overridden() && !TourSupport.teachingModelBundled()) {
            System.err.println("ScreenshotTour: this build has no embedded teaching model (models/scenes-clean.onnx): "
                    + "nothing to take screenshots of. For development use --model M.onnx --image IMG --out DIR");
            System.exit(3);
        }
        int code = 0;
        ScreenshotTour tour = new ScreenshotTour(o, out);
        try {
            tour.run();
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        } finally {
            if (tour.w != null) TourSupport.close(tour.w);
        }
        System.out.println("ScreenshotTour: wrote " + tour.written.size() + " screenshot(s) to " + out);
        for (String f : tour.written) System.out.println("  " + f);
        System.exit(code);
    }

    private String option(String name, String fallback) {
        int i = options.rest.indexOf(name);
        return i >= 0 && i + 1 < options.rest.size() ? options.rest.get(i + 1) : fallback;
    }

    private void run() throws Exception {
        Path config = Files.createTempDirectory("gradlens-tour");
        // a cache of its own: the same catalog state on every machine, the user's cache untouched
        System.setProperty("gradlens.cache", config.resolve("cache").toString());
        TourSupport.startToolkit();
        GradLensApp.Services services = new GradLensApp.Services(TourSupport.service(options.device, options.model, config),
                new FxTaskExecutor(), new LoaderImageSource(), RecentFiles.inMemory(), s -> dialogs,
                !options.overridden()); // as in production: the first bundled sample is explained at start
        w = TourSupport.open(services);
        vm = w.vm();
        view = w.app().view();
        stage = w.stage();
        scene = w.scene();

        waitUntil("the model", () -> vm.model().getModel() != null || hasError(), MODEL_TIMEOUT);
        TourSupport.requireNoError(w);
        if (!options.overridden()) {
            waitUntil("the samples", () -> !vm.samples().isEmpty(), 30_000);
            waitUntil("the first sample", () -> vm.getImage() != null, PANELS_TIMEOUT);
            waitPanels();
        }
        step("start", this::start);
        step("overview", this::openImage);
        step("class search", this::classSearch);
        step("opacity", this::opacity);
        step("colormap", this::colormap);
        step("counterfactual", this::counterfactual);
        step("layer", this::layer);
        step("extra method", this::extraMethod);
        step("panel menu", this::panelMenu);
        step("enlarge", this::enlarge);
        step("export", this::export);
        step("shortcuts", this::shortcuts);
        step("model without descriptor", this::bareModel);
        step("models catalog", this::catalog);
        step("lecture mode", this::lecture);
        step("bias demo", this::biasDemo);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private void step(String name, Step s) throws Exception {
        long t0 = System.nanoTime();
        System.out.println("-- " + name);
        s.run();
        System.out.printf(Locale.ROOT, "   %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private boolean hasError() {
        var n = vm.status().getNotification();
        return n != null && n.severity() == dev.gradlens.app.viewmodel.StatusViewModel.Severity.ERROR;
    }

    private void shot(String name) throws Exception {
        settle(scene, 250);
        writePng(snapshot(stage), out.resolve(name));
        written.add(name);
        System.out.println("   " + name);
    }

    private void shotOf(Scene s, String name) throws Exception {
        settle(scene, 250);
        writePng(snapshotScene(s), out.resolve(name));
        written.add(name);
        System.out.println("   " + name);
    }

    /** Hides the notification bar (after its slide-out) so a screenshot shows only what it is about. */
    private void quiet() throws Exception {
        fxRun(() -> vm.status().dismiss());
        waitUntil("the notification bar to hide", () -> !view.notifications().isShowing(), 5_000);
        settle(scene, 400);
    }

    private void hidePopups() throws Exception {
        fxRun(() -> {
            for (Window win : new ArrayList<>(Window.getWindows())) if (win instanceof PopupWindow p && p.isShowing()) p.hide();
        });
        settle(scene, 150);
    }

    private <T extends Node> T node(String selector, Class<T> type) throws Exception {
        return fx(() -> find(selector, type));
    }

    /** FX thread: the node with this selector. */
    private <T extends Node> T find(String selector, Class<T> type) {
        Node n = scene.lookup(selector);
        if (n == null) throw new IllegalStateException("no node " + selector);
        return type.cast(n);
    }

    private void waitPanels() throws Exception {
        waitForPanels(w, PANELS_TIMEOUT);
        TourSupport.requireNoError(w);
    }

    // ---- steps -----------------------------------------------------------------------------------

    /** First start: the default model and the first bundled sample, the samples menu open. */
    private void start() throws Exception {
        quiet();
        MenuButton samples = node("#samples", MenuButton.class);
        boolean open = fx(() -> !samples.isDisabled());
        if (open) {
            fxRun(samples::show);
            waitUntil("the samples menu", samples::isShowing, 5_000);
        }
        shot("01-start.png");
        hidePopups();
    }

    private void openImage() throws Exception {
        if (options.image != null) {
            dialogs.next = options.image;
            fxRun(() -> find("#open-image", Button.class).fire());
        } else {
            String want = option("--sample", null);
            List<SampleImage> list = fx(() -> List.copyOf(vm.samples()));
            // the class-discriminative scene (a cat and a dog) when there is one
            SampleImage pick = list.stream().filter(x -> x.title().toLowerCase(Locale.ROOT).contains("cat and a dog"))
                    .findFirst().orElse(list.get(0));
            if (want != null) {
                pick = list.stream().filter(s -> s.title().toLowerCase(Locale.ROOT).contains(want.toLowerCase(Locale.ROOT)))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException("no sample matches '" + want + "'"));
            }
            SampleImage sample = pick;
            MenuButton samples = node("#samples", MenuButton.class);
            fxRun(() -> {
                for (MenuItem m : samples.getItems()) {
                    if (m.getText().equals(sample.title())) {
                        m.fire();
                        return;
                    }
                }
                throw new IllegalStateException("no menu item for sample " + sample.title());
            });
        }
        waitPanels();
        quiet();
        shot("02-overview.png");
    }

    /** "/" focuses the search, typing shows suggestions, Enter explains the best match. */
    private void classSearch() throws Exception {
        String text = option("--search", null);
        if (text == null) {
            // the teaching model's scene of a cat and a dog: the class the model did not rank first; else the runner-up
            List<ClassScore> ranked = fx(() -> vm.classes().predictionProperty().get().ranked());
            ClassScore target = ranked.get(Math.min(ranked.size() - 1, 1));
            for (String wanted : List.of("cat", "dog")) {
                if (ranked.get(0).label().equals(wanted)) continue;
                ClassScore c = ranked.stream().filter(x -> x.label().equals(wanted)).findFirst().orElse(null);
                if (c != null) {
                    target = c;
                    break;
                }
            }
            text = shortestPrefix(target);
        }
        press(scene, KeyCode.SLASH, false);
        TextField search = view.classesView().searchField();
        waitUntil("the search field focus", () -> scene.getFocusOwner() == search, 5_000);
        type(scene, text);
        waitUntil("the suggestions", () -> popupShowing(), 5_000);
        shot("03-class-search.png");
        int before = fx(() -> vm.classes().getSelectedIndex());
        press(scene, KeyCode.ENTER, false);
        hidePopups();
        waitUntil("another class", () -> vm.classes().getSelectedIndex() != before, 5_000);
        waitPanels();
        press(scene, KeyCode.ESCAPE, false); // leave the search field: keys are shortcuts again
        quiet();
        shot("04-class-picked.png");
        press(scene, KeyCode.DIGIT1, false); // back to the most probable class
        waitPanels();
    }

    /** The shortest start of the class's label (at least two letters) for which the search's best match is that class. */
    private String shortestPrefix(ClassScore target) {
        String label = target.label();
        for (int n = Math.min(2, label.length()); n <= label.length(); n++) {
            var options = vm.classes().suggest(label.substring(0, n));
            if (!options.isEmpty() && options.get(0).index() == target.index()) return label.substring(0, n);
        }
        return label;
    }

    /** Picks a class through the search field, as a user would: "/", the label, Enter. */
    private void searchAndPick(String label) throws Exception {
        press(scene, KeyCode.SLASH, false);
        TextField search = view.classesView().searchField();
        waitUntil("the search field focus", () -> scene.getFocusOwner() == search, 5_000);
        type(scene, label);
        press(scene, KeyCode.ENTER, false);
        hidePopups();
        press(scene, KeyCode.ESCAPE, false);
        waitUntil("class " + label, () -> vm.classes().selectedProperty().get() != null
                && vm.classes().selectedProperty().get().label().equals(label), 5_000);
        waitPanels();
    }

    private boolean popupShowing() {
        for (Window win : Window.getWindows()) if (win instanceof PopupWindow p && p.isShowing()) return true;
        return false;
    }

    private void opacity() throws Exception {
        fxRun(() -> view.controlsView().opacitySlider().setValue(0.8));
        settle(scene, 100);
        quiet();
        shot("05-opacity.png");
        fxRun(() -> view.controlsView().opacitySlider().setValue(0.5));
    }

    @SuppressWarnings("unchecked")
    private void colormap() throws Exception {
        press(scene, KeyCode.M, false); // Jet → Turbo
        ComboBox<ColormapChoice> box = node("#colormap", ComboBox.class);
        fxRun(() -> box.setValue(ColormapChoice.VIRIDIS));
        fxRun(box::show);
        waitUntil("the colormap list", box::isShowing, 5_000);
        shot("06-colormap.png");
        fxRun(box::hide);
        fxRun(() -> box.setValue(ColormapChoice.JET));
        settle(scene, 100);
    }

    private void counterfactual() throws Exception {
        press(scene, KeyCode.C, false);
        waitUntil("the counterfactual panels", () -> vm.explanation().getPanelSet().counterfactual(), PANELS_TIMEOUT);
        waitPanels();
        quiet();
        shot("07-counterfactual.png");
        fxRun(() -> view.controlsView().counterfactualToggle().fire());
        waitUntil("the plain panels", () -> !vm.explanation().getPanelSet().counterfactual(), PANELS_TIMEOUT);
        waitPanels();
    }

    private void layer() throws Exception {
        ComboBox<LayerChoice> box = view.controlsView().layerBox();
        int n = fx(() -> box.getItems().size());
        if (n > 2) {
            // the last layer with a finer grid than the automatic choice (the last feature map)
            String auto = fx(() -> vm.model().getModel().defaultLayer());
            int pick = fx(() -> finerLayer(box.getItems(), auto, vm.model().getModel()));
            fxRun(() -> box.getSelectionModel().select(pick));
            waitUntil("the other layer", () -> {
                var set = vm.explanation().getPanelSet();
                return set != null && !set.layer().equals(auto);
            }, PANELS_TIMEOUT);
            waitPanels();
        }
        quiet();
        fxRun(box::show);
        waitUntil("the layer list", box::isShowing, 5_000);
        fxRun(() -> {
            // the chosen layer in view, a few earlier ones above it
            if (box.getSkin() instanceof javafx.scene.control.skin.ComboBoxListViewSkin<?> skin
                    && skin.getPopupContent() instanceof javafx.scene.control.ListView<?> list) {
                list.scrollTo(Math.max(0, box.getSelectionModel().getSelectedIndex() - 5));
            }
        });
        shot("08-layer.png");
        fxRun(box::hide);
        fxRun(() -> box.getSelectionModel().select(0));
        waitPanels();
    }

    static int finerLayer(List<LayerChoice> choices, String auto, ModelInfo info) {
        boolean nhwc = info.preprocessing().layout() == dev.gradlens.inference.Layout.NHWC;
        java.util.function.ToIntFunction<int[]> area = s -> s.length < 4 ? 0 : nhwc ? s[1] * s[2] : s[2] * s[3];
        int autoArea = 0;
        for (var c : info.layers()) if (c.tensor().equals(auto)) autoArea = area.applyAsInt(c.shape());
        int pick = -1;
        for (int i = 1; i < choices.size(); i++) {
            String t = choices.get(i).tensor();
            for (var c : info.layers()) if (c.tensor().equals(t) && area.applyAsInt(c.shape()) > autoArea) pick = i;
        }
        return pick > 0 ? pick : Math.max(1, choices.size() - 2);
    }

    private void extraMethod() throws Exception {
        MenuButton method = node("#extra-method", MenuButton.class);
        fxRun(() -> {
            for (MenuItem m : method.getItems()) if (("method-" + MethodId.LAYERCAM.id()).equals(m.getId())) m.fire();
        });
        waitUntil("the LayerCAM panel", () -> vm.explanation().getPanelSet().panel(MethodId.LAYERCAM) != null, PANELS_TIMEOUT);
        waitPanels();
        quiet();
        fxRun(method::show);
        waitUntil("the method menu", method::isShowing, 5_000);
        shot("09-extra-method.png");
        hidePopups();
        fxRun(() -> vm.explanation().extraMethodProperty().set(null));
        waitPanels();
    }

    private PanelCard card(String id) throws Exception {
        return fx(() -> {
            PanelCard c = view.panelsView().card(id);
            if (c == null) throw new IllegalStateException("no panel " + id);
            return c;
        });
    }

    private void panelMenu() throws Exception {
        PanelCard c = card(MethodId.GRADCAM.id());
        Node frame = fx(() -> c.imageView().getParent());
        contextClick(frame, 0.12, 0.4);
        waitUntil("the panel menu", this::popupShowing, 5_000);
        shot("10-panel-menu.png");
        hidePopups();
    }

    private void enlarge() throws Exception {
        PanelCard c = card(MethodId.GRADCAM.id());
        Node frame = fx(() -> c.imageView().getParent());
        click(frame, 0.5, 0.5);
        waitUntil("the enlarged panel", () -> vm.explanation().enlargedProperty().get() != null, 5_000);
        settle(scene, 100);
        ImageView big = fx(() -> (ImageView) scene.lookup("#enlarged-panel").lookupAll(".image-view").iterator().next());
        // the pointer on the map's hottest pixel
        double[] at = fx(() -> {
            var panel = vm.explanation().enlargedProperty().get().panel();
            float[] d = panel.display();
            int best = 0;
            for (int i = 1; i < panel.width() * panel.height(); i++) if (d[i] > d[best]) best = i;
            return new double[] {(best % panel.width() + 0.5) / panel.width(), (best / panel.width() + 0.5) / panel.height()};
        });
        hover(big, at[0], at[1]);
        waitUntil("the hover read-out", () -> !vm.explanation().hoverTextProperty().get().isBlank(), 5_000);
        shot("11-enlarged.png");
        press(scene, KeyCode.ESCAPE, false);
        waitUntil("the enlarged panel to close", () -> vm.explanation().enlargedProperty().get() == null, 5_000);
        fxRun(() -> vm.explanation().hoverExit());
    }

    /** File › Save figure as PNG… : the exported figure itself goes into the guide. */
    private void export() throws Exception {
        Path file = out.resolve("figure-export.png");
        Files.deleteIfExists(file);
        dialogs.next = file;
        fxRun(() -> find("#save-figure", Button.class).fire());
        waitUntil("the saved figure", () -> Files.isRegularFile(file) && vm.status().message() != null
                && vm.status().message().startsWith("Saved"), 60_000);
        written.add(file.getFileName().toString());
        System.out.println("   " + file.getFileName());
        quiet();
    }

    /** F1: the shortcut list the app itself shows. */
    private void shortcuts() throws Exception {
        press(scene, KeyCode.F1, false);
        Stage dialog = waitForDialog();
        shotOf(dialog.getScene(), "12-shortcuts.png");
        fxRun(dialog::close);
    }

    private Stage waitForDialog() throws Exception {
        waitUntil("a dialog", () -> dialogStage() != null, 10_000);
        Stage d = fx(this::dialogStage);
        settle(d.getScene(), 300);
        return d;
    }

    private Stage dialogStage() {
        for (Window win : Window.getWindows()) if (win instanceof Stage s && s != stage && s.isShowing()) return s;
        return null;
    }

    /** Model › Open model… on a bare .onnx (the teaching model without its descriptor): the offer and the dialog. */
    private void bareModel() throws Exception {
        ModelInfo original = fx(() -> vm.model().getModel());
        Path dir = Files.createTempDirectory("gradlens-bare");
        String name = original.file().getFileName().toString().replaceFirst("\\.onnx$", "") + "-bare.onnx";
        Path bare = Files.copy(original.file(), dir.resolve(name));
        dialogs.next = bare;
        fxRun(() -> find("#open-model", Button.class).fire());
        waitUntil("the bare model", () -> vm.model().getModel() != null && vm.model().getModel().file().equals(bare)
                && vm.model().preprocessingOfferProperty().get() != null, MODEL_TIMEOUT);
        waitPanels();
        waitUntil("the offer", () -> view.notifications().isShowing(), 10_000);
        shot("13-model-guessed.png");
        Button set = fx(() -> (Button) view.notifications().lookupAll(".button").stream()
                .filter(b -> b instanceof Button bb && "Set preprocessing…".equals(bb.getText())).findFirst().orElse(null));
        if (set != null) fxRun(set::fire);
        else fxRun(() -> view.showPreprocessingDialog(vm.model().getModel()));
        Stage dialog = waitForDialog();
        shotOf(dialog.getScene(), "14-preprocessing-dialog.png");
        fxRun(dialog::close);
        settle(scene, 200);
        fxRun(() -> vm.model().openDefault());
        waitUntil("the default model again", () -> vm.model().getModel() != null && !vm.model().getModel().file().equals(bare),
                MODEL_TIMEOUT);
        waitPanels();
        quiet();
    }

    /** Model › Models…: the catalog of downloadable classifiers (nothing is downloaded). */
    private void catalog() throws Exception {
        Button models = node("#models", Button.class);
        if (fx(models::isDisabled)) {
            System.out.println("   skipped: this build has no model catalog");
            return;
        }
        fxRun(models::fire);
        Stage dialog = waitForDialog();
        fxRun(() -> {
            var table = (javafx.scene.control.TableView<?>) dialog.getScene().lookup("#catalog-table");
            if (table != null && !table.getItems().isEmpty()) table.getSelectionModel().select(0);
        });
        settle(dialog.getScene(), 300);
        shotOf(dialog.getScene(), "15-models.png");
        fxRun(dialog::close);
        settle(scene, 200);
    }

    private void lecture() throws Exception {
        fxRun(() -> find("#theme", Button.class).fire());
        fxRun(() -> find("#lecture-mode", ToggleButton.class).fire());
        waitUntil("full screen", stage::isFullScreen, 10_000);
        settle(scene, 600);
        // Xvfb has no window manager to grow a full-screen window: do what it would do
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getBounds();
        double oldW = fx(stage::getWidth), oldH = fx(stage::getHeight);
        boolean grown = fx(() -> stage.getWidth() < screen.getWidth() - 1);
        if (grown) {
            fxRun(() -> {
                stage.setX(screen.getMinX());
                stage.setY(screen.getMinY());
                stage.setWidth(screen.getWidth());
                stage.setHeight(screen.getHeight());
            });
            settle(scene, 400);
        }
        quiet();
        shot("16-lecture-dark.png");
        press(scene, KeyCode.F11, false);
        waitUntil("windowed again", () -> !stage.isFullScreen() && !vm.lectureModeProperty().get(), 10_000);
        if (grown) {
            fxRun(() -> {
                stage.setWidth(oldW);
                stage.setHeight(oldH);
                stage.centerOnScreen();
            });
        }
        fxRun(vm::toggleTheme);
        settle(scene, 300);
    }

    /**
     * The biased teaching model on a badge scene without a horse, class horse; then, with the class
     * pinned, the clean default model on the same scene.
     */
    private void biasDemo() throws Exception {
        Path model = Path.of(option("--bias-model", "models/scenes-biased.onnx"));
        if (options.overridden() || !Files.isRegularFile(model)) {
            System.out.println("   skipped: no biased teaching model at " + model);
            return;
        }
        String want = option("--bias-sample", "badge").toLowerCase(Locale.ROOT);
        SampleImage sample = fx(() -> vm.samples().stream().filter(s -> s.title().toLowerCase(Locale.ROOT).contains(want))
                .findFirst().orElse(null));
        if (sample == null) {
            System.out.println("   skipped: no sample matches '" + want + "'");
            return;
        }
        dialogs.next = model.toAbsolutePath();
        fxRun(() -> find("#open-model", Button.class).fire());
        waitUntil("the biased model", () -> vm.model().getModel() != null
                && vm.model().getModel().file().toAbsolutePath().equals(model.toAbsolutePath()), MODEL_TIMEOUT);
        MenuButton samples = node("#samples", MenuButton.class);
        fxRun(() -> samples.getItems().stream().filter(m -> m.getText().equals(sample.title())).findFirst().orElseThrow().fire());
        waitUntil("the badge scene", () -> vm.getImage() != null && vm.getImage().name().equals(sample.title()), PANELS_TIMEOUT);
        waitPanels();
        String target = option("--bias-class", "horse");
        if (!fx(() -> vm.classes().selectedProperty().get().label()).equals(target)) searchAndPick(target);
        quiet();
        shot("17-bias-demo.png");

        // the same scene and class with the clean model: pin the class, switch back to the default model
        fxRun(() -> find("#keep-class", ToggleButton.class).fire());
        Object biasedSet = fx(() -> vm.explanation().getPanelSet());
        fxRun(() -> vm.model().openDefault());
        waitUntil("the clean model", () -> vm.model().getModel() != null
                && !vm.model().getModel().file().getFileName().equals(model.getFileName()), MODEL_TIMEOUT);
        waitUntil("the clean model's panels", () -> {
            var set = vm.explanation().getPanelSet();
            return set != null && set != biasedSet && set.target().label().equals(target)
                    && TourSupport.idleWithPanels(vm) && vm.classes().predictionProperty().get() != null;
        }, PANELS_TIMEOUT);
        waitPanels();
        quiet();
        shot("18-bias-clean.png");
        fxRun(() -> find("#keep-class", ToggleButton.class).fire());
    }
}
