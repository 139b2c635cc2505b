package dev.gradlens.app.viewmodel;

import dev.gradlens.GradLensException;
import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.app.task.TaskHandle;
import dev.gradlens.run.RunProgress;
import dev.gradlens.run.RunRequest;
import dev.gradlens.run.browse.ClassAccuracy;
import dev.gradlens.run.browse.ConfusionMatrix;
import dev.gradlens.run.browse.FailureFilter;
import dev.gradlens.run.browse.ImageRow;
import dev.gradlens.run.browse.RunQueries;
import dev.gradlens.run.browse.RunSummary;
import dev.gradlens.service.DatasetRuns;
import dev.gradlens.service.ModelInfo;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
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
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The data-set view: a run's results (opened from a file or filling in while the window's own run
 * computes), the quick filters, the confusion matrix and per-class accuracy, and the selected image
 * (shown in the single-image panels with its true or predicted class one key apart). FX thread only.
 *
 * <p>Speed: the rows of a run are loaded once per refresh on the query worker (10,000 rows are a few
 * hundred kilobytes of records); filters are applied in memory on the FX thread, so a filter change
 * costs one pass over the rows, not a database round trip. {@link #lastFilterMillis()} says how long.
 */
public final class DatasetViewModel implements AutoCloseable {

    /** What the data-set view needs from the rest of the window. */
    public interface Host {
        /** The open model, or null. */
        ModelInfo model();

        /** Shows one image in the single-image view (prediction and panels as for Open image…). */
        void openImage(Path file);

        /** Picks a class for the panels (the class list's selection). */
        void showClass(int index);

        /** Opens a model (the run's own, when the open one differs). */
        void openModel(Path file);
    }

    /** Everything one refresh reads from the run, made on the query worker. */
    record Snapshot(Path file, RunSummary summary, List<ClassAccuracy> accuracy, ConfusionMatrix confusion,
                    Map<String, List<String>> groups, List<ImageRow> rows, Boolean modelMatches, RunMetricsViewModel.Data metrics) {
    }

    /** An entry of the class filter; {@code index} null is "every class". */
    public record ClassChoice(Integer index, String label) {
        @Override
        public String toString() {
            return index == null ? label : label + " (" + index + ")";
        }
    }

    /** An entry of the group filter; {@code name} null is "every group". */
    public record GroupChoice(String name, String value) {
        @Override
        public String toString() {
            return name == null ? "All groups" : name + " = " + value;
        }
    }

    /**
     * A set of images chosen elsewhere (the images behind a bar of the Audit page, the images where two
     * runs differ most), listed in {@code ids} order; {@code label} says in words what they are.
     */
    public record ImageSet(String label, List<Integer> ids) {
        public ImageSet {
            ids = List.copyOf(ids);
        }
    }

    public static final ClassChoice ALL_CLASSES = new ClassChoice(null, "All classes");
    public static final GroupChoice ALL_GROUPS = new GroupChoice(null, null);

    private final DatasetRuns runs;
    private final TaskExecutor queries;
    private final TaskExecutor runner;
    private final Executor fxThread;
    private final StatusViewModel status;
    private final Host host;

    private final ReadOnlyObjectWrapper<Path> runFile = new ReadOnlyObjectWrapper<>(this, "runFile");
    private final ReadOnlyObjectWrapper<RunSummary> summary = new ReadOnlyObjectWrapper<>(this, "summary");
    private final ReadOnlyObjectWrapper<ConfusionMatrix> confusion = new ReadOnlyObjectWrapper<>(this, "confusion");
    private final ObservableList<ClassAccuracy> classAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ClassChoice> classChoices = FXCollections.observableArrayList(ALL_CLASSES);
    private final ObservableList<GroupChoice> groupChoices = FXCollections.observableArrayList(ALL_GROUPS);
    private final ObservableList<ImageRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ImageRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    // views kept in fields: an unmodifiable wrapper listens to its source weakly and must not be collected under a listener
    private final ObservableList<ClassAccuracy> classAccuracyView = FXCollections.unmodifiableObservableList(classAccuracy);
    private final ObservableList<ClassChoice> classChoicesView = FXCollections.unmodifiableObservableList(classChoices);
    private final ObservableList<GroupChoice> groupChoicesView = FXCollections.unmodifiableObservableList(groupChoices);

    private final BooleanProperty mistakesOnly = new SimpleBooleanProperty(this, "mistakesOnly");
    private final BooleanProperty confidentOnly = new SimpleBooleanProperty(this, "confidentOnly");
    private final DoubleProperty minConfidence = new SimpleDoubleProperty(this, "minConfidence", 0.9);
    private final ObjectProperty<ClassChoice> trueClass = new SimpleObjectProperty<>(this, "trueClass", ALL_CLASSES);
    private final ObjectProperty<Integer> predictedClass = new SimpleObjectProperty<>(this, "predictedClass");
    private final ObjectProperty<GroupChoice> group = new SimpleObjectProperty<>(this, "group", ALL_GROUPS);

    /** The image-set filter (a bar of the Audit or Compare page): null lets every image through. */
    private final ReadOnlyObjectWrapper<ImageSet> imageSet = new ReadOnlyObjectWrapper<>(this, "imageSet");
    private final RunMetricsViewModel metrics = new RunMetricsViewModel();
    private final ReadOnlyObjectWrapper<ImageRow> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper countText = new ReadOnlyStringWrapper(this, "countText", "");
    private final ReadOnlyStringWrapper filterText = new ReadOnlyStringWrapper(this, "filterText", "");

    private List<ImageRow> allRows = List.of();
    private Path datasetRoot;
    private long generation;
    private boolean refreshInFlight;
    private boolean refreshAgain;
    private int suspended;
    private double lastFilterMillis;
    private TaskHandle runHandle;
    private StatusViewModel.Activity runActivity;
    private RunProgress lastProgress;
    /** Touched only on the query worker: the open run. */
    private RunQueries open;

    public DatasetViewModel(DatasetRuns runs, TaskExecutor queries, TaskExecutor runner, Executor fxThread, StatusViewModel status, Host host) {
        this.runs = runs;
        this.queries = queries;
        this.runner = runner;
        this.fxThread = fxThread;
        this.status = status;
        this.host = host;
        mistakesOnly.addListener((o, a, b) -> applyFilter());
        confidentOnly.addListener((o, a, b) -> applyFilter());
        minConfidence.addListener((o, a, b) -> {
            if (confidentOnly.get()) applyFilter();
        });
        trueClass.addListener((o, a, b) -> {
            if (b == null) trueClass.set(ALL_CLASSES);
            else applyFilter();
        });
        predictedClass.addListener((o, a, b) -> applyFilter());
        group.addListener((o, a, b) -> {
            if (b == null) group.set(ALL_GROUPS);
            else applyFilter();
        });
        metrics.sortProperty().addListener((o, a, b) -> applyFilter());
    }

    /** The run's faithfulness metrics (means with CIs, Win %, per-image columns, least-faithful-first order). */
    public RunMetricsViewModel metrics() {
        return metrics;
    }

    // ---- properties ----------------------------------------------------------------------------

    public ReadOnlyObjectProperty<Path> runFileProperty() {
        return runFile.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConfusionMatrix> confusionProperty() {
        return confusion.getReadOnlyProperty();
    }

    public ObservableList<ClassAccuracy> classAccuracy() {
        return classAccuracyView;
    }

    public ObservableList<ClassChoice> classChoices() {
        return classChoicesView;
    }

    public ObservableList<GroupChoice> groupChoices() {
        return groupChoicesView;
    }

    /** The rows the filters let through, in the filter's order (the table may re-sort its view). */
    public ObservableList<ImageRow> rows() {
        return rowsView;
    }

    public BooleanProperty mistakesOnlyProperty() {
        return mistakesOnly;
    }

    /** Mistakes with a top-1 probability of at least {@link #minConfidenceProperty()}. */
    public BooleanProperty confidentOnlyProperty() {
        return confidentOnly;
    }

    public DoubleProperty minConfidenceProperty() {
        return minConfidence;
    }

    public ObjectProperty<ClassChoice> trueClassProperty() {
        return trueClass;
    }

    /** With a true class: one confused pair (set by a confusion-matrix cell); null: any prediction. */
    public ObjectProperty<Integer> predictedClassProperty() {
        return predictedClass;
    }

    public ObjectProperty<GroupChoice> groupProperty() {
        return group;
    }

    public ReadOnlyObjectProperty<ImageRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0..1 while a run computes, -1 when unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** "12 of 9,998 images". */
    public ReadOnlyStringProperty countTextProperty() {
        return countText.getReadOnlyProperty();
    }

    /** The filters in words ("mistakes · cat → dog · background = snow"), empty when none. */
    public ReadOnlyStringProperty filterTextProperty() {
        return filterText.getReadOnlyProperty();
    }

    public boolean isOpen() {
        return runFile.get() != null;
    }

    /** How long the last filter change took on the FX thread (filter + sort + list update), in ms. */
    public double lastFilterMillis() {
        return lastFilterMillis;
    }

    /** The filter the quick filters make. */
    public FailureFilter filter() {
        boolean confident = confidentOnly.get();
        FailureFilter f = FailureFilter.all().withMistakesOnly(mistakesOnly.get() || confident)
                .withSort(mistakesOnly.get() || confident ? FailureFilter.Sort.CONFIDENCE : FailureFilter.Sort.IMAGE);
        if (confident) f = f.withMinConfidence(minConfidence.get());
        if (trueClass.get() != null && trueClass.get().index() != null) f = f.withTrueClass(trueClass.get().index());
        if (predictedClass.get() != null) f = f.withPredictedClass(predictedClass.get());
        if (group.get() != null && group.get().name() != null) f = f.withGroup(group.get().name(), group.get().value());
        return f;
    }

    // ---- opening and running -------------------------------------------------------------------

    /** Opens an existing run (.duckdb file or Parquet folder). */
    public void openRun(Path file) {
        if (running.get()) {
            status.warn("A data-set run is in progress: cancel it before opening another run");
            return;
        }
        long gen = ++generation;
        ModelInfo model = host.model();
        StatusViewModel.Activity activity = status.begin("Opening run " + file.getFileName() + "…", null);
        queries.submit("open run " + file.getFileName(), cancel -> {
            closeOpen();
            open = runs.open(file);
            Snapshot s = read(file);
            return new Snapshot(s.file, s.summary, s.accuracy, s.confusion, s.groups, s.rows, modelMatches(model, s.summary), s.metrics);
        }, s -> {
            status.end(activity);
            if (gen != generation) return;
            clearFilters();
            apply(s);
            status.info("Opened run " + file.getFileName() + ": " + describe(s.summary));
            if (Boolean.FALSE.equals(s.modelMatches)) offerRunModel(s.summary);
        }, error -> {
            status.end(activity);
            if (gen == generation) status.error(error);
        });
    }

    /** The request the Open dataset… dialog makes: the open model over {@code data}, results into {@code out}. */
    public RunRequest requestFor(Path data, List<String> methods, int batch, Path out) {
        ModelInfo m = host.model();
        if (m == null || m.file() == null) throw new GradLensException("Open a model first: the run uses the model that is open");
        if (methods.isEmpty()) throw new GradLensException("Pick at least one method");
        if (batch < 1) throw new GradLensException("The batch must be at least 1 image");
        String device = m.device() == null ? "cpu" : m.device().name().toLowerCase(Locale.ROOT);
        return new RunRequest(m.file(), data, out, List.copyOf(methods), List.of(), 5, null, batch, 0, 0, device);
    }

    /** A results file next to the data set, named after the data set and the model. */
    public Path suggestedRunFile(Path data) {
        ModelInfo m = host.model();
        String model = m == null || m.file() == null ? "model" : m.file().getFileName().toString().replaceFirst("\\.onnx$", "");
        String name = data.getFileName() == null ? "data" : data.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Path folder = data.toAbsolutePath().getParent();
        String file = (name + "-" + model).replaceAll("[^A-Za-z0-9._-]+", "-") + ".duckdb";
        return folder == null ? Path.of(file) : folder.resolve(file);
    }

    /** Starts a run; the table fills as batches are committed. Re-running the same request resumes it. */
    public void startRun(RunRequest request) {
        if (running.get()) {
            status.warn("A data-set run is already in progress");
            return;
        }
        long gen = ++generation;
        allRows = List.of();
        rows.clear();
        summary.set(null);
        confusion.set(null);
        classAccuracy.clear();
        metrics.clear();
        selected.set(null);
        clearFilters();
        runFile.set(request.out());
        running.set(true);
        progress.set(-1);
        lastProgress = null;
        progressText.set("Preparing the run…");
        runActivity = status.begin("Running " + request.data().getFileName() + "…", this::cancelRun);
        // The run may write into the file this view has open (read-only): DuckDB would refuse the engine's
        // second open in this process. So the engine starts only after the query worker has let go of it.
        queries.submit("close run", cancel -> {
            closeOpen();
            return true;
        }, done -> launch(request, gen), error -> launch(request, gen));
    }

    private void launch(RunRequest request, long gen) {
        if (gen != generation || !running.get()) return;
        runHandle = runner.submit("run " + request.data().getFileName(), cancel -> {
            try (DatasetRuns.Execution e = runs.prepare(request)) {
                return e.execute(p -> fxThread.execute(() -> progress(gen, p)), cancel);
            }
        }, finalProgress -> {
            if (gen != generation) return;
            if (finalProgress != null) progress(gen, finalProgress);
            endRun();
            status.info(finalProgress == null ? "Run finished"
                    : String.format(Locale.ROOT, "Run finished: %,d images, %,d could not be used", finalProgress.done(), finalProgress.failed()));
        }, error -> {
            if (gen != generation) return;
            endRun();
            status.error(error);
            refresh();
        });
    }

    /** Stops the run; what was committed stays and the same request resumes from there. */
    public void cancelRun() {
        if (!running.get()) return;
        if (runHandle != null) runHandle.cancel();
        generation++; // late progress of the cancelled run is dropped; the refresh below reads what it committed
        endRun();
        status.info("Run cancelled: the images done so far are kept; start the same run again to resume");
        refresh();
    }

    private void endRun() {
        running.set(false);
        runHandle = null;
        status.end(runActivity);
        runActivity = null;
        refresh();
    }

    private void progress(long gen, RunProgress p) {
        if (gen != generation) return;
        lastProgress = p;
        progress.set(p.total() <= 0 ? -1 : Math.min(1.0, (double) p.done() / p.total()));
        progressText.set(progressLine(p));
        refresh();
    }

    static String progressLine(RunProgress p) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d of %,d images", p.done(), p.total()));
        if (p.failed() > 0) b.append(String.format(Locale.ROOT, " · %,d could not be used", p.failed()));
        if (p.imagesPerSecond() > 0) b.append(String.format(Locale.ROOT, " · %.1f images/s", p.imagesPerSecond()));
        if (p.etaSeconds() > 0 && p.done() < p.total()) {
            long s = p.etaSeconds();
            b.append(" · ").append(s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60)
                    : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s").append(" left");
        }
        return b.toString();
    }

    /**
     * Reads the run again (after a committed batch). At most one read is in flight; progress that
     * arrives meanwhile asks for one more read when it ends, so a fast run never queues reads.
     */
    public void refresh() {
        Path file = runFile.get();
        if (file == null) return;
        if (refreshInFlight) {
            refreshAgain = true;
            return;
        }
        refreshInFlight = true;
        refreshAgain = false;
        long gen = generation;
        queries.submit("read run", cancel -> {
            if (open == null) {
                if (!Files.exists(file)) return null;
                open = runs.open(file);
            }
            return read(file);
        }, s -> {
            refreshInFlight = false;
            if (gen == generation && s != null) apply(s);
            if (refreshAgain) refresh();
        }, error -> {
            refreshInFlight = false;
            // while the engine has not written its run record yet, the file is not readable: wait for the next batch
            if (!running.get() && gen == generation) status.error(error);
            if (refreshAgain) refresh();
        });
    }

    /** On the query worker. */
    private Snapshot read(Path file) {
        RunSummary s = open.summary();
        return new Snapshot(file, s, open.classAccuracy(), open.confusion(), open.groups(), open.rows(FailureFilter.all()), null,
                RunMetricsViewModel.read(open));
    }

    /** On the query worker. */
    private void closeOpen() {
        if (open != null) open.close();
        open = null;
    }

    private void apply(Snapshot s) {
        if (summary.get() == null || !java.util.Objects.equals(summary.get().datasetPath(), s.summary.datasetPath()) || !s.file.equals(runFile.get())) {
            datasetRoot = RunQueries.datasetRoot(s.file, s.summary.datasetPath());
        }
        runFile.set(s.file);
        summary.set(s.summary);
        confusion.set(s.confusion);
        classAccuracy.setAll(s.accuracy);
        List<ClassChoice> classes = new ArrayList<>();
        classes.add(ALL_CLASSES);
        for (ClassAccuracy c : s.accuracy) classes.add(new ClassChoice(c.classIndex(), c.label()));
        ClassChoice keepClass = trueClass.get();
        List<GroupChoice> groups = new ArrayList<>();
        groups.add(ALL_GROUPS);
        s.groups.forEach((name, values) -> values.forEach(v -> groups.add(new GroupChoice(name, v))));
        GroupChoice keepGroup = group.get();
        suspended++;
        try {
            if (!classChoices.equals(classes)) classChoices.setAll(classes);
            if (!groupChoices.equals(groups)) groupChoices.setAll(groups);
            trueClass.set(classes.contains(keepClass) ? keepClass : ALL_CLASSES);
            group.set(groups.contains(keepGroup) ? keepGroup : ALL_GROUPS);
        } finally {
            suspended--;
        }
        allRows = s.rows;
        metrics.apply(s.metrics);
        applyFilter();
    }

    // ---- filters -------------------------------------------------------------------------------

    private void applyFilter() {
        if (suspended > 0) return;
        long t0 = System.nanoTime();
        FailureFilter f = filter();
        List<ImageRow> out = new ArrayList<>();
        ImageSet set = imageSet.get();
        if (set == null) {
            for (ImageRow r : allRows) if (f.test(r)) out.add(r);
            out.sort(metrics.order(f.comparator()));
        } else {
            // the set's own order (e.g. the largest share of the map on the clicked region first)
            Map<Integer, Integer> order = new java.util.HashMap<>();
            for (int i = 0; i < set.ids().size(); i++) order.putIfAbsent(set.ids().get(i), i);
            for (ImageRow r : allRows) if (order.containsKey(r.imageId()) && f.test(r)) out.add(r);
            out.sort(java.util.Comparator.comparingInt(r -> order.get(r.imageId())));
        }
        rows.setAll(out);
        ImageRow sel = selected.get();
        if (sel != null && !out.contains(sel)) selected.set(null);
        countText.set(String.format(Locale.ROOT, "%,d of %,d images", out.size(), allRows.size()));
        filterText.set(describeFilter(f));
        lastFilterMillis = (System.nanoTime() - t0) / 1e6;
    }

    private String describeFilter(FailureFilter f) {
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(f.minConfidence())) parts.add(String.format(Locale.ROOT, "mistakes with p ≥ %.2f", f.minConfidence()));
        else if (f.mistakesOnly()) parts.add("mistakes");
        RunSummary s = summary.get();
        java.util.function.IntFunction<String> name = i -> s == null ? "class " + i : s.labels().label(i);
        if (f.trueClass() != null && f.predictedClass() != null) parts.add(name.apply(f.trueClass()) + " → " + name.apply(f.predictedClass()));
        else if (f.trueClass() != null) parts.add("true " + name.apply(f.trueClass()));
        else if (f.predictedClass() != null) parts.add("predicted " + name.apply(f.predictedClass()));
        if (f.groupName() != null) parts.add(f.groupName() + " = " + f.groupValue());
        if (imageSet.get() != null) parts.add(imageSet.get().label());
        return String.join(" · ", parts);
    }

    /** Several filter changes, one pass over the rows. */
    private void batch(Runnable changes) {
        suspended++;
        try {
            changes.run();
        } finally {
            suspended--;
        }
        applyFilter();
    }

    public void clearFilters() {
        batch(() -> {
            mistakesOnly.set(false);
            confidentOnly.set(false);
            trueClass.set(ALL_CLASSES);
            predictedClass.set(null);
            group.set(ALL_GROUPS);
            imageSet.set(null);
        });
    }

    /**
     * Lists only the images {@code ids} (in that order), every other filter cleared: what a bar of the
     * Audit page or a thumbnail of the Compare page stands for. Clear filters (or a confusion-matrix
     * cell) ends it; the quick filters still narrow it.
     */
    public void filterImages(String label, List<Integer> ids) {
        batch(() -> {
            mistakesOnly.set(false);
            confidentOnly.set(false);
            trueClass.set(ALL_CLASSES);
            predictedClass.set(null);
            group.set(ALL_GROUPS);
            imageSet.set(new ImageSet(label, ids));
        });
    }

    /** The image-set filter in force, or null. */
    public ReadOnlyObjectProperty<ImageSet> imageSetProperty() {
        return imageSet.getReadOnlyProperty();
    }

    /** Selects the listed image with this id (and shows it); false when the filters do not list it. */
    public boolean selectImage(int imageId) {
        for (ImageRow r : rows) {
            if (r.imageId() == imageId) {
                select(r);
                return true;
            }
        }
        return false;
    }

    /**
     * A confusion-matrix cell: the images of true class {@code row} predicted as {@code predicted}
     * ({@code predicted} null is the "other" column: the row's mistakes outside the shown classes).
     */
    public void filterCell(int row, Integer predicted) {
        ConfusionMatrix m = confusion.get();
        batch(() -> {
            imageSet.set(null);
            confidentOnly.set(false);
            trueClass.set(classChoiceOf(row));
            predictedClass.set(predicted);
            mistakesOnly.set(predicted == null || predicted != row);
        });
        if (predicted == null && m != null) {
            // the "other" column: mistakes predicted outside the matrix's classes
            List<ImageRow> out = new ArrayList<>();
            for (ImageRow r : rows) if (r.predictedClass() != null && !m.classes().contains(r.predictedClass())) out.add(r);
            rows.setAll(out);
            countText.set(String.format(Locale.ROOT, "%,d of %,d images", out.size(), allRows.size()));
            filterText.set(filterText.get() + " · predicted outside the true classes");
        }
    }

    private ClassChoice classChoiceOf(int index) {
        for (ClassChoice c : classChoices) if (c.index() != null && c.index() == index) return c;
        RunSummary s = summary.get();
        return new ClassChoice(index, s == null ? "class " + index : s.labels().label(index));
    }

    // ---- selection -----------------------------------------------------------------------------

    /** Selecting a row shows its image in the single-image view (its top-1 class first). */
    public void select(ImageRow row) {
        if (java.util.Objects.equals(row, selected.get())) return;
        selected.set(row);
        if (row != null) open(row);
    }

    /** Enter: shows the selected image again (e.g. after another image was opened meanwhile). */
    public void openSelected() {
        if (selected.get() != null) open(selected.get());
    }

    /** Where a row's image file is (for thumbnails and opening). */
    public Path imageFile(ImageRow row) {
        Path p = Path.of(row.path());
        return p.isAbsolute() || datasetRoot == null ? p : datasetRoot.resolve(p);
    }

    private void open(ImageRow row) {
        if (summary.get() == null) return;
        Path image = imageFile(row);
        if (!Files.isRegularFile(image)) {
            status.warn("Image not found: " + image + " (was the data set moved?)");
            return;
        }
        host.openImage(image);
    }

    /** T: the panels explain the selected image's true class. */
    public void showTrueClass() {
        ImageRow r = selected.get();
        if (r == null) return;
        if (r.trueClass() == null) status.warn("This image has no label");
        else host.showClass(r.trueClass());
    }

    /** P: the panels explain the selected image's predicted class. */
    public void showPredictedClass() {
        ImageRow r = selected.get();
        if (r != null && r.predictedClass() != null) host.showClass(r.predictedClass());
    }

    // ---- the run's model -----------------------------------------------------------------------

    /** On the query worker: whether the open model file is the run's (by SHA-256), null when unknown. */
    private static Boolean modelMatches(ModelInfo model, RunSummary s) {
        if (model == null || model.file() == null || !Files.isRegularFile(model.file()) || s.modelSha256() == null) return null;
        return sha256(model.file()).equalsIgnoreCase(s.modelSha256());
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "";
        }
    }

    private void offerRunModel(RunSummary s) {
        Path model = Path.of(s.modelPath());
        String text = "This run was computed with " + s.modelName() + ", not the open model: the panels explain the open model";
        if (Files.isRegularFile(model)) status.show(text, StatusViewModel.Severity.WARNING, "Open " + s.modelName(), () -> host.openModel(model));
        else status.warn(text + " (" + s.modelPath() + " is not here)");
    }

    private static String describe(RunSummary s) {
        String acc = Double.isNaN(s.accuracy()) ? "no labelled images" : String.format(Locale.ROOT, "accuracy %.1f %%", 100 * s.accuracy());
        return String.format(Locale.ROOT, "%,d images, %s", s.images(), acc) + (s.failed() > 0 ? String.format(Locale.ROOT, ", %,d not usable", s.failed()) : "");
    }

    /** Forgets the run (the view hides). A running run is cancelled first. */
    public void closeRun() {
        cancelRun();
        generation++;
        queries.submit("close run", cancel -> {
            closeOpen();
            return true;
        }, done -> { }, status::error);
        runFile.set(null);
        summary.set(null);
        confusion.set(null);
        classAccuracy.clear();
        metrics.clear();
        allRows = List.of();
        selected.set(null);
        clearFilters();
    }

    RunProgress lastProgress() {
        return lastProgress;
    }

    @Override
    public void close() {
        if (runHandle != null) runHandle.cancel();
        queries.submit("close run", cancel -> {
            closeOpen();
            return true;
        }, done -> { }, error -> { });
    }
}
