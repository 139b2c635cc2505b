package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.gradlens.gradient.GradientGraphBuilder;
import dev.gradlens.gradient.GradientRequest;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.OrtRuntime;
import dev.gradlens.inference.ShapeProbe;
import dev.gradlens.onnx.TensorInfo;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a backward graph under one rectifier policy, for checks the finite-difference harness cannot
 * make (guided backprop and deconvnet are not derivatives): returns the gradient of the seeded sum of
 * {@code output} w.r.t. {@code wrt}, flattened with the seed axis first.
 */
final class PolicyRun {
    private PolicyRun() {
    }

    /**
     * What a rectifier's backward gives under each policy for incoming gradient g and derivative d
     * (1 on the positive side, the slope elsewhere): standard g·d, guided ReLU(g)·d, deconvnet ReLU(g).
     */
    static float expected(RectifierPolicy policy, float g, float d) {
        return switch (policy) {
            case STANDARD -> g * d;
            case GUIDED -> Math.max(g, 0f) * d;
            case DECONVNET -> Math.max(g, 0f);
        };
    }

    static float[] gradient(TinyModel tiny, String output, String wrt, RectifierPolicy policy, Map<String, float[]> values,
                            float[] seeds, int seedCount) {
        return gradients(tiny, output, wrt, new RectifierPolicy[] {policy}, values, seeds, seedCount).get(policy);
    }

    /** Several policies' chains built into one graph (they share forward-derived helper tensors). */
    static Map<RectifierPolicy, float[]> gradients(TinyModel tiny, String output, String wrt, RectifierPolicy[] policies,
                                                   Map<String, float[]> values, float[] seeds, int seedCount) {
        ModelProto model = tiny.build(output);
        Map<String, TensorInfo> info = ShapeProbe.probe(model, tiny.inputs());
        long[] seedShape = info.get(output).longShape().clone();
        seedShape[0] = seedCount;
        List<GradientRequest.Wanted> wanted = new java.util.ArrayList<>();
        for (RectifierPolicy p : policies) wanted.add(new GradientRequest.Wanted(wrt, p, "grad/" + p.id()));
        GradientRequest request = new GradientRequest(output, "seed", wanted, List.of(output));
        ModelProto augmented = new GradientGraphBuilder().build(model, info, request);
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtRuntime.Session s = OrtRuntime.createSession(augmented.toByteArray(), Device.CPU)) {
            for (var e : values.entrySet()) feeds.put(e.getKey(), OrtRuntime.tensor(e.getValue(), tiny.inputs().get(e.getKey())));
            feeds.put("seed", OrtRuntime.tensor(seeds, seedShape));
            try (OrtSession.Result r = s.ort().run(feeds)) {
                Map<RectifierPolicy, float[]> out = new java.util.EnumMap<>(RectifierPolicy.class);
                for (RectifierPolicy p : policies) {
                    FloatBuffer fb = ((OnnxTensor) r.get("grad/" + p.id()).orElseThrow()).getFloatBuffer();
                    float[] g = new float[fb.remaining()];
                    fb.get(g);
                    out.put(p, g);
                }
                return out;
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }
}
