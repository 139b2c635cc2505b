package dev.gradlens.metrics;

import dev.gradlens.GradLensException;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.tensor.Tensor;

import java.util.Arrays;

/**
 * Class scores [n, K] of many images in as few ONNX Runtime runs as possible: chunks of at most
 * {@code maxBatch} images per run; a model whose graph hard-codes batch 1 (the run fails) falls
 * back to one image per run, remembered. Counts images and runs for the benchmark.
 */
final class BatchedScores {
    private final ExplainableModel model;
    private final int maxBatch;
    private boolean batches = true;
    private int images;
    private int runs;

    BatchedScores(ExplainableModel model, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("batch " + maxBatch);
        this.model = model;
        this.maxBatch = maxBatch;
    }

    float[] scores(float[] all, int n) {
        int per = model.analysis().input().valuesPerImage();
        int k = model.analysis().classes();
        float[] out = new float[n * k];
        int done = 0;
        while (done < n) {
            int take = batches ? Math.min(maxBatch, n - done) : 1;
            float[] chunk = Arrays.copyOfRange(all, done * per, (done + take) * per);
            Tensor s;
            try {
                s = model.forward(chunk, take);
            } catch (GradLensException ex) {
                if (take == 1) throw ex;
                batches = false; // the graph fixes batch 1 somewhere: one image per run from now on
                continue;
            }
            runs++;
            images += take;
            System.arraycopy(s.data(), 0, out, done * k, take * k);
            done += take;
        }
        return out;
    }

    int images() {
        return images;
    }

    int runs() {
        return runs;
    }
}
