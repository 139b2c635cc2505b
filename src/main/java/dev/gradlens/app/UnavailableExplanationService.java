package dev.gradlens.app;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.service.ExplainRequest;
import dev.gradlens.service.ExplanationService;
import dev.gradlens.service.ModelInfo;
import dev.gradlens.service.PanelSet;
import dev.gradlens.service.Prediction;
import dev.gradlens.service.SampleImage;

import java.nio.file.Path;
import java.util.List;

/** Stands in when the engine could not be created: the window still opens and says why on each use. */
public final class UnavailableExplanationService implements ExplanationService {
    private final String reason;

    public UnavailableExplanationService(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    private GradLensException fail() {
        return new GradLensException(reason);
    }

    @Override
    public ModelInfo openDefaultModel() {
        throw fail();
    }

    @Override
    public ModelInfo openModel(Path onnx) {
        throw fail();
    }

    @Override
    public ModelInfo openModel(Path onnx, Preprocessing preprocessing) {
        throw fail();
    }

    @Override
    public ModelInfo model() {
        return null;
    }

    @Override
    public Prediction predict(RgbImage image) {
        throw fail();
    }

    @Override
    public PanelSet explain(RgbImage image, ExplainRequest request, Cancellation cancel) {
        throw fail();
    }

    @Override
    public List<SampleImage> samples() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
