package dev.gradlens.metrics;

import dev.gradlens.explain.Softmax;

/**
 * Which number of the model's output the metrics call "the score" of a class. GradLens's score
 * tensor is the pre-softmax one (a final Softmax is stepped over by the model analysis), so the
 * metrics use its softmax probability, as the Grad-CAM++ paper's confidence. A model whose score
 * tensor already holds probabilities (values in [0, 1] summing to 1 on the image, e.g. a softmax
 * hidden in a custom op) is read as it is: a second softmax would squash every drop.
 */
public enum ScoreReadout {
    SOFTMAX("softmax probability of the class"),
    RAW("the model's own output value (it already sums to 1: no softmax applied)");

    private final String description;

    ScoreReadout(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** SOFTMAX unless the image's scores already form a probability vector. */
    public static ScoreReadout choose(float[] scores) {
        double sum = 0;
        for (float v : scores) {
            if (!(v >= 0 && v <= 1)) return SOFTMAX;
            sum += v;
        }
        return Math.abs(sum - 1) < 1e-3 ? RAW : SOFTMAX;
    }

    /** The score of class {@code cls} from the k scores at {@code offset}. */
    public double read(float[] scores, int offset, int k, int cls) {
        return this == RAW ? scores[offset + cls] : Softmax.of(scores, offset, k)[cls];
    }
}
