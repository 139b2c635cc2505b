package dev.gradlens.app.viewmodel;

import dev.gradlens.app.render.ArgbPicture;
import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.app.task.TaskHandle;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.DisplayMaps;
import dev.gradlens.explain.MethodId;
import dev.gradlens.imaging.Colormap;
import dev.gradlens.imaging.Overlay;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.metrics.sanity.SanityCheck;
import dev.gradlens.metrics.sanity.SanityCheck.Variant;
import dev.gradlens.service.SanityRequest;
import dev.gradlens.service.SanityRun;
import dev.gradlens.tensor.Tensor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The Sanity page (Tools › Sanity check…): Adebayo et al.'s model-parameter randomisation test on
 * the open model and the shown image, as {@code gradlens sanity} runs it (metrics.sanity.SanityCheck):
 * run in the background with progress and cancel; one curve per method of the chosen similarity
 * (Spearman of |map|, of the map, SSIM) against the randomisation step, for the cascading or the
 * independent variant; the grid of maps after each step; and the verdict sentence. FX thread only;
 * the work and the FX-thread hand-off are injected, so it is tested without a window.
 */
public final class SanityViewModel {
    /** The methods offered (the gradient methods; Score-CAM and SmoothGrad are not supported by the check). */
    public static final List<MethodId> OFFERED = List.of(MethodId.GRADCAM, MethodId.GRADCAMPP, MethodId.GUIDED_BACKPROP,
            MethodId.VANILLA, MethodId.GUIDED_GRADCAM, MethodId.DECONVNET);
    /** Checked at first: {@code gradlens sanity}'s default methods. */
    public static final List<MethodId> DEFAULT = List.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP, MethodId.VANILLA);
    static final int TILE = 96;

    /** Which similarity to the original map the curves show. */
    public enum Measure {
        SPEARMAN_ABS("Spearman rank correlation of |map|"),
        SPEARMAN("Spearman rank correlation of the map"),
        SSIM("SSIM of |map|");

        private final String title;

        Measure(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }

        Double of(SanityCheck.Similarity s) {
            return switch (this) {
                case SPEARMAN_ABS -> s.spearmanAbs();
                case SPEARMAN -> s.spearman();
                case SSIM -> s.ssim();
            };
        }

        @Override
        public String toString() {
            return title;
        }
    }

    /** What the check runs on: the shown image and the class and layer of the panels. */
    public record Subject(RgbImage image, String name, int classIndex, String layer) {
    }

    /** The work: the service's {@code sanityCheck}, injected for tests. */
    @FunctionalInterface
    public interface Checker {
        SanityRun check(RgbImage image, SanityRequest request, Cancellation cancel, IntConsumer stepsDone) throws Exception;
    }

    /** One point of a curve: step 0 is the original (similarity 1), null where the map became constant. */
    public record Point(int step, Double value) {
    }

    /** One method's curve of the chosen measure and variant. */
    public record Curve(MethodId method, boolean fails, List<Point> points) {
        public String title() {
            return method.title() + (fails ? " (fails)" : "");
        }
    }

    /** One row of the map grid: a method's original map, then its map after each step. */
    public record GridRow(MethodId method, List<ArgbPicture> tiles) {
    }

    /** A finished check with its tiles rendered on the worker. */
    record Finished(SanityRun run, Subject subject, Map<Variant, List<GridRow>> grids) {
    }

    private final Checker checker;
    private final TaskExecutor executor;
    private final Executor fxThread;
    private final StatusViewModel status;
    private final Supplier<Subject> subject;

    private final Map<MethodId, BooleanProperty> chosen = new LinkedHashMap<>();
    private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", 10);
    private final BooleanProperty independent = new SimpleBooleanProperty(this, "independent");
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 0);
    private final ObjectProperty<Measure> measure = new SimpleObjectProperty<>(this, "measure", Measure.SPEARMAN_ABS);
    private final ObjectProperty<Variant> variant = new SimpleObjectProperty<>(this, "variant", Variant.CASCADING);
    private final ObservableList<Variant> variants = FXCollections.observableArrayList(Variant.CASCADING);

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper subjectText = new ReadOnlyStringWrapper(this, "subjectText", "");
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper(this, "verdict", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyObjectWrapper<SanityRun> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ObservableList<Curve> curves = FXCollections.observableArrayList();
    private final ObservableList<GridRow> grid = FXCollections.observableArrayList();
    private final ObservableList<String> gridColumns = FXCollections.observableArrayList();
    // views kept in fields: an unmodifiable wrapper listens to its source weakly and must not be collected under a listener
    private final ObservableList<Variant> variantsView = FXCollections.unmodifiableObservableList(variants);
    private final ObservableList<Curve> curvesView = FXCollections.unmodifiableObservableList(curves);
    private final ObservableList<GridRow> gridView = FXCollections.unmodifiableObservableList(grid);
    private final ObservableList<String> gridColumnsView = FXCollections.unmodifiableObservableList(gridColumns);

    private Finished finished;
    private TaskHandle handle;
    private StatusViewModel.Activity activity;
    private long generation;

    public SanityViewModel(Checker checker, TaskExecutor executor, Executor fxThread, StatusViewModel status, Supplier<Subject> subject) {
        this.checker = checker;
        this.executor = executor;
        this.fxThread = fxThread;
        this.status = status;
        this.subject = subject;
        for (MethodId m : OFFERED) chosen.put(m, new SimpleBooleanProperty(this, m.id(), DEFAULT.contains(m)));
        measure.addListener((o, a, b) -> {
            if (b == null) measure.set(a == null ? Measure.SPEARMAN_ABS : a);
            else show();
        });
        variant.addListener((o, a, b) -> {
            if (b == null) variant.set(Variant.CASCADING);
            else show();
        });
        steps.addListener((o, a, b) -> {
            if (b.intValue() < 1) steps.set(1);
        });
    }

    /** The subject of the main window: its shown image, the panels' class and the chosen layer (null: automatic). */
    public static Supplier<Subject> subjectOf(MainViewModel vm) {
        return () -> {
            if (vm.getImage() == null || vm.explanation().getClassIndex() < 0) return null;
            ExplanationViewModel.LayerChoice l = vm.explanation().layerProperty().get();
            return new Subject(vm.getImage().image(), vm.getImage().name(), vm.explanation().getClassIndex(), l == null ? null : l.tensor());
        };
    }

    // ---- inputs ----------------------------------------------------------------------------------

    /** Whether a method is checked, per offered method. */
    public BooleanProperty chosenProperty(MethodId m) {
        return chosen.get(m);
    }

    public List<MethodId> chosenMethods() {
        List<MethodId> out = new ArrayList<>();
        chosen.forEach((m, p) -> {
            if (p.get()) out.add(m);
        });
        return out;
    }

    public IntegerProperty stepsProperty() {
        return steps;
    }

    /** Also randomise each group of layers alone (the independent variant); the run takes twice as long. */
    public BooleanProperty independentProperty() {
        return independent;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    public ObjectProperty<Measure> measureProperty() {
        return measure;
    }

    /** Which variant the curves and the grid show; INDEPENDENT only after a run that computed it. */
    public ObjectProperty<Variant> variantProperty() {
        return variant;
    }

    public ObservableList<Variant> variants() {
        return variantsView;
    }

    // ---- outputs ---------------------------------------------------------------------------------

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0..1 while running. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "step 3 of 10" while running; the time taken when done. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** "cat.png · tabby (281) · layer4": what the shown result was computed on. */
    public ReadOnlyStringProperty subjectTextProperty() {
        return subjectText.getReadOnlyProperty();
    }

    /** Which methods fail the check on this model, and at which step it is judged. */
    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SanityRun> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** One curve per method of the chosen measure and variant. */
    public ObservableList<Curve> curves() {
        return curvesView;
    }

    /** Rows of the map grid of the chosen variant (a method each: original, then each step). */
    public ObservableList<GridRow> grid() {
        return gridView;
    }

    /** Column titles of the grid: "original", then "1: fc" (the layers that step randomised). */
    public ObservableList<String> gridColumns() {
        return gridColumnsView;
    }

    // ---- commands --------------------------------------------------------------------------------

    /** Runs the check on the shown image with the chosen methods and steps. */
    public void run() {
        if (running.get()) return;
        Subject s = subject.get();
        if (s == null) {
            status.warn("Open an image first: the sanity check runs on the shown image and class");
            return;
        }
        List<MethodId> methods = chosenMethods();
        if (methods.isEmpty()) {
            status.warn("Choose at least one method for the sanity check");
            return;
        }
        long gen = ++generation;
        SanityRequest request = new SanityRequest(s.classIndex(), s.layer(), methods, steps.get(), independent.get(), seed.get());
        int total = request.steps() * (request.independent() ? 2 : 1);
        running.set(true);
        error.set(null);
        progress.set(0);
        progressText.set("randomising the weights: step 0 of " + total);
        activity = status.begin("Sanity check on " + s.name() + "…", this::cancel);
        handle = executor.submit("sanity check", cancel -> {
            SanityRun r = checker.check(s.image(), request, cancel, done -> fxThread.execute(() -> progress(gen, done, total)));
            Map<Variant, List<GridRow>> grids = new EnumMap<>(Variant.class);
            for (Variant v : Variant.values()) if (!r.result().steps(v).isEmpty()) grids.put(v, tiles(r.result(), v));
            return new Finished(r, s, grids);
        }, f -> {
            if (gen != generation) return;
            end();
            finished = f;
            result.set(f.run());
            progressText.set(String.format(Locale.ROOT, "done in %.1f s", f.run().result().millis() / 1000));
            progress.set(1);
            subjectText.set(f.subject().name() + " · " + f.run().classLabel() + " (" + f.run().result().cls() + ") · layer " + f.run().layer());
            List<Variant> vs = new ArrayList<>(f.grids().keySet());
            variants.setAll(vs);
            if (!vs.contains(variant.get())) variant.set(Variant.CASCADING);
            verdict.set(verdict(f.run()));
            show();
        }, e -> {
            if (gen != generation) return;
            end();
            error.set(e.getMessage() == null ? e.toString() : e.getMessage());
            progressText.set("");
            status.error(e);
        });
    }

    /** Stops a running check; what was shown before stays. */
    public void cancel() {
        if (!running.get()) return;
        if (handle != null) handle.cancel();
        generation++;
        end();
        progressText.set("cancelled");
    }

    private void end() {
        running.set(false);
        handle = null;
        status.end(activity);
        activity = null;
    }

    private void progress(long gen, int done, int total) {
        if (gen != generation || !running.get()) return; // a late step of a finished or cancelled run
        progress.set((double) done / total);
        progressText.set("randomising the weights: step " + done + " of " + total);
    }

    // ---- what is shown ---------------------------------------------------------------------------

    private void show() {
        if (finished == null) return;
        SanityCheck.Result r = finished.run().result();
        Variant v = variant.get();
        List<SanityCheck.Step> st = r.steps(v);
        List<Curve> cs = new ArrayList<>();
        for (MethodId m : r.methods()) {
            List<Point> pts = new ArrayList<>();
            pts.add(new Point(0, 1.0)); // the original map against itself
            for (SanityCheck.Step s : st) pts.add(new Point(s.index() + 1, measure.get().of(s.similarity().get(m))));
            cs.add(new Curve(m, Boolean.TRUE.equals(r.failing().get(m)), List.copyOf(pts)));
        }
        curves.setAll(cs);
        grid.setAll(finished.grids().getOrDefault(v, List.of()));
        List<String> cols = new ArrayList<>();
        cols.add("original");
        for (SanityCheck.Step s : st) cols.add((s.index() + 1) + ": " + String.join(", ", s.randomised()));
        gridColumns.setAll(cols);
    }

    /**
     * The verdict as {@code gradlens sanity} gives it, in a sentence: the judged cascading step and how
     * many layers it has randomised, which methods fail (|map| rank correlation still ≥ the threshold
     * there) and which pass, each with its correlation.
     */
    static String verdict(SanityRun run) {
        SanityCheck.Result r = run.result();
        List<SanityCheck.Step> cascade = r.steps(Variant.CASCADING);
        int judged = Math.min(run.judgedStep(), cascade.size() - 1);
        int randomised = 0;
        for (int i = 0; i <= judged; i++) randomised += cascade.get(i).randomised().size();
        SanityCheck.Step at = cascade.get(judged);
        List<String> fail = new ArrayList<>(), pass = new ArrayList<>();
        for (MethodId m : r.methods()) {
            Double rho = at.similarity().get(m).spearmanAbs();
            String text = m.title() + " (" + (rho == null ? "constant map" : String.format(Locale.ROOT, "%.2f", rho)) + ")";
            if (Boolean.TRUE.equals(r.failing().get(m))) fail.add(text);
            else pass.add(text);
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "After step %d of %d (the top %d of %d learnable layers randomised), ", judged + 1, cascade.size(), randomised, r.layers().size()));
        String threshold = String.format(Locale.ROOT, "%.1f", SanityCheck.FAIL_THRESHOLD);
        if (fail.isEmpty()) {
            b.append("no method fails the check on this model: every |map| has a Spearman rank correlation below ").append(threshold)
                    .append(" with the original (").append(String.join(", ", pass)).append(")");
        } else {
            b.append(join(fail)).append(fail.size() == 1 ? " fails the check on this model: its |map| keeps" : " fail the check on this model: their |maps| keep")
                    .append(" a Spearman rank correlation of at least ").append(threshold).append(" with the original");
            if (!pass.isEmpty()) b.append("; ").append(join(pass)).append(pass.size() == 1 ? " passes" : " pass");
        }
        return b.append('.').toString();
    }

    private static String join(List<String> parts) {
        if (parts.size() <= 1) return String.join("", parts);
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** On the worker: the grid's pictures, drawn as {@code gradlens sanity}'s maps.png draws them. */
    static List<GridRow> tiles(SanityCheck.Result r, Variant v) {
        List<GridRow> rows = new ArrayList<>();
        for (MethodId m : r.methods()) {
            List<ArgbPicture> t = new ArrayList<>();
            t.add(tile(m, r.originals().get(m)));
            for (SanityCheck.Step s : r.steps(v)) t.add(tile(m, s.maps().get(m)));
            rows.add(new GridRow(m, List.copyOf(t)));
        }
        return rows;
    }

    static ArgbPicture tile(MethodId m, Tensor raw) {
        DisplayMaps.DisplayMap d = m.pixelSpace() ? DisplayMaps.pixel(raw) : DisplayMaps.cam(raw, TILE, TILE);
        RgbImage img = d.channels() == 1 ? Overlay.colorize(d.values(), d.width(), d.height(), Colormap.JET)
                : Overlay.fromPlanes(d.values(), d.width(), d.height());
        return ArgbPicture.of(img);
    }
}
