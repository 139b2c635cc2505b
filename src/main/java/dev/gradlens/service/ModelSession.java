package dev.gradlens.service;

import dev.gradlens.GradLensException;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.ImageInput;
import dev.gradlens.inference.LayerCandidate;
import dev.gradlens.inference.Labels;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.inference.ModelDescriptor;
import dev.gradlens.inference.ModelDescriptorReader;
import dev.gradlens.inference.PreparedInput;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.inference.Preprocessor;
import dev.gradlens.inference.QuantizationAgreement;
import dev.gradlens.onnx.DequantizedModel;
import dev.gradlens.onnx.Dequantizer;
import dev.gradlens.onnx.OnnxModel;
import dev.gradlens.onnx.OnnxModelLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One opened model as the CLI and the window use it: the ONNX file, its descriptor (or the guess
 * made without one), labels, the analysis and the explainable sessions. Opening does all the
 * checks, so a model that opens can be explained.
 */
public final class ModelSession implements AutoCloseable {
    private final Path file;
    private final ModelDescriptor descriptor;
    private final Preprocessing preprocessing;
    private final boolean guessed;
    private final Labels labels;
    private final ModelAnalysis analysis;
    private final ExplainableModel explainable;
    private final String defaultLayer;
    private final List<String> notes;
    private final OnnxModel quantizedOriginal;

    private ModelSession(Path file, ModelDescriptor descriptor, Preprocessing preprocessing, boolean guessed, Labels labels,
                         ModelAnalysis analysis, ExplainableModel explainable, String defaultLayer, List<String> notes,
                         OnnxModel quantizedOriginal) {
        this.file = file;
        this.descriptor = descriptor;
        this.preprocessing = preprocessing;
        this.guessed = guessed;
        this.labels = labels;
        this.analysis = analysis;
        this.explainable = explainable;
        this.defaultLayer = defaultLayer;
        this.notes = notes;
        this.quantizedOriginal = quantizedOriginal;
    }

    /** The int8 model this session explains a dequantized copy of, or null for float models. */
    public OnnxModel quantizedOriginal() {
        return quantizedOriginal;
    }

    /**
     * For a dequantized copy: how the copy's top-5 agrees with the int8 original on this input
     * (both run by ONNX Runtime). Null for float models.
     */
    public String quantizationAgreement(float[] input) {
        if (quantizedOriginal == null) return null;
        QuantizationAgreement.Result r = QuantizationAgreement.compare(quantizedOriginal, analysis.model(), input,
                analysis.input().shape(1), 5);
        return "dequantized copy vs int8 original on this image: " + r.describe();
    }

    /**
     * @param override preprocessing chosen by the user, or null to use the descriptor (or the guess)
     * @param labelsFile labels given on the command line, or null
     */
    public static ModelSession open(Path onnx, Preprocessing override, Path labelsFile, Device device) {
        OnnxModel original = OnnxModelLoader.load(onnx);
        Optional<ModelDescriptor> desc = ModelDescriptorReader.readFor(onnx);
        List<String> notes = new ArrayList<>();
        // Quantized ops have no gradient: explain a float copy with dequantized weights, and say so.
        DequantizedModel dq = new Dequantizer().dequantize(original);
        OnnxModel model = dq.changed() ? dq.model() : original;
        if (dq.changed()) notes.addAll(dq.notes());
        Labels labels = labelsFile != null ? Labels.load(labelsFile) : desc.map(ModelDescriptor::labelList).orElse(Labels.NONE);
        int[] sizeHint = null;
        if (override != null) sizeHint = new int[] {override.width(), override.height()};
        else if (desc.isPresent() && desc.get().input().width() != null && desc.get().input().height() != null)
            sizeHint = new int[] {desc.get().input().width(), desc.get().input().height()};
        String outputHint = desc.map(d -> d.output().name()).orElse(null);
        ModelAnalysis analysis = ModelAnalysis.analyse(model, sizeHint, outputHint, labels.size());
        ImageInput in = analysis.input();
        if (labels.size() != 0 && labels.size() != analysis.classes()) {
            notes.add("the labels list " + labels.size() + " names but the model has " + analysis.classes() + " classes: labels ignored");
            labels = Labels.NONE;
        }
        Preprocessing pre;
        boolean guessed = false;
        if (override != null) {
            pre = override.withSize(in.width(), in.height());
        } else if (desc.isPresent()) {
            pre = desc.get().toPreprocessing(in.width(), in.height(), in.layout(), in.channels());
        } else if (in.integer()) {
            // the graph normalizes its integer pixels itself: feed them raw (0–255), only resized and cropped
            Preprocessing net = Preprocessing.imagenet(in.width(), in.height(), in.layout(), in.channels());
            float[] zero = new float[net.mean().length], one = new float[net.std().length];
            java.util.Arrays.fill(one, 1f);
            pre = new Preprocessing(net.width(), net.height(), net.layout(), net.channels(), false, net.resize(), net.resizeShorter(), 1f, zero, one);
            guessed = true;
            notes.add("no descriptor beside the model: feeding raw RGB pixels 0–255 (resize shorter side, centre crop "
                    + in.width() + "×" + in.height() + ")");
        } else {
            pre = Preprocessing.imagenet(in.width(), in.height(), in.layout(), in.channels());
            guessed = true;
            notes.add("no descriptor beside the model: assuming ImageNet preprocessing (resize shorter side, centre crop "
                    + in.width() + "×" + in.height() + ", ImageNet mean/std, RGB)");
        }
        if (in.integer()) {
            notes.add(dev.gradlens.onnx.ElementType.name(in.elementType()) + " image input: the preprocessing inside the graph is used as is, "
                    + "and input gradients are taken with respect to '" + in.gradientTensor() + "', the first float tensor computed from it");
        }
        if (pre.layout() != in.layout() || pre.channels() != in.channels()) {
            pre = new Preprocessing(pre.width(), pre.height(), in.layout(), in.channels(), pre.bgr(), pre.resize(), pre.resizeShorter(),
                    pre.scale(), in.channels() == pre.channels() ? pre.mean() : Preprocessing.imagenet(1, 1, in.layout(), in.channels()).mean(),
                    in.channels() == pre.channels() ? pre.std() : Preprocessing.imagenet(1, 1, in.layout(), in.channels()).std());
        }
        if (in.layout() == dev.gradlens.inference.Layout.NHWC) notes.add("channels-last (NHWC) input detected");
        if (in.dynamicSize()) notes.add("the model accepts any input size: using " + in.width() + "×" + in.height());
        if (analysis.scoreNote() != null) notes.add(analysis.scoreNote());
        if (analysis.defaultNote() != null) notes.add(analysis.defaultNote());
        String layer = analysis.defaultLayer().tensor();
        String wanted = desc.map(ModelDescriptor::defaultLayer).orElse(null);
        if (wanted != null) {
            boolean known = analysis.candidates().stream().anyMatch(c -> c.tensor().equals(wanted));
            if (known) layer = wanted;
            else notes.add("the descriptor's default layer '" + wanted + "' is not a CAM candidate: using " + layer);
        }
        ExplainableModel explainable = new ExplainableModel(analysis, device);
        if (device == Device.CUDA) {
            // start the forward session now: a CUDA failure (and the CPU fallback) shows when the
            // model opens, in the window's status bar and the CLI's notes, not at the first image
            try {
                explainable.startDevice();
            } catch (RuntimeException ex) {
                explainable.close();
                throw ex;
            }
        }
        return new ModelSession(onnx, desc.orElse(null), pre, guessed, labels, analysis, explainable, layer, notes,
                dq.changed() ? original : null);
    }

    public PreparedInput prepare(RgbImage image) {
        return Preprocessor.prepare(image, preprocessing);
    }

    /** The class a user means by an index or (part of) a label. */
    public int resolveClass(String indexOrLabel) {
        try {
            int idx = Integer.parseInt(indexOrLabel.trim());
            if (idx < 0 || idx >= analysis.classes()) {
                throw new GradLensException("Class " + idx + " is out of range: the model has " + analysis.classes()
                        + " classes (0–" + (analysis.classes() - 1) + ")");
            }
            return idx;
        } catch (NumberFormatException notANumber) {
            return labels.find(indexOrLabel).orElseThrow(() -> new GradLensException("No class matches '" + indexOrLabel + "'"
                    + (labels.size() == 0 ? " (the model has no labels: give a class index or --labels)" : "")));
        }
    }

    public String label(int index) {
        return labels.name(index);
    }

    public String layerOrDefault(String layer) {
        if (layer == null) return defaultLayer;
        analysis.layer(layer);
        return layer;
    }

    public ModelInfo info() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < analysis.classes(); i++) names.add(labels.name(i));
        String name = descriptor != null && descriptor.name() != null ? descriptor.name() : file.getFileName().toString();
        List<LayerCandidate> layers = analysis.candidates();
        return new ModelInfo(name, file, preprocessing, guessed, explainable.device(), explainable.deviceNote(), defaultLayer, layers,
                List.copyOf(names), analysis.scoreNote(), List.copyOf(notes));
    }

    public Path file() { return file; }
    public Preprocessing preprocessing() { return preprocessing; }
    public boolean preprocessingGuessed() { return guessed; }
    public Labels labels() { return labels; }
    public ModelAnalysis analysis() { return analysis; }
    public ExplainableModel explainable() { return explainable; }
    public String defaultLayer() { return defaultLayer; }
    public List<String> notes() { return notes; }

    @Override
    public void close() {
        explainable.close();
    }
}
