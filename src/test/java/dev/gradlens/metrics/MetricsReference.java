package dev.gradlens.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.inference.Device;
import dev.gradlens.service.ModelSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The reference values written by src/test/python/metrics_reference.py (NumPy/PyTorch, from the
 * papers) and the tiny CNN they were computed on.
 */
final class MetricsReference {
    private MetricsReference() {
    }

    static Path model() {
        try {
            return Path.of(MetricsReference.class.getResource("tiny-metrics.onnx").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelSession open() {
        return ModelSession.open(model(), null, null, Device.CPU);
    }

    static JsonNode json() {
        try (var in = MetricsReference.class.getResourceAsStream("reference.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) array.get(i).asDouble();
        return out;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asDouble();
        return out;
    }
}
