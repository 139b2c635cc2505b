package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.gradlens.gradient.GradientGraphBuilder;
import dev.gradlens.gradient.GradientRequest;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.OrtRuntime;
import dev.gradlens.inference.ShapeProbe;
import dev.gradlens.onnx.ElementType;
import dev.gradlens.onnx.OnnxGraph;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.onnx.TensorInfo;
import dev.gradlens.testsupport.SharedData;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The finite-difference check of {@code GradientCheck}, on a real exported model from
 * ../shared/badinputs (skipped when absent): the input of the first node of a given op becomes a graph
 * input (its producer is removed), and ∂(Σ seed·score)/∂(that tensor) is checked through the rest of
 * the network (the op under test, then the head), with two seeds, along random directions.
 */
final class SharedModelCheck {
    private static final double H = 1e-3, TOLERANCE = 1e-3;

    private SharedModelCheck() {
    }

    /** @return the tensor checked */
    static String check(String file, String qualifiedOp) {
        ModelProto model = OnnxModelLoader.load(SharedData.require("badinputs/" + file)).proto();
        OnnxGraph graph = new OnnxGraph(model.getGraph());
        NodeProto node = graph.nodes().stream().filter(n -> OnnxGraph.qualifiedOp(n).equals(qualifiedOp)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no " + qualifiedOp));
        String tensor = node.getInput(0);
        String score = graph.outputNames().get(0);
        ValueInfoProto image = graph.realInputs().get(0);
        long[] imageShape = image.getType().getTensorType().getShape().getDimList().stream().mapToLong(TensorShapeProto.Dimension::getDimValue).toArray();
        int[] tensorShape = ShapeProbe.probe(model, Map.of(image.getName(), imageShape)).get(tensor).shape();

        GraphProto.Builder cut = model.getGraph().toBuilder();
        cut.removeNode(graph.producerOf(tensor));
        TensorShapeProto.Builder ts = TensorShapeProto.newBuilder();
        for (int d : tensorShape) ts.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        cut.addInput(ValueInfoProto.newBuilder().setName(tensor).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(ElementType.FLOAT).setShape(ts))));
        cut.clearOutput().addOutput(ValueInfoProto.newBuilder().setName(score));
        ModelProto forward = model.toBuilder().setGraph(cut).build();

        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(image.getName(), imageShape);
        shapes.put(tensor, java.util.Arrays.stream(tensorShape).asLongStream().toArray());
        Random rnd = new Random(file.hashCode());
        Map<String, float[]> values = new HashMap<>();
        for (var e : shapes.entrySet()) values.put(e.getKey(), Inputs.gaussian(rnd, Inputs.size(e.getValue())));

        Map<String, TensorInfo> info = ShapeProbe.probe(forward, shapes);
        long[] seedShape = info.get(score).longShape().clone();
        seedShape[0] = 2;
        int perSeed = Math.toIntExact(info.get(score).size());
        float[] seeds = Inputs.gaussian(rnd, 2 * perSeed);
        ModelProto augmented = new GradientGraphBuilder().build(forward, info, new GradientRequest(score, "seed",
                List.of(new GradientRequest.Wanted(tensor, RectifierPolicy.STANDARD, "grad")), List.of(score)));
        Map<String, float[]> feeds = new HashMap<>(values);
        feeds.put("seed", seeds);
        Map<String, long[]> feedShapes = new HashMap<>(shapes);
        feedShapes.put("seed", seedShape);
        float[] g = run(augmented, feeds, feedShapes, "grad");
        float[] x = values.get(tensor);
        assertEquals(2 * x.length, g.length, "gradient size");
        for (int dir = 0; dir < 3; dir++) {
            float[] v = Inputs.gaussian(rnd, x.length);
            float[] plus = run(forward, moved(values, tensor, v, H), shapes, score);
            float[] minus = run(forward, moved(values, tensor, v, -H), shapes, score);
            for (int s = 0; s < 2; s++) {
                double fd = 0, an = 0, scale = 0;
                for (int i = 0; i < perSeed; i++) fd += seeds[s * perSeed + i] * ((double) plus[i] - minus[i]) / (2 * H);
                for (int i = 0; i < x.length; i++) {
                    an += (double) g[s * x.length + i] * v[i];
                    scale += Math.abs((double) g[s * x.length + i] * v[i]);
                }
                double err = Math.abs(fd - an);
                assertTrue(err <= TOLERANCE * Math.max(scale, 1e-6), file + " d/d" + tensor + " seed " + s + " direction " + dir
                        + ": finite difference " + fd + " vs gradient " + an + " (|err| " + err + ", scale " + scale + ")");
            }
        }
        return tensor;
    }

    private static Map<String, float[]> moved(Map<String, float[]> values, String tensor, float[] v, double step) {
        Map<String, float[]> out = new HashMap<>(values);
        float[] x = values.get(tensor), m = new float[x.length];
        for (int i = 0; i < x.length; i++) m[i] = (float) (x[i] + step * v[i]);
        out.put(tensor, m);
        return out;
    }

    private static float[] run(ModelProto model, Map<String, float[]> values, Map<String, long[]> shapes, String output) {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtRuntime.Session s = OrtRuntime.createSession(model.toByteArray(), Device.CPU)) {
            for (var e : values.entrySet()) feeds.put(e.getKey(), OrtRuntime.tensor(e.getValue(), shapes.get(e.getKey())));
            try (OrtSession.Result r = s.ort().run(feeds)) {
                FloatBuffer fb = ((OnnxTensor) r.get(output).orElseThrow()).getFloatBuffer();
                float[] a = new float[fb.remaining()];
                fb.get(a);
                return a;
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }
}
