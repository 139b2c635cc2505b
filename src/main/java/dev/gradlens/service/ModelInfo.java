package dev.gradlens.service;

import dev.gradlens.inference.Device;
import dev.gradlens.inference.LayerCandidate;
import dev.gradlens.inference.Preprocessing;

import java.nio.file.Path;
import java.util.List;

/**
 * What the window's status bar, class search and layer picker show about the open model.
 *
 * @param name                 display name (descriptor name or file name)
 * @param file                 the .onnx file
 * @param preprocessing        how images are prepared (input size inside)
 * @param preprocessingGuessed true when no descriptor was found and ImageNet conventions were assumed
 * @param device               where ONNX Runtime really runs
 * @param deviceNote           why that is not the device asked for, or null
 * @param defaultLayer         the automatically chosen CAM layer
 * @param layers               every candidate CAM layer, in graph order
 * @param labels               class labels, index = class (generated "class N" when unknown)
 * @param scoreNote            e.g. "the model ends in Softmax: explaining its input", or null
 * @param notes                other facts worth telling the user (dequantized copy, guessed layout...)
 */
public record ModelInfo(String name, Path file, Preprocessing preprocessing, boolean preprocessingGuessed,
                        Device device, String deviceNote, String defaultLayer, List<LayerCandidate> layers,
                        List<String> labels, String scoreNote, List<String> notes) {

    public int classes() {
        return labels.size();
    }

    /** Vocabularies up to this size are named in full where the model is described. */
    public static final int NAMED_CLASSES = 20;

    /**
     * What the model can answer, in words: a classifier forces every image into one of its classes,
     * so a teaching model of ten clip-art classes calls a real dog photo something from its ten.
     */
    public String knownClasses() {
        return knownClasses(labels);
    }

    /** "knows 10 classes: apple, bicycle, …; every image is scored as one of them" (names up to {@value #NAMED_CLASSES}). */
    public static String knownClasses(List<String> labels) {
        int n = labels.size();
        if (n == 0) return "";
        if (n > NAMED_CLASSES) return "knows " + n + " classes";
        return "knows " + n + " classes: " + String.join(", ", labels) + "; every image is scored as one of them";
    }
}
