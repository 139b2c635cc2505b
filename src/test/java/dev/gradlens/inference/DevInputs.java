package dev.gradlens.inference;

import ai.onnxruntime.OnnxTensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Inputs of the developer timing tools (not tests): one fixed image of standard-normal noise per model. */
public final class DevInputs {
    private DevInputs() {
    }

    /** {@code values} standard-normal floats from seed 1, the same image in every tool so their timings compare. */
    public static float[] gaussianImage(int values) {
        float[] x = new float[values];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    /**
     * The feeds of one run of a model's graphs: the image (batch 1, a heap buffer ONNX Runtime copies) and, when
     * {@code seed} is given, the seed rows [rows, K, 1...] of the gradient graphs. The caller closes them.
     */
    public static Map<String, OnnxTensor> feeds(ModelAnalysis a, float[] x, float[] seed, int rows) {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        feeds.put(a.input().name(), OrtRuntime.tensor(x, a.input().shape(1), a.input().elementType()));
        if (seed != null) {
            long[] shape = new long[a.shapes().get(a.scoreTensor()).rank()];
            Arrays.fill(shape, 1);
            shape[0] = rows;
            shape[1] = a.classes();
            feeds.put(ExplainableModel.SEED, OrtRuntime.tensor(seed, shape));
        }
        return feeds;
    }
}
