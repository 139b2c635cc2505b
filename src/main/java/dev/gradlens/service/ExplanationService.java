package dev.gradlens.service;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Preprocessing;

import java.nio.file.Path;
import java.util.List;

/**
 * The engine as the window and the CLI use it. Calls block and may take seconds: the app calls
 * them through its task executor, never on the FX thread. Failures are GradLensExceptions with a
 * one-line message; a failed openModel leaves the previous model in place.
 */
public interface ExplanationService extends AutoCloseable {

    /** Opens the embedded default (teaching) model. */
    ModelInfo openDefaultModel();

    /** The embedded teaching models, default first (e.g. scenes-clean, scenes-biased for the bias demo). */
    default java.util.List<String> embeddedModels() {
        return java.util.List.of();
    }

    /** Opens one of {@link #embeddedModels()}. */
    default ModelInfo openEmbeddedModel(String name) {
        throw new dev.gradlens.GradLensException("No embedded model named '" + name + "' in this build");
    }

    /** Opens any .onnx, with its descriptor when present, else with guessed (ImageNet) preprocessing. */
    ModelInfo openModel(Path onnx);

    /** Opens a model with preprocessing chosen by the user (remembered per model file hash). */
    ModelInfo openModel(Path onnx, Preprocessing preprocessing);

    /** The open model, or null before the first successful open. */
    ModelInfo model();

    /** Forward pass; the result is cached per image and model, so switching class reuses it. */
    Prediction predict(RgbImage image);

    /** The panels for one class of one image. */
    PanelSet explain(RgbImage image, ExplainRequest request, Cancellation cancel);

    /**
     * A panel's "Score" action: Average Drop, Increase in Confidence and the deletion and insertion
     * curves of the panel's map on {@code image} (the image the panel was computed for), for the
     * panel's class (docs/conventions.md, "Faithfulness metrics").
     */
    default dev.gradlens.metrics.PanelScore score(RgbImage image, Panel panel, Cancellation cancel) {
        throw new dev.gradlens.GradLensException("Scoring a panel needs the local engine");
    }

    /**
     * The sanity check of the open model on {@code image} (Tools › Sanity check…); {@code stepsDone}
     * hears, on the worker, how many randomisation steps are done.
     */
    default SanityRun sanityCheck(RgbImage image, SanityRequest request, Cancellation cancel, java.util.function.IntConsumer stepsDone) {
        throw new dev.gradlens.GradLensException("The sanity check needs the local engine");
    }

    /** The bundled sample images. */
    List<SampleImage> samples();

    @Override
    void close();
}
