package dev.gradlens.app.viewmodel;

import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.audit.Audit;
import dev.gradlens.audit.AuditCells;
import dev.gradlens.audit.AuditResult;
import dev.gradlens.audit.Bootstrap;
import dev.gradlens.audit.MapMeasurements;
import dev.gradlens.audit.RegionDecoder;
import dev.gradlens.audit.RunImages;
import dev.gradlens.service.RunAudits;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The Audit page of an open run: the same audit as {@code gradlens audit} (group, region shape,
 * counterfactual maps as the CLI offers them), computed on a worker, shown as the gaps in words, the
 * notes, the accuracy and region-mass tables, and two charts whose bars list their images in the
 * failure browser ({@link DatasetViewModel#filterImages}). FX thread only.
 */
public final class AuditViewModel {
    /** The group choice that audits by every group of the run (the CLI without --group). */
    public static final String ALL_GROUPS = "All groups";

    /** Whose maps the region chart shows: one method's maps of one class, on images with or without it. */
    public record MapCell(int method, String methodTitle, int cls, String label, boolean withClass) {
        @Override
        public String toString() {
            return methodTitle + " of " + label + " · images " + (withClass ? "of" : "without") + " a " + label;
        }
    }

    /** A bar of the region chart: one localisation row and one region slot. */
    public record RegionCell(AuditResult.LocalisationRow row, int region) {
    }

    private final RunAudits audits;
    private final StatusViewModel status;
    private final DatasetViewModel dataset;

    private final ObservableList<String> groupChoices = FXCollections.observableArrayList(ALL_GROUPS);
    private final ObjectProperty<String> group = new SimpleObjectProperty<>(this, "group", ALL_GROUPS);
    private final ObjectProperty<RegionDecoder.Shape> shape = new SimpleObjectProperty<>(this, "shape", RegionDecoder.Shape.MASK);
    private final BooleanProperty counterfactual = new SimpleBooleanProperty(this, "counterfactual");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<AuditResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ObservableList<String> gaps = FXCollections.observableArrayList();
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final ObservableList<AuditResult.AccuracyRow> accuracyRows = FXCollections.observableArrayList();
    private final ObservableList<MapMeasurements.MethodKey> methodChoices = FXCollections.observableArrayList();
    private final ObjectProperty<MapMeasurements.MethodKey> method = new SimpleObjectProperty<>(this, "method");
    private final ObservableList<AuditResult.LocalisationRow> localisationRows = FXCollections.observableArrayList();
    private final ObservableList<MapCell> mapCells = FXCollections.observableArrayList();
    private final ObjectProperty<MapCell> mapCell = new SimpleObjectProperty<>(this, "mapCell");
    private final ObservableList<CiBar> accuracyBars = FXCollections.observableArrayList();
    private final ObservableList<CiBar> regionBars = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper accuracyChartTitle = new ReadOnlyStringWrapper(this, "accuracyChartTitle", "");
    private final ReadOnlyStringWrapper regionChartTitle = new ReadOnlyStringWrapper(this, "regionChartTitle", "");

    private AuditCells cells;
    /** The group the shown audit was cut by (null: every group). */
    private String audited;
    private final PageJob job;

    public AuditViewModel(RunAudits audits, TaskExecutor worker, StatusViewModel status, DatasetViewModel dataset) {
        this.audits = audits;
        this.status = status;
        this.dataset = dataset;
        this.job = new PageJob(worker, status, running,
                () -> message.set(result.get() == null ? "Audit cancelled" : "Audit cancelled: the audit shown is the earlier one"));
        dataset.groupChoices().addListener((ListChangeListener<DatasetViewModel.GroupChoice>) c -> fillGroups());
        dataset.runFileProperty().addListener((o, a, b) -> {
            if (!Objects.equals(a, b)) forget();
        });
        group.addListener((o, a, b) -> {
            if (b == null) group.set(ALL_GROUPS);
        });
        method.addListener((o, a, b) -> showMethod());
        mapCell.addListener((o, a, b) -> fillRegionBars());
        fillGroups();
    }

    // ---- properties ----------------------------------------------------------------------------

    /** "All groups" and the run's group names (manifest columns, scene flags). */
    public ObservableList<String> groupChoices() {
        return groupChoices;
    }

    public ObjectProperty<String> groupProperty() {
        return group;
    }

    public ObjectProperty<RegionDecoder.Shape> shapeProperty() {
        return shape;
    }

    public BooleanProperty counterfactualProperty() {
        return counterfactual;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** What keeps the page from showing a full audit, in one line ("" when nothing does). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "40 images, 100 maps, 1,000 resamples, 0.4 s". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<AuditResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ObservableList<String> gaps() {
        return gaps;
    }

    public ObservableList<String> notes() {
        return notes;
    }

    public ObservableList<AuditResult.AccuracyRow> accuracyRows() {
        return accuracyRows;
    }

    public ObservableList<MapMeasurements.MethodKey> methodChoices() {
        return methodChoices;
    }

    /** The method whose maps the region table and chart show. */
    public ObjectProperty<MapMeasurements.MethodKey> methodProperty() {
        return method;
    }

    /** The localisation rows of the chosen method. */
    public ObservableList<AuditResult.LocalisationRow> localisationRows() {
        return localisationRows;
    }

    public ObservableList<MapCell> mapCells() {
        return mapCells;
    }

    /** Whose maps the region chart shows. */
    public ObjectProperty<MapCell> mapCellProperty() {
        return mapCell;
    }

    /** Accuracy per class (categories) and value of the chart's group (series), with intervals. */
    public ObservableList<CiBar> accuracyBars() {
        return accuracyBars;
    }

    /** Share of the chosen maps' mass per group value (categories) and region (series); reference: the region's area. */
    public ObservableList<CiBar> regionBars() {
        return regionBars;
    }

    public ReadOnlyStringProperty accuracyChartTitleProperty() {
        return accuracyChartTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty regionChartTitleProperty() {
        return regionChartTitle.getReadOnlyProperty();
    }

    // ---- actions -------------------------------------------------------------------------------

    /** Audits the open run with the chosen settings, on the worker. */
    public void audit() {
        Path run = dataset.runFileProperty().get();
        if (run == null) {
            message.set("Open a run first (File › Open run…): the audit reads a run's results");
            return;
        }
        if (dataset.runningProperty().get()) {
            message.set("The run is still computing: audit it when it has finished (or after Cancel run)");
            return;
        }
        String g = group.get() == null || ALL_GROUPS.equals(group.get()) ? null : group.get();
        Audit.Options o = Audit.Options.defaults().withGroup(g).withShape(shape.get()).withCounterfactual(counterfactual.get());
        message.set("");
        job.start("Auditing " + run.getFileName() + "…", "audit " + run.getFileName(), cancel -> audits.audit(run, o.withCancellation(cancel)),
                c -> show(c, g), error -> {
                    clear();
                    message.set(Objects.requireNonNullElse(StatusViewModel.messageOf(error), ""));
                });
    }

    /** Stops a running audit (the page's Cancel and the status bar's); what was shown before stays. */
    public void cancel() {
        job.cancel();
    }

    /** A bar's images in the failure browser (in the bar's own order). */
    public void showImages(CiBar bar) {
        if (cells == null || bar == null) return;
        List<Integer> ids;
        String label;
        if (bar.cell() instanceof AuditResult.AccuracyRow a) {
            ids = cells.images(a);
            label = "audit: " + (a.cls() < 0 ? "all classes" : a.label()) + ", " + cutText(a.group(), a.value());
        } else if (bar.cell() instanceof RegionCell rc) {
            AuditResult.LocalisationRow r = rc.row();
            ids = cells.images(r, rc.region());
            String m = result.get().methods().get(r.method()).title();
            label = "audit: " + m + " of " + r.label() + ", images " + (r.withClass() ? "of" : "without") + " a " + r.label() + ", "
                    + cutText(r.group(), r.value()) + ", most on " + result.get().regions().get(rc.region()) + " first";
        } else {
            return;
        }
        if (ids.isEmpty()) {
            status.info("No images behind this bar (" + bar.category() + ", " + bar.series() + ")");
            return;
        }
        dataset.filterImages(label, ids);
    }

    // ---- showing a result ----------------------------------------------------------------------

    private void show(AuditCells c, String auditedGroup) {
        AuditResult r = c.result();
        cells = c;
        audited = auditedGroup;
        result.set(r);
        gaps.setAll(r.gaps().stream().map(AuditResult.Gap::sentence).toList());
        if (gaps.isEmpty()) {
            gaps.add("No gap stands out: no region holds more mass than its area at the interval's lower end, and no group's accuracy interval is apart from another's.");
        }
        notes.setAll(r.notes().lines());
        accuracyRows.setAll(r.accuracy());
        summary.set(String.format(Locale.ROOT, "%,d images, %,d maps; regions: %s; intervals: 95 %% bootstrap, %,d resamples; %.1f s",
                r.images(), r.maps(), String.join(", ", r.regions().all()), r.resamples(), r.millis() / 1000.0));
        message.set(problem(r, auditedGroup));
        fillAccuracyBars();
        methodChoices.setAll(r.methods());
        MapMeasurements.MethodKey keep = method.get();
        MapMeasurements.MethodKey first = r.gaps().stream().filter(x -> x.row() != null).map(x -> r.methods().get(x.row().method())).findFirst()
                .orElse(r.methods().isEmpty() ? null : r.methods().get(0));
        MapMeasurements.MethodKey pick = keep != null && r.methods().contains(keep) ? keep : first;
        if (Objects.equals(method.get(), pick)) showMethod();
        else method.set(pick);
    }

    /** The bad input worth saying first: no maps, a group with one value, an empty class × group cell. */
    private static String problem(AuditResult r, String auditedGroup) {
        List<String> out = new ArrayList<>();
        if (r.maps() == 0) {
            out.add("This run holds no maps: accuracy only (run the data set with a method, e.g. --methods gradcam, to see where the maps look)");
        }
        if (r.groupNames().isEmpty()) out.add("This run has no groups: every table is over all images");
        for (String g : r.groupNames()) {
            if (auditedGroup != null && !g.equals(auditedGroup)) continue;
            TreeSet<String> values = new TreeSet<>();
            for (AuditResult.AccuracyRow a : r.accuracy()) if (a.group().equals(g)) values.add(a.value());
            if (values.size() < 2) {
                out.add("The group '" + g + "' has one value (" + (values.isEmpty() ? "none" : values.first())
                        + ") for every image: nothing to compare within it; pick another group");
            }
        }
        List<String> empty = new ArrayList<>();
        for (AuditResult.AccuracyRow a : r.accuracy()) {
            if (a.n() == 0 && a.cls() >= 0 && (auditedGroup == null || a.group().equals(auditedGroup))) {
                empty.add(a.label() + " where " + a.group() + " = " + a.value());
            }
        }
        if (!empty.isEmpty()) {
            out.add("No images of " + String.join(", ", empty.subList(0, Math.min(3, empty.size()))) + (empty.size() > 3 ? " (and " + (empty.size() - 3) + " more)" : "")
                    + ": those cells have no bar");
        }
        return String.join(". ", out);
    }

    /** The group the charts split by: the audited one, else the run's first. */
    private String chartGroup() {
        AuditResult r = result.get();
        String g = audited;
        if (r == null) return RunImages.ALL;
        if (g != null && r.groupNames().contains(g)) return g;
        return r.groupNames().isEmpty() ? RunImages.ALL : r.groupNames().get(0);
    }

    private void fillAccuracyBars() {
        AuditResult r = result.get();
        String g = chartGroup();
        accuracyChartTitle.set("Top-1 accuracy per class" + (g.equals(RunImages.ALL) ? "" : " and " + g) + " (click a bar: its images)");
        List<CiBar> bars = new ArrayList<>();
        for (AuditResult.AccuracyRow a : r.accuracy()) {
            if (!a.group().equals(g) && !a.group().equals(RunImages.ALL)) continue;
            String category = a.cls() < 0 ? "all classes" : a.label();
            String series = cutText(a.group(), a.value());
            String tip = a.n() == 0 ? category + ", " + series + ": no images"
                    : category + ", " + series + ": accuracy " + ci(a.accuracy()) + ", n = " + a.n();
            bars.add(CiBar.of(category, series, a.n() == 0 ? Bootstrap.Estimate.NONE : a.accuracy(), Double.NaN, a.n(), tip, a));
        }
        accuracyBars.setAll(bars);
    }

    private void showMethod() {
        AuditResult r = result.get();
        MapMeasurements.MethodKey m = method.get();
        if (r == null || m == null) {
            localisationRows.clear();
            mapCells.clear();
            mapCell.set(null);
            regionBars.clear();
            regionChartTitle.set("");
            return;
        }
        int mi = r.methods().indexOf(m);
        localisationRows.setAll(r.localisation().stream().filter(x -> x.method() == mi).toList());
        LinkedHashSet<MapCell> cellsOfMethod = new LinkedHashSet<>();
        for (AuditResult.LocalisationRow x : localisationRows) cellsOfMethod.add(new MapCell(mi, m.title(), x.cls(), x.label(), x.withClass()));
        mapCells.setAll(cellsOfMethod);
        MapCell keep = mapCell.get();
        MapCell gapCell = r.gaps().stream().filter(x -> x.row() != null && x.row().method() == mi)
                .map(x -> new MapCell(mi, m.title(), x.row().cls(), x.row().label(), x.row().withClass())).findFirst().orElse(null);
        MapCell pick = keep != null && mapCells.contains(keep) ? keep : gapCell != null ? gapCell : mapCells.isEmpty() ? null : mapCells.get(0);
        if (Objects.equals(mapCell.get(), pick)) fillRegionBars();
        else mapCell.set(pick);
    }

    private void fillRegionBars() {
        AuditResult r = result.get();
        MapCell c = mapCell.get();
        if (r == null || c == null) {
            regionBars.clear();
            regionChartTitle.set("");
            return;
        }
        regionChartTitle.set("Share of " + c.methodTitle() + " mass of " + c.label() + " per region, images " + (c.withClass() ? "of" : "without")
                + " a " + c.label() + " (dashed: the region's area; click a bar: its images)");
        List<CiBar> bars = new ArrayList<>();
        for (AuditResult.LocalisationRow x : r.localisation()) {
            if (x.method() != c.method() || x.cls() != c.cls() || x.withClass() != c.withClass()) continue;
            String category = cutText(x.group(), x.value());
            for (int j = 0; j < r.regions().size(); j++) {
                String region = r.regions().get(j);
                String tip = String.format(Locale.ROOT, "%s, %s: %s of the mass (area %.0f %%), n = %d maps", category, region, ci(x.share()[j]),
                        100 * x.area()[j], x.n());
                bars.add(CiBar.of(category, region, x.share()[j], x.area()[j], x.n(), tip, new RegionCell(x, j)));
            }
        }
        regionBars.setAll(bars);
    }

    private void fillGroups() {
        List<String> names = new ArrayList<>();
        names.add(ALL_GROUPS);
        names.addAll(groupNames(dataset.groupChoices()));
        String keep = group.get();
        if (!groupChoices.equals(names)) groupChoices.setAll(names);
        group.set(names.contains(keep) ? keep : ALL_GROUPS);
    }

    /** The distinct group names among the failure browser's group choices, in their order. */
    static List<String> groupNames(List<DatasetViewModel.GroupChoice> choices) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (DatasetViewModel.GroupChoice c : choices) if (c.name() != null) names.add(c.name());
        return new ArrayList<>(names);
    }

    /** Another run was opened (or the run closed): the last audit no longer applies. */
    private void forget() {
        job.drop();
        clear();
        message.set("");
    }

    private void clear() {
        cells = null;
        result.set(null);
        gaps.clear();
        notes.clear();
        accuracyRows.clear();
        accuracyBars.clear();
        summary.set("");
        methodChoices.clear();
        method.set(null);
        showMethod();
    }

    static String cutText(String group, String value) {
        return group.equals(RunImages.ALL) ? "all images" : group + " = " + value;
    }

    /** "53 % (CI 52–55 %)". */
    static String ci(Bootstrap.Estimate e) {
        if (Double.isNaN(e.mean())) return "–";
        return String.format(Locale.ROOT, "%.0f %% (CI %.0f–%.0f %%)", 100 * e.mean(), 100 * e.lo(), 100 * e.hi());
    }
}
