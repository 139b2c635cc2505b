package dev.gradlens.metrics;

/**
 * The images of the deletion and insertion curves (Petsiuk et al. 2018, RISE §4.1). Pixels are
 * taken in order of relevance, most relevant first ({@link ExplanationMask#order()}); after step k
 * of S the first n_k = ⌊k·N/S⌋ of the N pixels are affected, so step 0 is untouched and step S
 * affects every pixel.
 * <ul>
 * <li>deletion: the affected pixels are set to 0 in the model's normalised input (the data set's
 * mean colour for mean/std preprocessing), all channels;</li>
 * <li>insertion: start from {@link GaussianBlur} of the image and put the affected pixels back.</li>
 * </ul>
 * Step 0 of deletion and step S of insertion are the image itself, whose score is known, so each
 * curve costs S images, and both curves of one map go into one batched run.
 */
public final class DeletionInsertion {
    private DeletionInsertion() {
    }

    /** n_k = ⌊k·N/S⌋. */
    public static int affected(int k, int pixels, int steps) {
        return (int) ((long) k * pixels / steps);
    }

    /** Deletion images for steps 1..S, concatenated. */
    public static float[] deletionImages(float[] input, InputSpace space, int[] order, int steps) {
        int per = space.values(), n = space.pixels();
        float[] out = new float[steps * per];
        float[] img = input.clone();
        int done = 0;
        for (int k = 1; k <= steps; k++) {
            int upTo = affected(k, n, steps);
            for (; done < upTo; done++) for (int c = 0; c < space.channels(); c++) img[space.index(c, order[done])] = 0f;
            System.arraycopy(img, 0, out, (k - 1) * per, per);
        }
        return out;
    }

    /** Insertion images for steps 0..S−1, concatenated. */
    public static float[] insertionImages(float[] input, float[] blurred, InputSpace space, int[] order, int steps) {
        int per = space.values(), n = space.pixels();
        float[] out = new float[steps * per];
        float[] img = blurred.clone();
        int done = 0;
        for (int k = 0; k < steps; k++) {
            int upTo = affected(k, n, steps);
            for (; done < upTo; done++) for (int c = 0; c < space.channels(); c++) {
                int i = space.index(c, order[done]);
                img[i] = input[i];
            }
            System.arraycopy(img, 0, out, k * per, per);
        }
        return out;
    }

    /** The deletion curve [S+1] from the image's score y and the scores of steps 1..S. */
    public static MetricValue deletion(double y, float[] stepScores) {
        float[] curve = new float[stepScores.length + 1];
        curve[0] = (float) y;
        System.arraycopy(stepScores, 0, curve, 1, stepScores.length);
        return new MetricValue(Metric.DELETION_AUC, Auc.trapezoid(curve), curve, null);
    }

    /** The insertion curve [S+1] from the scores of steps 0..S−1 and the image's score y. */
    public static MetricValue insertion(double y, float[] stepScores) {
        float[] curve = new float[stepScores.length + 1];
        System.arraycopy(stepScores, 0, curve, 0, stepScores.length);
        curve[stepScores.length] = (float) y;
        return new MetricValue(Metric.INSERTION_AUC, Auc.trapezoid(curve), curve, null);
    }
}
