package dev.gradlens.cli;

import dev.gradlens.inference.Device;
import dev.gradlens.service.ModelSession;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --model, --labels and --device, mixed into every command that opens a model. */
public class ModelOptionsMixin {
    @Option(names = "--model", required = true, paramLabel = "M.onnx", description = "ONNX classifier (a descriptor JSON beside it is used when present)")
    Path model;

    @Option(names = "--labels", paramLabel = "L.txt", description = "class labels, one per line (overrides the descriptor's)")
    Path labels;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda", description = "where ONNX Runtime runs (default: ${DEFAULT-VALUE}; cuda falls back to cpu with a note)")
    String device;

    ModelSession open() {
        return ModelSession.open(model, null, labels, Device.parse(device));
    }
}
