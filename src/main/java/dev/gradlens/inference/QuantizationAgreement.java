package dev.gradlens.inference;

import dev.gradlens.tensor.Ranking;

import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.gradlens.GradLensException;
import dev.gradlens.onnx.DequantizedModel;
import dev.gradlens.onnx.OnnxModel;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How far a dequantized float copy agrees with the int8 model it came from, on given inputs: both
 * are run by ONNX Runtime (the original with its own int8 kernels) and their top-k classes compared.
 * Holds two sessions; close it when done.
 */
public final class QuantizationAgreement implements AutoCloseable {
    private final OrtRuntime.Session original;
    private final OrtRuntime.Session copy;
    private final String inputName;
    private final String outputName;
    private final int k;

    /**
     * One comparison.
     *
     * @param topOriginal  the original's top-k class indices, best first
     * @param topCopy      the copy's top-k class indices, best first
     * @param overlap      how many classes the two top-k lists share (order ignored)
     * @param maxAbsDiff   largest |score difference| over all classes
     * @param maxAbsScore  largest |score| of the original (to read maxAbsDiff against)
     */
    public record Result(int[] topOriginal, int[] topCopy, int overlap, double maxAbsDiff, double maxAbsScore) {
        public boolean top1Agrees() {
            return topOriginal[0] == topCopy[0];
        }

        public String describe() {
            return "top-1 " + (top1Agrees() ? "agrees" : "differs (" + topOriginal[0] + " vs " + topCopy[0] + ")") + ", top-" + topOriginal.length
                    + " overlap " + overlap + "/" + topOriginal.length + ", max |Δscore| " + String.format("%.3g", maxAbsDiff)
                    + " (max |score| " + String.format("%.3g", maxAbsScore) + ")";
        }
    }

    /** Compares the first output of the two models over their single real input, top-{@code k}. */
    public QuantizationAgreement(OnnxModel original, OnnxModel copy, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1");
        this.k = k;
        List<ValueInfoProto> in = original.graph().realInputs();
        if (in.size() != 1) throw new GradLensException("QuantizationAgreement needs a model with one input; " + original.displayName() + " has " + in.size());
        this.inputName = in.get(0).getName();
        this.outputName = original.graph().outputNames().get(0);
        if (!copy.graph().outputNames().contains(outputName)) {
            throw new GradLensException("the float copy has no output '" + outputName + "' to compare with the original's");
        }
        this.original = OrtRuntime.createSession(original.proto().toByteArray(), Device.CPU);
        try {
            this.copy = OrtRuntime.createSession(copy.proto().toByteArray(), Device.CPU);
        } catch (RuntimeException e) {
            this.original.close();
            throw e;
        }
    }

    public QuantizationAgreement(OnnxModel original, DequantizedModel copy) {
        this(original, copy.model(), 5);
    }

    /** One-shot comparison on one input. */
    public static Result compare(OnnxModel original, OnnxModel copy, float[] input, long[] shape, int k) {
        try (QuantizationAgreement a = new QuantizationAgreement(original, copy, k)) {
            return a.measure(input, shape);
        }
    }

    public Result measure(float[] input, long[] shape) {
        float[] a = scores(original, input, shape);
        float[] b = scores(copy, input, shape);
        if (a.length != b.length) throw new GradLensException("the models' outputs differ in size: " + a.length + " vs " + b.length);
        int[] ta = Ranking.top(a, k), tb = Ranking.top(b, k);
        int overlap = 0;
        for (int x : ta) for (int y : tb) if (x == y) overlap++;
        double diff = 0, max = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            max = Math.max(max, Math.abs(a[i]));
        }
        return new Result(ta, tb, overlap, diff, max);
    }

    private float[] scores(OrtRuntime.Session s, float[] input, long[] shape) {
        try (OnnxTensor x = OrtRuntime.tensor(input, shape);
             OrtSession.Result r = s.ort().run(Map.of(inputName, x), java.util.Set.of(outputName))) {
            OnnxValue v = r.get(0);
            if (!(v instanceof OnnxTensor t) || t.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                throw new GradLensException("output '" + outputName + "' is not a float tensor");
            }
            FloatBuffer fb = t.getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        } catch (OrtException e) {
            throw new GradLensException("ONNX Runtime failed comparing the int8 model with its float copy: " + OrtRuntime.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        original.close();
        copy.close();
    }
}
