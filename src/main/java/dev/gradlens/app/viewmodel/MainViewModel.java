package dev.gradlens.app.viewmodel;

import dev.gradlens.GradLensException;
import dev.gradlens.app.ImageSource;
import dev.gradlens.tensor.Npy;
import dev.gradlens.app.RecentFiles;
import dev.gradlens.app.SourceImage;
import dev.gradlens.app.render.ArgbPicture;
import dev.gradlens.app.render.FigureRenderer;
import dev.gradlens.app.render.PngWriter;
import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.explain.MethodId;
import dev.gradlens.service.ClassScore;
import dev.gradlens.service.ExplanationService;
import dev.gradlens.service.ModelInfo;
import dev.gradlens.service.PanelSet;
import dev.gradlens.service.Prediction;
import dev.gradlens.service.SampleImage;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The window: which photo is open (file, drop, paste, recent, sample), the model, class and
 * panel view models wired together, export, lecture mode and theme. FX thread only.
 */
public final class MainViewModel implements AutoCloseable {
    public enum Theme { LIGHT, DARK }

    /** What one image open produced on the worker: the photo and its prediction. */
    private record Opened(SourceImage source, Prediction prediction) {
    }

    private final ExplanationService service;
    private final TaskExecutor executor;
    private final ImageSource images;
    private final RecentFiles recent;

    private final StatusViewModel status = new StatusViewModel();
    private final ModelViewModel model;
    private final ClassesViewModel classes = new ClassesViewModel();
    private final ExplanationViewModel explanation;

    private final ReadOnlyObjectWrapper<SourceImage> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ObservableList<SampleImage> samples = FXCollections.observableArrayList();
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final BooleanProperty lectureMode = new SimpleBooleanProperty(this, "lectureMode");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private final StringBinding title;
    private long imageGeneration;
    private int loadsInFlight;
    private boolean modelChangedDuringLoad;

    public MainViewModel(ExplanationService service, TaskExecutor executor, ImageSource images, RecentFiles recent) {
        this.service = service;
        this.executor = executor;
        this.images = images;
        this.recent = recent;
        this.model = new ModelViewModel(service, executor, status);
        this.explanation = new ExplanationViewModel(service, executor, status);
        recentFiles.setAll(recent.list());

        model.modelProperty().addListener((o, old, info) -> modelChanged(info));
        classes.selectedIndexProperty().addListener((o, a, b) -> explanation.setClassIndex(b.intValue()));
        title = Bindings.createStringBinding(() -> {
            StringBuilder t = new StringBuilder("GradLens");
            if (image.get() != null) t.append(" — ").append(image.get().name());
            if (model.getModel() != null) t.append(" — ").append(model.getModel().name());
            return t.toString();
        }, image, model.modelProperty());
    }

    public StatusViewModel status() {
        return status;
    }

    public ModelViewModel model() {
        return model;
    }

    public ClassesViewModel classes() {
        return classes;
    }

    public ExplanationViewModel explanation() {
        return explanation;
    }

    public ReadOnlyObjectProperty<SourceImage> imageProperty() {
        return image.getReadOnlyProperty();
    }

    public SourceImage getImage() {
        return image.get();
    }

    public ObservableList<SampleImage> samples() {
        return samples;
    }

    public ObservableList<Path> recentFiles() {
        return FXCollections.unmodifiableObservableList(recentFiles);
    }

    public List<String> imageExtensions() {
        return images.extensions();
    }

    public BooleanProperty lectureModeProperty() {
        return lectureMode;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public StringBinding titleBinding() {
        return title;
    }

    // ---- start ---------------------------------------------------------------------------------

    /** Opens the embedded default model and lists the bundled samples. */
    public void start() {
        start(false);
    }

    /**
     * As {@link #start()}; with {@code showFirstSample} the first sample is opened and explained right
     * away, so the window shows an explanation the moment it appears (offline, no user action).
     */
    public void start(boolean showFirstSample) {
        model.openDefault();
        executor.submit("list samples", cancel -> service.samples(), list -> {
            samples.setAll(list);
            if (showFirstSample && getImage() == null && !list.isEmpty()) openSample(list.get(0));
        }, status::error);
    }

    public void toggleLectureMode() {
        lectureMode.set(!lectureMode.get());
    }

    public void toggleTheme() {
        theme.set(theme.get() == Theme.LIGHT ? Theme.DARK : Theme.LIGHT);
    }

    // ---- images --------------------------------------------------------------------------------

    public void openImage(Path file) {
        load("Opening " + file.getFileName() + "…", () -> images.load(file), opened -> {
            recentFiles.setAll(recent.add(file));
        }, error -> {
            if (!Files.exists(file)) recentFiles.setAll(recent.remove(file));
        });
    }

    /** An image of a data-set run: opened like Open image…, but not added to the recent files. */
    public void showImage(Path file) {
        load("Opening " + file.getFileName() + "…", () -> images.load(file), opened -> { }, error -> { });
    }

    public void openSample(SampleImage sample) {
        load("Opening sample " + sample.title() + "…", () -> {
            try (InputStream in = resource(sample.resource())) {
                if (in == null) throw new GradLensException("Sample '" + sample.title() + "' is missing from this build (" + sample.resource() + ")");
                return images.read(in, sample.title());
            }
        }, opened -> { }, error -> { });
    }

    /** A picture already decoded (pasted from the clipboard). */
    public void openPicture(SourceImage picture) {
        load("Explaining the pasted picture…", () -> picture, opened -> { }, error -> { });
    }

    /** Dropped or pasted files: an .onnx opens as the model, otherwise the first readable image. */
    public void openFiles(List<Path> files) {
        for (Path f : files) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".onnx")) {
                model.openModel(f);
                return;
            }
        }
        for (Path f : files) {
            if (isImage(f)) {
                openImage(f);
                return;
            }
        }
        if (!files.isEmpty()) status.warn("Not an image or .onnx model: " + files.get(0).getFileName());
    }

    public boolean isImage(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot >= 0 && images.extensions().contains(n.substring(dot + 1));
    }

    public void clearRecentFiles() {
        recentFiles.setAll(recent.clear());
    }

    @FunctionalInterface
    private interface Loader {
        SourceImage load() throws Exception;
    }

    private void load(String text, Loader loader, java.util.function.Consumer<Opened> after,
                      java.util.function.Consumer<Throwable> afterError) {
        long gen = ++imageGeneration;
        loadsInFlight++;
        StatusViewModel.Activity activity = status.begin(text, null);
        executor.submit(text, cancel -> {
            SourceImage src = loader.load();
            cancel.check();
            return new Opened(src, service.predict(src.image()));
        }, opened -> {
            loadDone(activity);
            if (gen != imageGeneration) return;
            modelChangedDuringLoad = false;
            show(opened);
            after.accept(opened);
        }, error -> {
            loadDone(activity);
            if (gen != imageGeneration) return;
            status.error(error);
            afterError.accept(error);
            if (modelChangedDuringLoad) {
                modelChangedDuringLoad = false;
                repredict();
            }
        });
    }

    private void loadDone(StatusViewModel.Activity activity) {
        status.end(activity);
        loadsInFlight--;
    }

    private void show(Opened opened) {
        image.set(opened.source());
        explanation.batch(() -> {
            explanation.setImage(opened.source().image());
            classes.setPrediction(opened.prediction());
        });
        if (!opened.source().notes().isEmpty()) status.info(opened.source().name() + ": " + String.join("; ", opened.source().notes()));
    }

    private void modelChanged(ModelInfo info) {
        explanation.batch(() -> {
            explanation.setModel(info);
            classes.setLabels(info == null ? List.of() : info.labels());
        });
        if (info == null) return;
        // A load still running was queued after the model open (one worker, in order): it predicts
        // with the new model already. Only when it fails does the shown image need predicting again.
        if (loadsInFlight > 0) modelChangedDuringLoad = true;
        else repredict();
    }

    private void repredict() {
        SourceImage current = image.get();
        ModelInfo info = model.getModel();
        if (current == null || info == null) return;
        load("Predicting with " + info.name() + "…", () -> current, opened -> { }, error -> { });
    }

    private InputStream resource(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(service.getClass().getClassLoader());
        loaders.add(Thread.currentThread().getContextClassLoader());
        loaders.add(MainViewModel.class.getClassLoader());
        for (ClassLoader l : loaders) {
            if (l == null) continue;
            InputStream in = l.getResourceAsStream(name);
            if (in != null) return in;
        }
        return null;
    }

    // ---- export --------------------------------------------------------------------------------

    /** The caption under an exported figure: model, class, probability, layer, methods, counterfactual. */
    public List<String> figureCaption(List<PanelItem> items) {
        PanelSet set = explanation.getPanelSet();
        List<String> lines = new ArrayList<>();
        ModelInfo m = model.getModel();
        StringBuilder first = new StringBuilder();
        first.append("Model: ").append(m == null ? "?" : m.name());
        if (set != null && set.target() != null) {
            ClassScore t = set.target();
            first.append(" · Class: ").append(t.label()).append(" (").append(t.index()).append(")");
            if (!Float.isNaN(t.probability())) first.append(String.format(Locale.ROOT, " · p = %.1f%%", 100f * t.probability()));
        }
        first.append(" · Layer: ").append(set == null || set.layer() == null ? explanation.explainedLayerProperty().get() : set.layer());
        lines.add(first.toString());
        List<String> methods = new ArrayList<>();
        for (PanelItem i : items) if (i.method() != null) methods.add(i.title());
        boolean cf = set != null && set.counterfactual();
        lines.add("Methods: " + (methods.isEmpty() ? "none" : String.join(", ", methods)) + " · Counterfactual: " + (cf ? "on" : "off")
                + " · Colormap: " + explanation.colormapProperty().get().title()
                + String.format(Locale.ROOT, ", opacity %d%%", Math.round(100 * explanation.opacityProperty().get())));
        if (image.get() != null) lines.add("Image: " + image.get().name() + " · GradLens");
        return lines;
    }

    /** The whole side-by-side figure (every panel shown), e.g. for the clipboard. */
    public BufferedImage renderFigure() {
        return render(List.copyOf(explanation.panels()));
    }

    public ArgbPicture figurePicture() {
        return FigureRenderer.toPicture(renderFigure());
    }

    private BufferedImage render(List<PanelItem> items) {
        if (items.isEmpty()) throw new GradLensException("Nothing to export yet: open an image first");
        List<FigureRenderer.Tile> tiles = new ArrayList<>();
        for (PanelItem i : items) tiles.add(new FigureRenderer.Tile(i.getPicture(), i.title(), i.caption()));
        return FigureRenderer.render(tiles, figureCaption(items));
    }

    public void exportFigure(Path file) {
        exportPng(List.copyOf(explanation.panels()), file);
    }

    public void exportPanel(PanelItem item, Path file) {
        exportPng(List.of(item), file);
    }

    private void exportPng(List<PanelItem> items, Path file) {
        if (items.isEmpty()) {
            status.warn("Nothing to export yet: open an image first");
            return;
        }
        List<String> caption = figureCaption(items);
        Map<String, String> text = new LinkedHashMap<>();
        text.put("Title", caption.get(0));
        StringBuilder description = new StringBuilder(String.join("\n", caption));
        for (PanelItem i : items) description.append('\n').append(i.title()).append(": ").append(i.caption());
        text.put("Description", description.toString());
        text.put("Software", "GradLens");
        List<FigureRenderer.Tile> tiles = new ArrayList<>();
        for (PanelItem i : items) tiles.add(new FigureRenderer.Tile(i.getPicture(), i.title(), i.caption()));
        executor.submit("export " + file.getFileName(), cancel -> {
            PngWriter.write(FigureRenderer.render(tiles, caption), text, file);
            return file;
        }, done -> status.info("Saved " + file.getFileName()), status::error);
    }

    /** One panel's raw (unnormalised) map as float32 .npy. */
    public void exportRaw(PanelItem item, Path file) {
        if (item == null || item.panel() == null || item.panel().raw() == null) {
            status.warn("This panel has no raw map to save");
            return;
        }
        var raw = item.panel().raw();
        executor.submit("save " + file.getFileName(), cancel -> {
            Npy.write(raw, file);
            return file;
        }, done -> status.info("Saved " + file.getFileName() + " " + java.util.Arrays.toString(raw.shape())), status::error);
    }

    /** Every panel's raw map into a folder, one .npy per method. */
    public void exportAllRaw(Path directory) {
        List<PanelItem> items = new ArrayList<>();
        for (PanelItem i : explanation.panels()) if (i.panel() != null && i.panel().raw() != null) items.add(i);
        if (items.isEmpty()) {
            status.warn("Nothing to export yet: open an image first");
            return;
        }
        String stem = baseName();
        executor.submit("save raw maps", cancel -> {
            for (PanelItem i : items) Npy.write(i.panel().raw(), directory.resolve(stem + "_" + i.id() + ".npy"));
            return items.size();
        }, n -> status.info("Saved " + n + " raw maps to " + directory.getFileName()), status::error);
    }

    /** "cat_281_tabby-tabby-cat_counterfactual" style base for file names. */
    public String baseName() {
        String stem = image.get() == null ? "figure" : image.get().name().replaceFirst("\\.[^.]+$", "");
        PanelSet set = explanation.getPanelSet();
        StringBuilder b = new StringBuilder(stem);
        if (set != null && set.target() != null) b.append('_').append(set.target().index()).append('_').append(set.target().label());
        if (set != null && set.counterfactual()) b.append("_counterfactual");
        return b.toString().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+", "-");
    }

    public String suggestedFigureName() {
        return baseName() + ".png";
    }

    public String suggestedPanelName(PanelItem item, String extension) {
        return baseName() + "_" + item.id() + "." + extension;
    }

    @Override
    public void close() {
        explanation.cancel();
    }

    /** Methods offered in the method menu. */
    public static List<MethodId> extraMethods() {
        return ExplanationViewModel.EXTRA_METHODS;
    }
}
