package dev.gradlens.app.viewmodel;

import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.app.task.TaskHandle;
import dev.gradlens.app.render.ColormapChoice;
import dev.gradlens.explain.MethodId;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.LayerCandidate;
import dev.gradlens.service.ExplainRequest;
import dev.gradlens.service.ExplanationService;
import dev.gradlens.service.ModelInfo;
import dev.gradlens.service.Panel;
import dev.gradlens.service.PanelSet;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The side-by-side panels: what to compute (class, counterfactual, layer, methods), how to show it
 * (opacity, colormap: re-rendered locally, never recomputed), and the request bookkeeping.
 * Latest request wins: every request gets a number; an older request is cancelled (its
 * Cancellation turns true) and its result, should it still arrive, is dropped.
 */
public final class ExplanationViewModel {
    /** The methods offered in the method menu, shown as an extra panel. */
    public static final List<MethodId> EXTRA_METHODS = List.of(MethodId.XGRADCAM, MethodId.LAYERCAM, MethodId.HIRESCAM,
            MethodId.SCORECAM, MethodId.SMOOTHGRAD, MethodId.DECONVNET, MethodId.VANILLA);

    private static final List<MethodId> ORDER = List.of(MethodId.GUIDED_BACKPROP, MethodId.GRADCAM,
            MethodId.GRADCAM_COUNTERFACTUAL, MethodId.GRADCAMPP, MethodId.GRADCAMPP_COUNTERFACTUAL,
            MethodId.GUIDED_GRADCAM, MethodId.GUIDED_GRADCAMPP);

    /** An entry of the layer picker; {@code tensor} null is the model's automatic choice. */
    public record LayerChoice(String tensor, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    private record Key(RgbImage image, ModelInfo model, ExplainRequest request) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.image == image && k.model == model && k.request.equals(request);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(image) * 31 + request.hashCode();
        }
    }

    private final ExplanationService service;
    private final TaskExecutor executor;
    private final StatusViewModel status;

    private final BooleanProperty counterfactual = new SimpleBooleanProperty(this, "counterfactual");
    private final BooleanProperty guidedPlusPlus = new SimpleBooleanProperty(this, "guidedPlusPlus");
    private final ObjectProperty<LayerChoice> layer = new SimpleObjectProperty<>(this, "layer");
    private final ObjectProperty<MethodId> extraMethod = new SimpleObjectProperty<>(this, "extraMethod");
    private final DoubleProperty opacity = new SimpleDoubleProperty(this, "opacity", 0.5) {
        @Override
        public void set(double v) {
            super.set(Double.isNaN(v) ? 0.5 : Math.max(0, Math.min(1, v)));
        }
    };
    private final ObjectProperty<ColormapChoice> colormap = new SimpleObjectProperty<>(this, "colormap", ColormapChoice.JET);
    private final ObservableList<LayerChoice> layerChoices = FXCollections.observableArrayList();
    private final ObservableList<LayerChoice> layerChoicesView = FXCollections.unmodifiableObservableList(layerChoices);

    private final ReadOnlyObjectWrapper<PanelSet> panelSet = new ReadOnlyObjectWrapper<>(this, "panelSet");
    private final ObservableList<PanelItem> panels = FXCollections.observableArrayList();
    private final ObservableList<PanelItem> panelsView = FXCollections.unmodifiableObservableList(panels);
    private final ReadOnlyObjectWrapper<PanelItem> enlarged = new ReadOnlyObjectWrapper<>(this, "enlarged");
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper(this, "hoverText", "");
    private final ReadOnlyStringWrapper explainedLayer = new ReadOnlyStringWrapper(this, "explainedLayer", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyObjectWrapper<ExplainRequest> lastRequest = new ReadOnlyObjectWrapper<>(this, "lastRequest");

    private final PanelScores scores;
    private final AtomicLong generation = new AtomicLong();
    private ModelInfo model;
    private RgbImage image;
    private int classIndex = -1;
    private int suspended;
    private Key lastKey;
    private TaskHandle inFlight;
    private StatusViewModel.Activity activity;

    public ExplanationViewModel(ExplanationService service, TaskExecutor executor, StatusViewModel status) {
        this.service = service;
        this.executor = executor;
        this.status = status;
        this.scores = new PanelScores(service, executor);
        counterfactual.addListener((o, a, b) -> refresh());
        guidedPlusPlus.addListener((o, a, b) -> refresh());
        layer.addListener((o, a, b) -> refresh());
        extraMethod.addListener((o, a, b) -> refresh());
        opacity.addListener((o, a, b) -> rerender());
        colormap.addListener((o, a, b) -> {
            if (b == null) colormap.set(a == null ? ColormapChoice.JET : a);
            else rerender();
        });
        layerChoices.add(new LayerChoice(null, "Automatic"));
        layer.set(layerChoices.get(0));
    }

    // ---- inputs -------------------------------------------------------------------------------

    public BooleanProperty counterfactualProperty() {
        return counterfactual;
    }

    /** Off: Guided Grad-CAM; on: Guided Grad-CAM++. */
    public BooleanProperty guidedPlusPlusProperty() {
        return guidedPlusPlus;
    }

    public ObjectProperty<LayerChoice> layerProperty() {
        return layer;
    }

    public ObservableList<LayerChoice> layerChoices() {
        return layerChoicesView;
    }

    /** The method-menu method shown as an extra panel, or null. */
    public ObjectProperty<MethodId> extraMethodProperty() {
        return extraMethod;
    }

    public DoubleProperty opacityProperty() {
        return opacity;
    }

    public ObjectProperty<ColormapChoice> colormapProperty() {
        return colormap;
    }

    /** A new model: its layers, the automatic layer selected. */
    public void setModel(ModelInfo info) {
        batch(() -> {
            model = info;
            List<LayerChoice> choices = new ArrayList<>();
            choices.add(new LayerChoice(null, info == null || info.defaultLayer() == null ? "Automatic"
                    : "Automatic (" + info.defaultLayer() + ")"));
            if (info != null && info.layers() != null) {
                for (LayerCandidate c : info.layers()) choices.add(new LayerChoice(c.tensor(), c.describe()));
            }
            layerChoices.setAll(choices);
            layer.set(choices.get(0));
            explainedLayer.set(info == null || info.defaultLayer() == null ? "" : info.defaultLayer());
        });
    }

    public void setImage(RgbImage image) {
        this.image = image;
        refresh();
    }

    public void setClassIndex(int classIndex) {
        this.classIndex = classIndex;
        refresh();
    }

    public int getClassIndex() {
        return classIndex;
    }

    /** Applies several input changes with at most one request at the end. */
    public void batch(Runnable changes) {
        suspended++;
        try {
            changes.run();
        } finally {
            suspended--;
        }
        refresh();
    }

    // ---- outputs ------------------------------------------------------------------------------

    /** The panels' Score actions (reset whenever new panels are shown). */
    public PanelScores scores() {
        return scores;
    }

    public ReadOnlyObjectProperty<PanelSet> panelSetProperty() {
        return panelSet.getReadOnlyProperty();
    }

    public PanelSet getPanelSet() {
        return panelSet.get();
    }

    public ObservableList<PanelItem> panels() {
        return panelsView;
    }

    public ReadOnlyObjectProperty<PanelItem> enlargedProperty() {
        return enlarged.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }

    /** The layer the shown CAMs were computed on (the model default before the first result). */
    public ReadOnlyStringProperty explainedLayerProperty() {
        return explainedLayer.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The request most recently sent to the engine. */
    public ReadOnlyObjectProperty<ExplainRequest> lastRequestProperty() {
        return lastRequest.getReadOnlyProperty();
    }

    public ExplainRequest getLastRequest() {
        return lastRequest.get();
    }

    /** The methods the next request asks for. */
    public Set<MethodId> methods() {
        Set<MethodId> m = new LinkedHashSet<>();
        m.add(MethodId.GUIDED_BACKPROP);
        m.add(MethodId.GRADCAM);
        m.add(MethodId.GRADCAMPP);
        m.add(guidedPlusPlus.get() ? MethodId.GUIDED_GRADCAMPP : MethodId.GUIDED_GRADCAM);
        if (extraMethod.get() != null) m.add(extraMethod.get());
        return m;
    }

    // ---- commands -----------------------------------------------------------------------------

    /** Sends a request for the current inputs unless the same one is already shown or running. */
    public void refresh() {
        if (suspended > 0 || image == null || classIndex < 0) return;
        LayerChoice lc = layer.get();
        ExplainRequest request = new ExplainRequest(classIndex, counterfactual.get(), lc == null ? null : lc.tensor(),
                Set.copyOf(methods()));
        Key key = new Key(image, model, request);
        if (key.equals(lastKey)) return;
        lastKey = key;
        abandonInFlight();
        long gen = generation.incrementAndGet();
        lastRequest.set(request);
        RgbImage img = image;
        ModelInfo with = model;
        running.set(true);
        activity = status.begin("Explaining class " + classIndex + (request.counterfactual() ? " (counterfactual)" : "") + "…",
                this::cancel);
        inFlight = executor.submit("explain class " + classIndex,
                cancel -> service.explain(img, request, () -> cancel.isCancelled() || generation.get() != gen),
                set -> {
                    if (gen != generation.get()) return;
                    finishRun();
                    scores.showing(img, with);
                    apply(set);
                },
                error -> {
                    if (gen != generation.get()) return;
                    finishRun();
                    lastKey = null;
                    status.error(error);
                });
    }

    /** Forgets what was sent so the next {@link #refresh()} asks again (e.g. after a model re-open). */
    public void invalidate() {
        lastKey = null;
        refresh();
    }

    /** The progress bar's cancel: stops the running request; the panels shown stay. */
    public void cancel() {
        if (!running.get()) return;
        abandonInFlight();
        generation.incrementAndGet();
        lastKey = null;
        finishRun();
    }

    public void toggleCounterfactual() {
        counterfactual.set(!counterfactual.get());
    }

    public void toggleGuidedVariant() {
        guidedPlusPlus.set(!guidedPlusPlus.get());
    }

    public void nextColormap() {
        ColormapChoice[] all = ColormapChoice.values();
        colormap.set(all[(colormap.get().ordinal() + 1) % all.length]);
    }

    public void adjustOpacity(double delta) {
        opacity.set(Math.round((opacity.get() + delta) * 100) / 100.0);
    }

    public void stepLayer(int delta) {
        if (layerChoices.isEmpty()) return;
        int i = Math.max(0, layerChoices.indexOf(layer.get()));
        int n = layerChoices.size();
        layer.set(layerChoices.get(((i + delta) % n + n) % n));
    }

    /** Cycles none → XGrad-CAM → … → vanilla → none. */
    public void stepExtraMethod() {
        MethodId m = extraMethod.get();
        int i = m == null ? -1 : EXTRA_METHODS.indexOf(m);
        extraMethod.set(i + 1 >= EXTRA_METHODS.size() ? null : EXTRA_METHODS.get(i + 1));
    }

    /** Click on a panel: enlarges it, or closes it when it is the enlarged one. */
    public void enlarge(PanelItem item) {
        enlarged.set(item == null || item == enlarged.get() ? null : item);
    }

    public void closeEnlarged() {
        enlarged.set(null);
    }

    /** Keyboard: enlarges the next panel (the first when none is). */
    public void enlargeNext(int delta) {
        if (panels.isEmpty()) return;
        int i = panels.indexOf(enlarged.get());
        int n = panels.size();
        enlarged.set(panels.get(i < 0 ? (delta > 0 ? 0 : n - 1) : ((i + delta) % n + n) % n));
    }

    public void hover(PanelItem item, int x, int y) {
        hoverText.set(item == null ? "" : item.readout(x, y));
    }

    public void hoverExit() {
        hoverText.set("");
    }

    // ---- internals ----------------------------------------------------------------------------

    private void abandonInFlight() {
        if (inFlight != null) inFlight.cancel();
        inFlight = null;
    }

    private void finishRun() {
        inFlight = null;
        running.set(false);
        status.end(activity);
        activity = null;
    }

    private void apply(PanelSet set) {
        String enlargedSlot = enlarged.get() == null ? null : enlarged.get().slot();
        List<Panel> sorted = new ArrayList<>(set.panels());
        sorted.sort(Comparator.comparingInt(p -> {
            int i = ORDER.indexOf(p.method());
            return i >= 0 ? i : ORDER.size() + p.method().ordinal();
        }));
        String originalCaption = set.target() == null ? "Original"
                : "Original · " + set.target().label() + " (" + set.target().index() + ")";
        List<PanelItem> items = new ArrayList<>();
        items.add(new PanelItem(set.view(), null, originalCaption));
        for (Panel p : sorted) {
            PanelItem item = new PanelItem(set.view(), p, null);
            item.render(opacity.get(), colormap.get());
            items.add(item);
        }
        panelSet.set(set);
        panels.setAll(items);
        explainedLayer.set(Objects.requireNonNullElse(set.layer(), ""));
        hoverText.set("");
        PanelItem again = null;
        if (enlargedSlot != null) for (PanelItem i : items) if (i.slot().equals(enlargedSlot)) again = i;
        enlarged.set(again);
    }

    private void rerender() {
        for (PanelItem item : panels) item.render(opacity.get(), colormap.get());
    }
}
