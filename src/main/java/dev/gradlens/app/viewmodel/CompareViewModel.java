package dev.gradlens.app.viewmodel;

import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.audit.Audit;
import dev.gradlens.audit.Bootstrap;
import dev.gradlens.audit.ComparisonResult;
import dev.gradlens.audit.RegionDecoder;
import dev.gradlens.audit.RunImages;
import dev.gradlens.service.RunAudits;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The Compare page of an open run: that run (A) against a second run (B) on the same data, as
 * {@code gradlens compare} computes it, on a worker: agreement of predictions, accuracy differences
 * per class and group value with paired intervals (bars with whiskers; a click filters the failure
 * browser to that class and group value), map agreement, and the images where the runs differ most
 * (a click lists them in the failure browser and selects the one clicked). FX thread only.
 */
public final class CompareViewModel {
    private final RunAudits audits;
    private final StatusViewModel status;
    private final DatasetViewModel dataset;

    private final ObservableList<String> groupChoices = FXCollections.observableArrayList(AuditViewModel.ALL_GROUPS);
    private final ObjectProperty<String> group = new SimpleObjectProperty<>(this, "group", AuditViewModel.ALL_GROUPS);
    private final ObjectProperty<RegionDecoder.Shape> shape = new SimpleObjectProperty<>(this, "shape", RegionDecoder.Shape.MASK);
    private final ReadOnlyObjectWrapper<Path> runB = new ReadOnlyObjectWrapper<>(this, "runB");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper agreementText = new ReadOnlyStringWrapper(this, "agreementText", "");
    private final ReadOnlyStringWrapper runsText = new ReadOnlyStringWrapper(this, "runsText", "");
    private final ReadOnlyObjectWrapper<ComparisonResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ObservableList<String> sentences = FXCollections.observableArrayList();
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final ObservableList<ComparisonResult.AccuracyDiff> accuracyRows = FXCollections.observableArrayList();
    private final ObservableList<ComparisonResult.MapAgreementRow> mapAgreement = FXCollections.observableArrayList();
    private final ObservableList<ComparisonResult.MassDiff> massRows = FXCollections.observableArrayList();
    private final ObservableList<ComparisonResult.ImagePair> mostDifferent = FXCollections.observableArrayList();
    private final ObservableList<CiBar> differenceBars = FXCollections.observableArrayList();
    private final PageJob job;

    public CompareViewModel(RunAudits audits, TaskExecutor worker, StatusViewModel status, DatasetViewModel dataset) {
        this.audits = audits;
        this.status = status;
        this.dataset = dataset;
        this.job = new PageJob(worker, status, running,
                () -> message.set(result.get() == null ? "Comparison cancelled" : "Comparison cancelled: the comparison shown is the earlier one"));
        dataset.groupChoices().addListener((ListChangeListener<DatasetViewModel.GroupChoice>) c -> fillGroups());
        dataset.runFileProperty().addListener((o, a, b) -> {
            if (!Objects.equals(a, b)) forget();
        });
        group.addListener((o, a, b) -> {
            if (b == null) group.set(AuditViewModel.ALL_GROUPS);
        });
        fillGroups();
    }

    // ---- properties ----------------------------------------------------------------------------

    public ObservableList<String> groupChoices() {
        return groupChoices;
    }

    public ObjectProperty<String> groupProperty() {
        return group;
    }

    public ObjectProperty<RegionDecoder.Shape> shapeProperty() {
        return shape;
    }

    /** The second run (B), once picked. */
    public ReadOnlyObjectProperty<Path> runBProperty() {
        return runB.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Why there is no comparison, in one line (runs of different data sets, no run open…); "" when none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "Same prediction on 75 % of the 40 images (CI 62–88 %)". */
    public ReadOnlyStringProperty agreementTextProperty() {
        return agreementText.getReadOnlyProperty();
    }

    /** "A: scenes-biased.onnx @ layer · B: scenes-clean.onnx @ layer". */
    public ReadOnlyStringProperty runsTextProperty() {
        return runsText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ComparisonResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ObservableList<String> sentences() {
        return sentences;
    }

    public ObservableList<String> notes() {
        return notes;
    }

    public ObservableList<ComparisonResult.AccuracyDiff> accuracyRows() {
        return accuracyRows;
    }

    public ObservableList<ComparisonResult.MapAgreementRow> mapAgreement() {
        return mapAgreement;
    }

    public ObservableList<ComparisonResult.MassDiff> massRows() {
        return massRows;
    }

    public ObservableList<ComparisonResult.ImagePair> mostDifferent() {
        return mostDifferent;
    }

    /** Accuracy A − B per class (categories) and group value (series), paired 95 % intervals. */
    public ObservableList<CiBar> differenceBars() {
        return differenceBars;
    }

    // ---- actions -------------------------------------------------------------------------------

    /** Compares the open run (A) with {@code other} (B) on the worker. */
    public void compareWith(Path other) {
        Path a = dataset.runFileProperty().get();
        if (a == null) {
            message.set("Open a run first (File › Open run…): it is run A of the comparison");
            return;
        }
        if (other == null) return;
        if (dataset.runningProperty().get()) {
            message.set("The run is still computing: compare it when it has finished (or after Cancel run)");
            return;
        }
        String g = group.get() == null || AuditViewModel.ALL_GROUPS.equals(group.get()) ? null : group.get();
        Audit.Options o = Audit.Options.defaults().withGroup(g).withShape(shape.get());
        runB.set(other);
        message.set("");
        job.start("Comparing " + a.getFileName() + " with " + other.getFileName() + "…", "compare " + other.getFileName(),
                cancel -> audits.compare(a, other, o.withCancellation(cancel)), this::show, error -> {
                    clear();
                    message.set(Objects.requireNonNullElse(StatusViewModel.messageOf(error), ""));
                });
    }

    /** Stops a running comparison (the page's Cancel and the status bar's); what was shown before stays. */
    public void cancel() {
        job.cancel();
    }

    /** Compares again with the same run B (after another group or region shape was chosen). */
    public void recompute() {
        if (runB.get() != null) compareWith(runB.get());
    }

    /** A difference bar: the failure browser lists that class (all classes: every image) in that group value. */
    public void showImages(CiBar bar) {
        if (bar == null || !(bar.cell() instanceof ComparisonResult.AccuracyDiff d)) return;
        dataset.clearFilters();
        if (d.cls() >= 0) {
            DatasetViewModel.ClassChoice c = dataset.classChoices().stream().filter(x -> x.index() != null && x.index() == d.cls()).findFirst()
                    .orElse(new DatasetViewModel.ClassChoice(d.cls(), d.label()));
            dataset.trueClassProperty().set(c);
        }
        if (!d.group().equals(RunImages.ALL)) dataset.groupProperty().set(new DatasetViewModel.GroupChoice(d.group(), d.value()));
    }

    /** A thumbnail: the failure browser lists the images where the runs differ most and shows this one. */
    public void showPair(ComparisonResult.ImagePair pair) {
        if (pair == null || mostDifferent.isEmpty()) return;
        dataset.filterImages("the " + mostDifferent.size() + " images where " + nameOf(runB.get()) + " differs most",
                mostDifferent.stream().map(ComparisonResult.ImagePair::imageIdA).toList());
        if (!dataset.selectImage(pair.imageIdA())) status.warn("Image " + pair.imageIdA() + " is not among the open run's usable images");
    }

    /** Where a pair's image file is (run A's data set). */
    public Path imageFile(ComparisonResult.ImagePair pair) {
        ComparisonResult r = result.get();
        return r == null ? Path.of(pair.path()) : r.a().imageFile(pair.path(), null);
    }

    /** A thumbnail's caption: true class, both predictions, map agreement. */
    public String caption(ComparisonResult.ImagePair p) {
        ComparisonResult r = result.get();
        if (r == null) return "";
        String rho = Double.isNaN(p.spearman()) ? "–" : String.format(Locale.ROOT, "%.2f", p.spearman());
        return "#" + p.imageIdA() + " true " + r.a().label(p.trueClass()) + "\nA: " + r.a().label(p.predictedA()) + " · B: " + r.a().label(p.predictedB())
                + "\nρ = " + rho;
    }

    // ---- showing a result ----------------------------------------------------------------------

    private void show(ComparisonResult r) {
        result.set(r);
        sentences.setAll(r.sentences());
        notes.setAll(r.notes().lines());
        accuracyRows.setAll(r.accuracy());
        mapAgreement.setAll(r.mapAgreement());
        massRows.setAll(r.mass());
        mostDifferent.setAll(r.mostDifferent());
        Bootstrap.Estimate ag = r.agreement();
        agreementText.set(Double.isNaN(ag.mean()) ? "No image with a prediction in both runs"
                : String.format(Locale.ROOT, "Same prediction on %.0f %% of the %,d images in common (CI %.0f–%.0f %%)", 100 * ag.mean(), r.images(),
                100 * ag.lo(), 100 * ag.hi()));
        runsText.set("A: " + name(r.a().modelPath(), r.a().layer()) + " (" + nameOf(r.a().location()) + ") · B: " + name(r.b().modelPath(), r.b().layer())
                + " (" + nameOf(r.b().location()) + ")");
        List<String> problems = new ArrayList<>();
        if (r.mapAgreement().isEmpty()) problems.add("No image has a map of the same method and class in both runs: map agreement and region mass are left out");
        message.set(String.join(". ", problems));
        String g = r.groupNames().isEmpty() ? RunImages.ALL : r.groupNames().get(0);
        List<CiBar> bars = new ArrayList<>();
        for (ComparisonResult.AccuracyDiff d : r.accuracy()) {
            if (!d.group().equals(g) && !d.group().equals(RunImages.ALL)) continue;
            String category = d.cls() < 0 ? "all classes" : d.label();
            String series = AuditViewModel.cutText(d.group(), d.value());
            String tip = String.format(Locale.ROOT, "%s, %s: accuracy A %.0f %%, B %.0f %%, A − B %+.0f points (CI %+.0f to %+.0f), n = %d", category, series,
                    100 * d.accuracyA().mean(), 100 * d.accuracyB().mean(), 100 * d.difference().mean(), 100 * d.difference().lo(),
                    100 * d.difference().hi(), d.n());
            bars.add(CiBar.of(category, series, d.difference(), Double.NaN, d.n(), tip, d));
        }
        differenceBars.setAll(bars);
    }

    private static String name(String modelPath, String layer) {
        String p = modelPath == null ? "?" : modelPath;
        int s = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        return (s >= 0 ? p.substring(s + 1) : p) + (layer != null ? " @ " + layer : "");
    }

    private static String nameOf(Path p) {
        return p == null || p.getFileName() == null ? String.valueOf(p) : p.getFileName().toString();
    }

    private void fillGroups() {
        List<String> names = new ArrayList<>();
        names.add(AuditViewModel.ALL_GROUPS);
        names.addAll(AuditViewModel.groupNames(dataset.groupChoices()));
        String keep = group.get();
        if (!groupChoices.equals(names)) groupChoices.setAll(names);
        group.set(names.contains(keep) ? keep : AuditViewModel.ALL_GROUPS);
    }

    private void forget() {
        job.drop();
        runB.set(null);
        clear();
        message.set("");
    }

    private void clear() {
        result.set(null);
        sentences.clear();
        notes.clear();
        accuracyRows.clear();
        mapAgreement.clear();
        massRows.clear();
        mostDifferent.clear();
        differenceBars.clear();
        agreementText.set("");
        runsText.set("");
    }
}
