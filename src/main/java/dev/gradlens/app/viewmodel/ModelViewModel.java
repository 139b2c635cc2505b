package dev.gradlens.app.viewmodel;

import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.service.ExplanationService;
import dev.gradlens.service.ModelInfo;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The open model: opening the default one at start, any .onnx, or one with user-chosen
 * preprocessing, and what the status bar says about it. Model opens are applied in submission
 * order and never dropped (the engine has switched by the time a result arrives).
 */
public final class ModelViewModel {
    private final ExplanationService service;
    private final TaskExecutor executor;
    private final StatusViewModel status;

    private final ReadOnlyObjectWrapper<ModelInfo> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyObjectWrapper<ModelInfo> preprocessingOffer = new ReadOnlyObjectWrapper<>(this, "preprocessingOffer");
    private int pending;

    private final StringBinding name;
    private final StringBinding inputSize;
    private final StringBinding device;
    private final StringBinding deviceNote;
    private final StringBinding classes;
    private final StringBinding classesDetail;

    public ModelViewModel(ExplanationService service, TaskExecutor executor, StatusViewModel status) {
        this.service = service;
        this.executor = executor;
        this.status = status;
        name = Bindings.createStringBinding(() -> model.get() == null ? (loading.get() ? "Loading model…" : "No model") : model.get().name(), model, loading);
        inputSize = Bindings.createStringBinding(() -> {
            ModelInfo m = model.get();
            if (m == null) return "";
            Preprocessing p = m.preprocessing();
            return p.width() + "×" + p.height() + (p.channels() == 1 ? " grey" : "") + (m.preprocessingGuessed() ? " (guessed)" : "");
        }, model);
        device = Bindings.createStringBinding(() -> model.get() == null ? "" : model.get().device().name(), model);
        deviceNote = Bindings.createStringBinding(() -> model.get() == null ? null : model.get().deviceNote(), model);
        classes = Bindings.createStringBinding(() -> model.get() == null ? "" : model.get().classes() + " classes", model);
        classesDetail = Bindings.createStringBinding(() -> model.get() == null ? "" : "The model " + model.get().knownClasses(), model);
    }

    /** "10 classes": what the model can answer, always on screen (a classifier forces every image into one). */
    public StringBinding classesBinding() {
        return classes;
    }

    /** "The model knows 10 classes: apple, …; every image is scored as one of them" (names up to 20 classes). */
    public StringBinding classesDetailBinding() {
        return classesDetail;
    }

    public ReadOnlyObjectProperty<ModelInfo> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ModelInfo getModel() {
        return model.get();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Set when the open model's preprocessing was guessed: the view offers the preprocessing dialog. */
    public ReadOnlyObjectProperty<ModelInfo> preprocessingOfferProperty() {
        return preprocessingOffer.getReadOnlyProperty();
    }

    public StringBinding nameBinding() {
        return name;
    }

    public StringBinding inputSizeBinding() {
        return inputSize;
    }

    public StringBinding deviceBinding() {
        return device;
    }

    /** Why the device is not the one asked for (e.g. CUDA requested but unavailable), or null. */
    public StringBinding deviceNoteBinding() {
        return deviceNote;
    }

    public void openDefault() {
        open("Loading the default model…", service::openDefaultModel);
    }

    /** The teaching models shipped with the app (the biased twin is the bias demo). */
    public java.util.List<String> embeddedModels() {
        return service.embeddedModels();
    }

    public void openEmbedded(String name) {
        open("Loading " + name + "…", () -> service.openEmbeddedModel(name));
    }

    public void openModel(Path onnx) {
        openModel(onnx, onnx.getFileName().toString());
    }

    /** As {@link #openModel(Path)}, saying {@code title} rather than the file name (a catalog model's is always model.onnx). */
    public void openModel(Path onnx, String title) {
        open("Opening " + title + "…", () -> service.openModel(onnx));
    }

    public void openModel(Path onnx, Preprocessing preprocessing) {
        preprocessingOffer.set(null);
        open("Opening " + onnx.getFileName() + " with the chosen preprocessing…", () -> service.openModel(onnx, preprocessing));
    }

    /** Re-opens the current model file with the given preprocessing (the dialog's OK). */
    public void applyPreprocessing(Preprocessing preprocessing) {
        ModelInfo m = model.get();
        if (m == null || m.file() == null) {
            status.warn("Open a model file first: the preprocessing belongs to a model file");
            return;
        }
        openModel(m.file(), preprocessing);
    }

    public void declinePreprocessingOffer() {
        preprocessingOffer.set(null);
    }

    private void open(String text, Supplier<ModelInfo> call) {
        StatusViewModel.Activity activity = status.begin(text, null);
        pending++;
        loading.set(true);
        executor.submit(text, cancel -> call.get(), info -> {
            finish(activity);
            model.set(info);
            preprocessingOffer.set(info != null && info.preprocessingGuessed() ? info : null);
            if (info != null && !info.preprocessingGuessed()) {
                java.util.List<String> facts = new java.util.ArrayList<>();
                if (info.scoreNote() != null && !info.scoreNote().isBlank()) facts.add(info.scoreNote());
                if (info.notes() != null) facts.addAll(info.notes());
                if (!facts.isEmpty()) status.info(info.name() + ": " + String.join("; ", facts));
            }
        }, error -> {
            finish(activity);
            status.error(error);
        });
    }

    private void finish(StatusViewModel.Activity activity) {
        status.end(activity);
        pending--;
        loading.set(pending > 0);
    }
}
