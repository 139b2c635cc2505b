package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's other batch mode: shapes are probed at batch 1, but the forward pass runs with a batch
 * of S images, one seed each. Image i's gradient from one batched run must equal the gradient of a
 * batch-1 run on image i with seed i: rules must not bake the probed batch of 1 into shapes.
 */
final class BatchRun {
    private BatchRun() {
    }

    /** @param batched the inputs that carry the batch axis (all of them are differentiated) */
    static void check(TinyModel tiny, String output, String... batched) {
        ModelProto fixed = tiny.build(output);
        GraphProto.Builder g = fixed.getGraph().toBuilder();
        for (int i = 0; i < g.getInputCount(); i++) {
            ValueInfoProto in = g.getInput(i);
            if (!Arrays.asList(batched).contains(in.getName())) continue;
            ValueInfoProto.Builder b = in.toBuilder();
            b.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().setDim(0, TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
            g.setInput(i, b);
        }
        ModelProto model = fixed.toBuilder().setGraph(g).build();
        Map<String, TensorInfo> info = ShapeProbe.probe(model, tiny.inputs());
        List<GradientRequest.Wanted> wanted = new ArrayList<>();
        for (String b : batched) wanted.add(new GradientRequest.Wanted(b, RectifierPolicy.STANDARD, "grad/" + b));
        ModelProto augmented = new GradientGraphBuilder().build(model, info, new GradientRequest(output, "seed", wanted, List.of(output)));

        int s = 2;
        Random rnd = new Random(17);
        Map<String, float[]> values = new HashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        for (var e : tiny.inputs().entrySet()) {
            long[] shape = e.getValue().clone();
            if (Arrays.asList(batched).contains(e.getKey())) shape[0] = s;
            shapes.put(e.getKey(), shape);
            values.put(e.getKey(), Inputs.gaussian(rnd, Inputs.size(shape)));
        }
        long[] seedShape = info.get(output).longShape().clone();
        seedShape[0] = s;
        float[] seeds = Inputs.gaussian(rnd, Inputs.size(seedShape));
        Map<String, float[]> together = run(augmented, values, shapes, seeds, seedShape, batched);
        for (int i = 0; i < s; i++) {
            Map<String, float[]> one = new HashMap<>(values);
            Map<String, long[]> oneShapes = new HashMap<>(shapes);
            for (String b : batched) {
                float[] all = values.get(b);
                int per = all.length / s;
                one.put(b, Arrays.copyOfRange(all, i * per, (i + 1) * per));
                long[] sh = shapes.get(b).clone();
                sh[0] = 1;
                oneShapes.put(b, sh);
            }
            int perSeed = seeds.length / s;
            long[] oneSeed = seedShape.clone();
            oneSeed[0] = 1;
            Map<String, float[]> alone = run(augmented, one, oneShapes, Arrays.copyOfRange(seeds, i * perSeed, (i + 1) * perSeed), oneSeed, batched);
            for (String b : batched) {
                float[] a = alone.get("grad/" + b), t = together.get("grad/" + b);
                assertEquals(s * a.length, t.length, "gradient of " + b + " in the batched run");
                for (int k = 0; k < a.length; k++) {
                    assertEquals(a[k], t[i * a.length + k], 1e-5 * (1 + Math.abs(a[k])), "image " + i + " d/d" + b + "[" + k + "]");
                }
            }
        }
    }

    private static Map<String, float[]> run(ModelProto m, Map<String, float[]> values, Map<String, long[]> shapes, float[] seeds,
                                            long[] seedShape, String[] batched) {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtRuntime.Session s = OrtRuntime.createSession(m.toByteArray(), Device.CPU)) {
            for (var e : values.entrySet()) feeds.put(e.getKey(), OrtRuntime.tensor(e.getValue(), shapes.get(e.getKey())));
            feeds.put("seed", OrtRuntime.tensor(seeds, seedShape));
            try (OrtSession.Result r = s.ort().run(feeds)) {
                Map<String, float[]> out = new HashMap<>();
                for (String b : batched) {
                    FloatBuffer fb = ((OnnxTensor) r.get("grad/" + b).orElseThrow()).getFloatBuffer();
                    float[] a = new float[fb.remaining()];
                    fb.get(a);
                    out.put("grad/" + b, a);
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
