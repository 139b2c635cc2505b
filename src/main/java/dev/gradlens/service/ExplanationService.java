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

    /** The bundled sample images. */
    List<SampleImage> samples();

    @Override
    void close();
}
