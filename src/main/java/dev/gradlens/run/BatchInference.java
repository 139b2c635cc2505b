package dev.gradlens.run;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.Softmax;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.GradientResult;
import dev.gradlens.tensor.Ranking;
import dev.gradlens.tensor.Tensor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX Runtime work of one batch. Where the model's head can be cut below the CAM layer
 * ({@link HeadGradients}), one forward pass of the batch gives the scores (hence the predicted class)
 * and the activations A, and the head alone gives ∂S_c/∂A for every (image, class) row wanted: true,
 * predicted and --target classes. Otherwise the full gradient graph (one seed row per image) runs
 * seeded with each image's true class, and only the classes still missing (the predicted class of a
 * mistake, --target classes) cost a second run, batched over just those (image, class) pairs.
 *
 * <p>Where the model hard-codes a batch of 1, the first batched failure switches to one image per run.
 */
final class BatchInference {
    private static final Set<RectifierPolicy> NO_INPUT_GRADIENTS = EnumSet.noneOf(RectifierPolicy.class);
    private final ExplainableModel model;
    private final String layer;
    private final int classes;
    private final int perImage;
    private final int maxBatch;
    private String batchFailure;
    private final HeadGradients head;

    /** Per image: scores [K], activations [C, h, w] (null when forward-only), ∂S_c/∂A [C, h, w] per class c. */
    record Result(float[] scores, float[] probabilities, Tensor activation, Map<Integer, Tensor> gradients) {
        int predicted() {
            return Ranking.argmax(probabilities);
        }
    }

    /** @param gradients whether gradients will be asked for (the head graph is only cut then) */
    BatchInference(ExplainableModel model, String layer, int maxBatch, boolean gradients) {
        this.model = model;
        this.layer = layer;
        this.classes = model.analysis().classes();
        this.perImage = model.analysis().input().valuesPerImage();
        this.maxBatch = maxBatch;
        this.head = gradients && !Boolean.getBoolean("gradlens.run.fullGraph") ? HeadGradients.cut(model, layer) : null;
    }

    /** True when ∂S/∂A comes from the cut-out head (one forward per image, head runs per class). */
    boolean usesHead() {
        return head != null;
    }

    void close() {
        if (head != null) head.close();
    }

    String batchFailure() {
        return batchFailure;
    }

    /** Scores only (the benchmark's baseline): one forward of the batch. */
    List<Result> forward(List<float[]> images) {
        int n = images.size();
        Tensor s = null;
        if (n > 1 && batchFailure == null) {
            try {
                s = model.forward(concat(images, null), n);
            } catch (GradLensException e) {
                batchFailure = e.getMessage();
            }
        }
        List<Result> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] row = s != null ? java.util.Arrays.copyOfRange(s.data(), i * classes, (i + 1) * classes) : model.forward(images.get(i), 1).data();
            out.add(new Result(row, Softmax.probabilities(row), null, Map.of()));
        }
        return out;
    }

    /**
     * Scores, activations and the gradients of every wanted class.
     *
     * @param trueClass the seed of the first run per image (-1: unlabelled, seeded with zeros)
     * @param targets   classes wanted for every image besides the true and the predicted one
     */
    List<Result> explain(List<float[]> images, int[] trueClass, List<Integer> targets) {
        if (head != null) return explainWithHead(images, trueClass, targets);
        int n = images.size();
        int[] seedClass = trueClass.clone();
        Run first = gradients(images, seedClass);
        List<Result> out = new ArrayList<>(n);
        List<int[]> missing = new ArrayList<>(); // {image, class}
        for (int i = 0; i < n; i++) {
            float[] scores = java.util.Arrays.copyOfRange(first.scores, i * classes, (i + 1) * classes);
            float[] probs = Softmax.probabilities(scores);
            Map<Integer, Tensor> grads = new LinkedHashMap<>();
            if (trueClass[i] >= 0) grads.put(trueClass[i], first.grad(i));
            Set<Integer> wanted = new LinkedHashSet<>();
            wanted.add(Ranking.argmax(probs));
            wanted.addAll(targets);
            for (int c : wanted) if (!grads.containsKey(c)) missing.add(new int[] {i, c});
            out.add(new Result(scores, probs, first.activation(i), grads));
        }
        for (int from = 0; from < missing.size(); from += maxBatch) {
            List<int[]> chunk = missing.subList(from, Math.min(missing.size(), from + maxBatch));
            List<float[]> imgs = new ArrayList<>(chunk.size());
            int[] cls = new int[chunk.size()];
            for (int j = 0; j < cls.length; j++) {
                imgs.add(images.get(chunk.get(j)[0]));
                cls[j] = chunk.get(j)[1];
            }
            Run more = gradients(imgs, cls);
            for (int j = 0; j < cls.length; j++) out.get(chunk.get(j)[0]).gradients().put(cls[j], more.grad(j));
        }
        return out;
    }

    /**
     * One forward pass of the batch for scores and A, then the head's ∂S/∂A for every (image, class)
     * row wanted, in runs of up to four batches of rows.
     */
    private List<Result> explainWithHead(List<float[]> images, int[] trueClass, List<Integer> targets) {
        int n = images.size();
        Run first = forwardWithLayer(images);
        List<Result> out = new ArrayList<>(n);
        List<int[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] scores = java.util.Arrays.copyOfRange(first.scores, i * classes, (i + 1) * classes);
            float[] probs = Softmax.probabilities(scores);
            Set<Integer> wanted = new LinkedHashSet<>();
            if (trueClass[i] >= 0) wanted.add(trueClass[i]);
            wanted.add(Ranking.argmax(probs));
            wanted.addAll(targets);
            for (int c : wanted) rows.add(new int[] {i, c});
            out.add(new Result(scores, probs, first.activation(i), new LinkedHashMap<>()));
        }
        int per = first.activations.size() / n;
        float[] act = first.activations.data();
        int chunkRows = 4 * maxBatch;
        for (int from = 0; from < rows.size(); from += chunkRows) {
            List<int[]> chunk = rows.subList(from, Math.min(rows.size(), from + chunkRows));
            float[] a = new float[chunk.size() * per];
            int[] cls = new int[chunk.size()];
            for (int j = 0; j < cls.length; j++) {
                System.arraycopy(act, chunk.get(j)[0] * per, a, j * per, per);
                cls[j] = chunk.get(j)[1];
            }
            Tensor g = head.gradients(a, cls);
            for (int j = 0; j < cls.length; j++) out.get(chunk.get(j)[0]).gradients().put(cls[j], g.slice(j));
        }
        return out;
    }

    /** Scores and activations of the batch from one forward pass (one by one after a batched failure). */
    private Run forwardWithLayer(List<float[]> images) {
        int n = images.size();
        if (n > 1 && batchFailure == null) {
            try {
                GradientResult r = model.forwardWithLayer(concat(images, null), n, layer);
                return new Run(r.scores().data(), r.activation(), null);
            } catch (GradLensException e) {
                batchFailure = e.getMessage();
            }
        }
        float[] scores = new float[n * classes];
        float[] act = null;
        int[] shape = null;
        for (int i = 0; i < n; i++) {
            GradientResult r = model.forwardWithLayer(images.get(i), 1, layer);
            System.arraycopy(r.scores().data(), 0, scores, i * classes, classes);
            int size = r.activation().size();
            if (act == null) {
                act = new float[n * size];
                shape = r.activation().shape().clone();
                shape[0] = n;
            }
            System.arraycopy(r.activation().data(), 0, act, i * size, size);
        }
        return new Run(scores, new Tensor(act, shape), null);
    }

    /** Gradient runs of image i seeded with class cls[i]: batched, or one by one after a batched failure. */
    private Run gradients(List<float[]> images, int[] cls) {
        int n = images.size();
        if (n > 1 && batchFailure == null) {
            try {
                GradientResult r = model.run(concat(images, null), n, seeds(cls), n, layer, NO_INPUT_GRADIENTS);
                return new Run(r.scores().data(), r.activation(), r.layerGrad());
            } catch (GradLensException e) {
                batchFailure = e.getMessage();
            }
        }
        float[] scores = new float[n * classes];
        float[] act = null, grad = null;
        int[] shape = null;
        for (int i = 0; i < n; i++) {
            GradientResult r = model.run(images.get(i), 1, seeds(new int[] {cls[i]}), 1, layer, NO_INPUT_GRADIENTS);
            System.arraycopy(r.scores().data(), 0, scores, i * classes, classes);
            int size = r.activation().size();
            if (act == null) {
                act = new float[n * size];
                grad = new float[n * size];
                shape = r.activation().shape().clone();
                shape[0] = n;
            }
            System.arraycopy(r.activation().data(), 0, act, i * size, size);
            System.arraycopy(r.layerGrad().data(), 0, grad, i * size, size);
        }
        return new Run(scores, new Tensor(act, shape), new Tensor(grad, shape.clone()));
    }

    private float[] seeds(int[] cls) {
        float[] s = new float[cls.length * classes];
        for (int i = 0; i < cls.length; i++) if (cls[i] >= 0) s[i * classes + cls[i]] = 1f;
        return s;
    }

    private float[] concat(List<float[]> images, float[] into) {
        float[] x = into != null ? into : new float[images.size() * perImage];
        for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, x, i * perImage, perImage);
        return x;
    }

    /** One gradient run's outputs, [n, ...]. */
    private record Run(float[] scores, Tensor activations, Tensor layerGrads) {
        Tensor activation(int i) {
            return activations.slice(i);
        }

        Tensor grad(int i) {
            return layerGrads.slice(i);
        }
    }
}
