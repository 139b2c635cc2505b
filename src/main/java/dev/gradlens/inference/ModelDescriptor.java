package dev.gradlens.inference;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a sidecar JSON next to an .onnx says about the model. Every field is optional: null (or an
 * empty list) means "not stated", and {@link #toPreprocessing(Preprocessing)} fills the gaps from
 * what the ONNX file itself tells (input size, layout, channels) and from ImageNet conventions.
 *
 * @param name          display name
 * @param input         how photos become the input
 * @param output        which output holds the class scores and what kind of scores they are
 * @param defaultLayer  the tensor to explain by default (e.g. the last conv block's output)
 * @param source        where the model comes from, one line
 * @param license       the model's licence
 * @param labels        class names (line i = class i); empty when none
 * @param labelsFile    the labels file as named in (or implied by) the descriptor, relative to it;
 *                      null for inline or absent labels. Kept so that saving writes the reference back.
 * @param file          the descriptor file this was read from; null when built in code
 */
public record ModelDescriptor(String name, Input input, Output output, String defaultLayer, String source,
                              String license, List<String> labels, String labelsFile, Path file) {

    public ModelDescriptor {
        input = input == null ? Input.EMPTY : input;
        output = output == null ? Output.EMPTY : output;
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /**
     * The input conventions. {@code width}/{@code height} are the model's input size in pixels;
     * {@code channels} 1 (grey) or 3; {@code bgr} true when channel 0 is blue; {@code resizeText}
     * the descriptor's own words when it described the resize in prose (kept for display).
     * {@code mean}/{@code std} have 1 or {@code channels} values in the model's channel order.
     */
    public record Input(String name, Layout layout, Integer width, Integer height, Integer channels, Boolean bgr,
                        ResizeMode resize, Integer resizeShorter, String resizeText, Float scale, float[] mean,
                        float[] std) {
        public static final Input EMPTY = new Input(null, null, null, null, null, null, null, null, null, null, null, null);

        public Input {
            mean = mean == null ? null : mean.clone();
            std = std == null ? null : std.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Input i && Objects.equals(name, i.name) && layout == i.layout
                    && Objects.equals(width, i.width) && Objects.equals(height, i.height)
                    && Objects.equals(channels, i.channels) && Objects.equals(bgr, i.bgr) && resize == i.resize
                    && Objects.equals(resizeShorter, i.resizeShorter) && Objects.equals(resizeText, i.resizeText)
                    && Objects.equals(scale, i.scale) && Arrays.equals(mean, i.mean) && Arrays.equals(std, i.std);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, layout, width, height, channels, bgr, resize, resizeShorter, resizeText, scale,
                    Arrays.hashCode(mean), Arrays.hashCode(std));
        }

        @Override
        public String toString() {
            return "Input[name=" + name + ", layout=" + layout + ", size=" + width + "x" + height + ", channels=" + channels
                    + ", bgr=" + bgr + ", resize=" + resize + "/" + resizeShorter + ", scale=" + scale
                    + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
        }
    }

    /** {@code name}: the output tensor with the class scores; {@code kind}: what those scores are. */
    public record Output(String name, OutputKind kind) {
        public static final Output EMPTY = new Output(null, null);
    }

    /** What the scores output holds; the explained score is always the pre-softmax logit. */
    public enum OutputKind {
        LOGITS("logits"), PROBABILITIES("probabilities"), LOG_PROBABILITIES("log_probabilities");

        private final String id;

        OutputKind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Our ids plus common spellings (probs, softmax, log_softmax, logsoftmax, scores). */
        public static OutputKind parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
            return switch (t) {
                case "logits", "logit", "scores", "raw" -> LOGITS;
                case "probabilities", "probability", "probs", "prob", "softmax" -> PROBABILITIES;
                case "log_probabilities", "log_probs", "log_prob", "log_softmax", "logsoftmax", "logprobs" -> LOG_PROBABILITIES;
                default -> throw new IllegalArgumentException("unknown output kind '" + text
                        + "' (use logits, probabilities or log_probabilities)");
            };
        }
    }

    /** A descriptor holding exactly the given preprocessing (what the preprocessing dialog saves). */
    public static ModelDescriptor of(Preprocessing p) {
        return new ModelDescriptor(null, inputOf(null, null, p), null, null, null, null, List.of(), null, null);
    }

    /** This descriptor with its input conventions replaced by {@code p} (input name and prose kept). */
    public ModelDescriptor withPreprocessing(Preprocessing p) {
        return new ModelDescriptor(name, inputOf(input.name(), input.resizeText(), p), output, defaultLayer, source,
                license, labels, labelsFile, file);
    }

    private static Input inputOf(String inputName, String resizeText, Preprocessing p) {
        // the prose no longer describes the settings once they are chosen explicitly
        return new Input(inputName, p.layout(), p.width(), p.height(), p.channels(), p.bgr(), p.resize(),
                p.resizeShorter(), null, p.scale(), p.mean(), p.std());
    }

    public boolean hasLabels() {
        return !labels.isEmpty();
    }

    public Labels labelList() {
        return labels.isEmpty() ? Labels.NONE : Labels.of(labels);
    }

    /**
     * The preprocessing this descriptor describes, with anything it does not state taken from
     * {@code fallback} (typically {@link Preprocessing#imagenet} for the ONNX input's size, layout
     * and channels). When the channel count changes, the fallback's mean/std no longer fit and
     * the ImageNet grey/colour defaults are used instead.
     *
     * @throws dev.gradlens.GradLensException when the stated values do not fit the model (e.g. 3
     *                                        means for a grey input)
     */
    public Preprocessing toPreprocessing(Preprocessing fallback) {
        int w = input.width() != null ? input.width() : fallback.width();
        int h = input.height() != null ? input.height() : fallback.height();
        Layout layout = input.layout() != null ? input.layout() : fallback.layout();
        int channels = input.channels() != null ? input.channels() : fallback.channels();
        boolean bgr = input.bgr() != null ? input.bgr() : fallback.bgr();
        ResizeMode resize = input.resize() != null ? input.resize() : fallback.resize();
        int shorter;
        if (input.resizeShorter() != null) shorter = input.resizeShorter();
        else if (fallback.resize() == ResizeMode.SHORTER_SIDE_CENTER_CROP && w == fallback.width() && h == fallback.height())
            shorter = fallback.resizeShorter();
        else shorter = Math.round(Math.min(w, h) * 256f / 224f);
        float scale = input.scale() != null ? input.scale() : fallback.scale();
        Preprocessing defaults = channels == fallback.channels() ? fallback : Preprocessing.imagenet(w, h, layout, channels);
        float[] mean = input.mean() != null ? input.mean() : defaults.mean();
        float[] std = input.std() != null ? input.std() : defaults.std();
        try {
            return new Preprocessing(w, h, layout, channels, bgr, resize, shorter, scale, mean.clone(), std.clone());
        } catch (IllegalArgumentException e) {
            String where = file != null ? "Model descriptor '" + file.getFileName() + "'" : "Model settings";
            throw new dev.gradlens.GradLensException(where + " do not fit the model: " + e.getMessage()
                    + " (input has " + channels + " channel" + (channels == 1 ? "" : "s") + ")", e);
        }
    }

    /** {@link #toPreprocessing(Preprocessing)} with ImageNet defaults for the given input geometry. */
    public Preprocessing toPreprocessing(int width, int height, Layout layout, int channels) {
        return toPreprocessing(Preprocessing.imagenet(width, height, layout, channels));
    }
}
