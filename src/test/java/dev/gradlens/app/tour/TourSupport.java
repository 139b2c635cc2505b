package dev.gradlens.app.tour;

import dev.gradlens.GradLensException;
import dev.gradlens.app.FileDialogs;
import dev.gradlens.app.GradLensApp;
import dev.gradlens.app.LoaderImageSource;
import dev.gradlens.app.RecentFiles;
import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.viewmodel.MainViewModel;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.service.EmbeddedModels;
import dev.gradlens.service.ExplainRequest;
import dev.gradlens.service.ExplanationService;
import dev.gradlens.service.LocalExplanationService;
import dev.gradlens.service.ModelInfo;
import dev.gradlens.service.PanelSet;
import dev.gradlens.service.Prediction;
import dev.gradlens.service.PreprocessingMemory;
import dev.gradlens.service.SampleImage;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.paint.Color;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * What the screenshot tour and the window benchmark share: starting the real window (real
 * {@link LocalExplanationService}, background executor) on a stage of our own, calling into the FX
 * thread, waiting for the window to settle, firing the input events a user would make, and writing
 * snapshots of the scene (with its open popups drawn in) as PNG.
 */
final class TourSupport {
    private TourSupport() {
    }

    /** Command-line options both tools take. */
    static final class Options {
        Path model;
        Path image;
        Path out;
        Device device = Device.CPU;
        final List<String> rest = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--model" -> o.model = Path.of(value(args, ++i, a));
                    case "--image" -> o.image = Path.of(value(args, ++i, a));
                    case "--out" -> o.out = Path.of(value(args, ++i, a));
                    case "--device" -> o.device = Device.parse(value(args, ++i, a));
                    default -> o.rest.add(a);
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
            return args[i];
        }

        boolean overridden() {
            return model != null || image != null;
        }
    }

    /** True when this build carries the embedded teaching model. */
    static boolean teachingModelBundled() {
        return EmbeddedModels.class.getClassLoader().getResource("models/" + EmbeddedModels.DEFAULT + ".onnx") != null;
    }

    /**
     * The real engine. With {@code model} set, "the default model" is that file instead of the
     * embedded teaching model (for development before the teaching model exists); everything else
     * is the production service. Preprocessing choices go to {@code config}, never the user's.
     */
    static ExplanationService service(Device device, Path model, Path config) {
        LocalExplanationService real = new LocalExplanationService(device, new PreprocessingMemory(config.resolve("preprocessing")));
        if (model == null) return real;
        return new ExplanationService() {
            @Override public ModelInfo openDefaultModel() { return real.openModel(model); }
            @Override public ModelInfo openModel(Path onnx) { return real.openModel(onnx); }
            @Override public ModelInfo openModel(Path onnx, Preprocessing p) { return real.openModel(onnx, p); }
            @Override public ModelInfo model() { return real.model(); }
            @Override public Prediction predict(RgbImage image) { return real.predict(image); }
            @Override public PanelSet explain(RgbImage image, ExplainRequest r, Cancellation c) { return real.explain(image, r, c); }
            @Override public List<SampleImage> samples() { return real.samples(); }
            @Override public dev.gradlens.metrics.PanelScore score(RgbImage image, dev.gradlens.service.Panel panel, Cancellation c) {
                return real.score(image, panel, c);
            }
            @Override public dev.gradlens.service.SanityRun sanityCheck(RgbImage image, dev.gradlens.service.SanityRequest r, Cancellation c,
                                                                        java.util.function.IntConsumer done) {
                return real.sanityCheck(image, r, c, done);
            }
            @Override public void close() { real.close(); }
        };
    }

    /** File choosers answered by the tour: the next path it set, or "cancelled". */
    static final class ScriptedDialogs implements FileDialogs {
        volatile Path next;

        private Optional<Path> take() {
            Path p = next;
            next = null;
            return Optional.ofNullable(p);
        }

        @Override public Optional<Path> openImage(List<String> extensions) { return take(); }
        @Override public Optional<Path> openModel() { return take(); }
        @Override public Optional<Path> save(String title, String suggestedName, String extension) { return take(); }
        @Override public Optional<Path> chooseDirectory(String title) { return take(); }
    }

    /** The running window. */
    record Window1(GradLensApp app, Stage stage, MainViewModel vm) {
        Scene scene() {
            return stage.getScene();
        }
    }

    /** Starts the JavaFX toolkit (once). */
    static void startToolkit() throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        Platform.setImplicitExit(false);
        if (!up.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("JavaFX did not start");
    }

    /** Creates and shows the GradLens window exactly as {@code GradLensApp} does in production, on our stage. */
    static Window1 open(GradLensApp.Services services) throws Exception {
        return open(services, stage -> { });
    }

    static Window1 open(GradLensApp.Services services, java.util.function.Consumer<Stage> beforeStart) throws Exception {
        return open(services, beforeStart, w -> { });
    }

    /**
     * As {@link #open(GradLensApp.Services)}; {@code beforeStart} sees the stage before the app builds
     * and shows it, {@code afterStart} the window right after, in the same FX-thread turn (before
     * any background result of the start can arrive).
     */
    static Window1 open(GradLensApp.Services services, java.util.function.Consumer<Stage> beforeStart,
                        java.util.function.Consumer<Window1> afterStart) throws Exception {
        GradLensApp app = new GradLensApp(services);
        return fx(() -> {
            Stage stage = new Stage();
            beforeStart.accept(stage);
            app.start(stage);
            Window1 w = new Window1(app, stage, app.viewModel());
            afterStart.accept(w);
            return w;
        });
    }

    static void close(Window1 w) {
        try {
            fx(() -> {
                w.stage().hide();
                w.app().stop();
                return null;
            });
        } catch (Exception ignored) {
            // leaving anyway
        }
        Platform.exit();
    }

    /** Runs on the FX thread and waits for the result. */
    static <T> T fx(Callable<T> call) throws Exception {
        if (Platform.isFxApplicationThread()) return call.call();
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    static void fxRun(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    /** Polls {@code condition} on the FX thread until it holds. */
    static void waitUntil(String what, BooleanSupplier condition, long timeoutMs) throws Exception {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!fx(condition::getAsBoolean)) {
            if (System.nanoTime() > end) throw new TimeoutException("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    /** Waits for {@code n} pulses (CSS, layout and a frame) to have run after now. */
    static void pulses(Scene scene, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Runnable> self = new AtomicReference<>();
            fxRun(() -> {
                Runnable listener = () -> {
                    scene.removePostLayoutPulseListener(self.get());
                    done.countDown();
                };
                self.set(listener);
                scene.addPostLayoutPulseListener(listener);
                Platform.requestNextPulse();
            });
            if (!done.await(30, TimeUnit.SECONDS)) throw new TimeoutException("no pulse");
        }
    }

    /** Lets animations (notification bar, popups) finish and the scene settle. */
    static void settle(Scene scene, long ms) throws Exception {
        pulses(scene, 2);
        Thread.sleep(ms);
        pulses(scene, 2);
    }

    /** The panels shown are for the current inputs and nothing is running. */
    static boolean idleWithPanels(MainViewModel vm) {
        var ex = vm.explanation();
        return !ex.panels().isEmpty() && !ex.runningProperty().get() && !vm.status().isBusy()
                && ex.getPanelSet() != null && ex.getPanelSet().target() != null
                && ex.getPanelSet().target().index() == vm.classes().getSelectedIndex();
    }

    static void waitForPanels(Window1 w, long timeoutMs) throws Exception {
        waitUntil("the panels", () -> idleWithPanels(w.vm()), timeoutMs);
        pulses(w.scene(), 2);
    }

    /** Fails loudly when the window shows an error instead of what the tour expects. */
    static void requireNoError(Window1 w) throws Exception {
        String error = fx(() -> {
            var n = w.vm().status().getNotification();
            return n != null && n.severity() == dev.gradlens.app.viewmodel.StatusViewModel.Severity.ERROR ? n.message() : null;
        });
        if (error != null) throw new GradLensException("The window reports an error: " + error);
    }

    // ---- input events ----------------------------------------------------------------------------

    /** A key press as the keyboard would deliver it: to the focus owner, through the scene's filters. */
    static void press(Scene scene, KeyCode code, boolean shift) throws Exception {
        fxRun(() -> {
            Node target = scene.getFocusOwner() != null ? scene.getFocusOwner() : scene.getRoot();
            Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, shift, false, false, false));
            Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_RELEASED, "", "", code, shift, false, false, false));
        });
    }

    /** Types text into the focused control, one KEY_TYPED event per character. */
    static void type(Scene scene, String text) throws Exception {
        for (char c : text.toCharArray()) {
            fxRun(() -> {
                Node target = scene.getFocusOwner();
                Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_TYPED, String.valueOf(c), "", KeyCode.UNDEFINED,
                        false, false, false, false));
            });
            Thread.sleep(40);
        }
    }

    static MouseEvent mouse(javafx.event.EventType<MouseEvent> type, Node node, double fx, double fy, MouseButton button) {
        Bounds b = node.localToScene(node.getLayoutBounds());
        double x = b.getMinX() + fx * b.getWidth(), y = b.getMinY() + fy * b.getHeight();
        Point2D screen = node.localToScreen(node.getLayoutBounds().getMinX() + fx * b.getWidth(),
                node.getLayoutBounds().getMinY() + fy * b.getHeight());
        return new MouseEvent(type, x, y, screen == null ? x : screen.getX(), screen == null ? y : screen.getY(), button,
                type == MouseEvent.MOUSE_CLICKED ? 1 : 0, false, false, false, false,
                button == MouseButton.PRIMARY, false, button == MouseButton.SECONDARY, false, false,
                type == MouseEvent.MOUSE_CLICKED, null);
    }

    /** A left click at the node's relative position (0..1, 0..1). */
    static void click(Node node, double fx, double fy) throws Exception {
        fxRun(() -> Event.fireEvent(node, mouse(MouseEvent.MOUSE_CLICKED, node, fx, fy, MouseButton.PRIMARY)));
    }

    /** The pointer moving over the node at a relative position. */
    static void hover(Node node, double fx, double fy) throws Exception {
        fxRun(() -> Event.fireEvent(node, mouse(MouseEvent.MOUSE_MOVED, node, fx, fy, MouseButton.NONE)));
    }

    /** A right click at the node's relative position: the context menu event the toolkit sends. */
    static void contextClick(Node node, double fx, double fy) throws Exception {
        fxRun(() -> {
            Bounds b = node.localToScene(node.getLayoutBounds());
            double x = b.getMinX() + fx * b.getWidth(), y = b.getMinY() + fy * b.getHeight();
            Point2D screen = node.localToScreen(node.getLayoutBounds().getMinX() + fx * b.getWidth(),
                    node.getLayoutBounds().getMinY() + fy * b.getHeight());
            Event.fireEvent(node, new javafx.scene.input.ContextMenuEvent(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                    x, y, screen.getX(), screen.getY(), false, null));
        });
    }

    // ---- pictures ----------------------------------------------------------------------------------

    /**
     * The scene as the user sees it: {@link Scene#snapshot} of the window, with every popup the
     * window has open (menus, combo lists, autocompletion) snapshotted and drawn at its place.
     */
    static BufferedImage snapshot(Stage stage) throws Exception {
        return fx(() -> {
            Scene scene = stage.getScene();
            BufferedImage img = SwingFXUtils.fromFXImage(scene.snapshot(null), null);
            BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.drawImage(img, 0, 0, null);
            double ox = stage.getX() + scene.getX(), oy = stage.getY() + scene.getY();
            for (Window w : new ArrayList<>(Window.getWindows())) {
                if (Boolean.getBoolean("tour.debug")) System.out.println("   window " + w + " showing=" + w.isShowing()
                        + " at " + w.getX() + "," + w.getY() + " " + w.getWidth() + "x" + w.getHeight()
                        + (w instanceof PopupWindow pw ? " owner=" + pw.getOwnerWindow() : ""));
                if (!(w instanceof PopupWindow) || !w.isShowing() || w.getScene() == null || !ownedBy(w, stage)) continue;
                // the root node, not the scene: a combo box's popup scene reports a 1×1 size
                Node root = w.getScene().getRoot();
                SnapshotParameters sp = new SnapshotParameters();
                sp.setFill(Color.TRANSPARENT);
                Bounds rb = root.getBoundsInParent();
                WritableImage p = root.snapshot(sp, null);
                g.drawImage(SwingFXUtils.fromFXImage(p, null), (int) Math.round(w.getX() + w.getScene().getX() + rb.getMinX() - ox),
                        (int) Math.round(w.getY() + w.getScene().getY() + rb.getMinY() - oy), null);
            }
            g.dispose();
            return out;
        });
    }

    private static boolean ownedBy(Window w, Stage stage) {
        Window o = w;
        while (o instanceof PopupWindow pw) o = pw.getOwnerWindow();
        return o == stage;
    }

    /** A stage of its own (a dialog): its scene only. */
    static BufferedImage snapshotScene(Scene scene) throws Exception {
        return fx(() -> {
            BufferedImage img = SwingFXUtils.fromFXImage(scene.snapshot(null), null);
            BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.drawImage(img, 0, 0, null);
            g.dispose();
            return out;
        });
    }

    static void writePng(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer");
    }
}
