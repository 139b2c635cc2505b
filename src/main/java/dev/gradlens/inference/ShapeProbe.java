package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.gradlens.GradLensException;
import dev.gradlens.onnx.GraphEditor;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.onnx.OnnxGraph;
import dev.gradlens.onnx.StaticTensors;
import dev.gradlens.onnx.Tensors;
import dev.gradlens.onnx.TensorInfo;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Measures the element type and shape of every tensor by one run of the model with all
 * intermediate tensors exposed as outputs. Rules then work from real shapes (any opset, any
 * exporter) instead of re-implementing shape inference.
 */
public final class ShapeProbe {
    private ShapeProbe() {
    }

    /** Largest static tensor whose values are kept (shape arithmetic is small; big constants are not needed). */
    static final long MAX_STATIC_VALUES = 1 << 16;

    /**
     * Shapes of every tensor plus the values of the static ones ({@link StaticTensors}: computed only from
     * constants and shapes), as the gradient builder uses them for this input size.
     */
    public record Probe(Map<String, TensorInfo> shapes, Map<String, TensorProto> staticValues) {
    }

    public static Map<String, TensorInfo> probe(ModelProto model, String inputName, long[] inputShape) {
        return probe(model, Map.of(inputName, inputShape));
    }

    /** Probe with several float inputs, each fed Gaussian noise of the given shape. */
    public static Map<String, TensorInfo> probe(ModelProto model, Map<String, long[]> inputs) {
        return probeAll(model, inputs).shapes();
    }

    /** As {@link #probe(ModelProto, Map)}, also keeping the values of static tensors. */
    public static Probe probeAll(ModelProto model, Map<String, long[]> inputs) {
        OnnxGraph graph = new OnnxGraph(model.getGraph());
        Set<String> statics = StaticTensors.find(graph);
        Map<String, TensorProto> values = new HashMap<>();
        GraphEditor ed = new GraphEditor(model);
        ed.clearOutputs();
        Set<String> outs = new LinkedHashSet<>(graph.producedTensors());
        for (String o : outs) ed.addOutput(o);
        Map<String, TensorInfo> shapes = new HashMap<>();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        Random rnd = new Random(7);
        for (var e : inputs.entrySet()) {
            long n = 1;
            for (long d : e.getValue()) n *= d;
            int type = declaredType(model, e.getKey());
            float[] data = new float[Math.toIntExact(n)];
            // integer (pixel) inputs get random values of their range's first 256 levels, float ones Gaussian noise
            for (int i = 0; i < data.length; i++) data[i] = type == dev.gradlens.onnx.ElementType.FLOAT ? (float) rnd.nextGaussian() : rnd.nextInt(256);
            shapes.put(e.getKey(), new TensorInfo(type, toInts(e.getValue())));
            feeds.put(e.getKey(), OrtRuntime.tensor(data, e.getValue(), type));
        }
        try (OrtRuntime.Session s = OrtRuntime.createSession(ed.build().toByteArray(), Device.CPU);
             OrtSession.Result r = s.ort().run(feeds)) {
            for (Map.Entry<String, OnnxValue> e : r) {
                if (e.getValue() instanceof OnnxTensor t) {
                    ai.onnxruntime.TensorInfo info = t.getInfo();
                    shapes.put(e.getKey(), new TensorInfo(elementType(info.onnxType), toInts(info.getShape())));
                    if (statics.contains(e.getKey()) && info.getNumElements() <= MAX_STATIC_VALUES) {
                        TensorProto v = value(e.getKey(), t);
                        if (v != null) values.put(e.getKey(), v);
                    }
                }
            }
        } catch (OrtException ex) {
            throw new GradLensException("ONNX Runtime cannot run the model: " + OrtRuntime.firstLine(ex.getMessage()), ex);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
        for (var t : model.getGraph().getInitializerList()) {
            shapes.putIfAbsent(t.getName(), new TensorInfo(t.getDataType(), t.getDimsList().stream().mapToInt(Long::intValue).toArray()));
        }
        return new Probe(shapes, values);
    }

    /** A float, int64 or int32 tensor as a TensorProto (int32 widened to int64: readers take any integer type); else null. */
    private static TensorProto value(String name, OnnxTensor t) {
        ai.onnxruntime.TensorInfo info = t.getInfo();
        long[] dims = info.getShape();
        switch (info.type) {
            case FLOAT -> {
                java.nio.FloatBuffer b = t.getFloatBuffer();
                float[] v = new float[b.remaining()];
                b.get(v);
                return Tensors.floats(name, v, dims);
            }
            case INT64 -> {
                java.nio.LongBuffer b = t.getLongBuffer();
                long[] v = new long[b.remaining()];
                b.get(v);
                return Tensors.longs(name, v, dims);
            }
            case INT32 -> {
                java.nio.IntBuffer b = t.getIntBuffer();
                long[] v = new long[b.remaining()];
                for (int i = 0; i < v.length; i++) v[i] = b.get();
                return Tensors.longs(name, v, dims);
            }
            default -> {
                return null;
            }
        }
    }

    /** The element type a graph input declares (float when it declares none). */
    static int declaredType(ModelProto model, String input) {
        for (var v : model.getGraph().getInputList()) {
            if (v.getName().equals(input) && v.getType().getTensorType().getElemType() != 0) return v.getType().getTensorType().getElemType();
        }
        return dev.gradlens.onnx.ElementType.FLOAT;
    }

    /** ONNX Runtime's Java enum to the ONNX TensorProto data type code (by name: its numbering differs). */
    static int elementType(ai.onnxruntime.TensorInfo.OnnxTensorType t) {
        String n = t.name().substring("ONNX_TENSOR_ELEMENT_DATA_TYPE_".length());
        return switch (n) {
            case "FLOAT" -> dev.gradlens.onnx.ElementType.FLOAT;
            case "UINT8" -> dev.gradlens.onnx.ElementType.UINT8;
            case "INT8" -> dev.gradlens.onnx.ElementType.INT8;
            case "UINT16" -> dev.gradlens.onnx.ElementType.UINT16;
            case "INT16" -> dev.gradlens.onnx.ElementType.INT16;
            case "INT32" -> dev.gradlens.onnx.ElementType.INT32;
            case "INT64" -> dev.gradlens.onnx.ElementType.INT64;
            case "STRING" -> dev.gradlens.onnx.ElementType.STRING;
            case "BOOL" -> dev.gradlens.onnx.ElementType.BOOL;
            case "FLOAT16" -> dev.gradlens.onnx.ElementType.FLOAT16;
            case "DOUBLE" -> dev.gradlens.onnx.ElementType.DOUBLE;
            case "UINT32" -> dev.gradlens.onnx.ElementType.UINT32;
            case "UINT64" -> dev.gradlens.onnx.ElementType.UINT64;
            case "BFLOAT16" -> dev.gradlens.onnx.ElementType.BFLOAT16;
            default -> 0;
        };
    }

    static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.toIntExact(v[i]);
        return out;
    }
}
