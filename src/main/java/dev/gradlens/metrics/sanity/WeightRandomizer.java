package dev.gradlens.metrics.sanity;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.onnx.ElementType;
import dev.gradlens.onnx.OnnxGraph;
import dev.gradlens.onnx.Tensors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The model-parameter randomisation of Adebayo et al. 2018 (Sanity Checks for Saliency Maps, §3.1)
 * on an ONNX graph: the learnable layers are the Conv, ConvTranspose, Gemm and MatMul nodes whose
 * weight is a float initializer; a randomised layer's weight is replaced by values drawn from a
 * normal distribution with the original weight's mean and standard deviation, seeded by the run's
 * seed and the layer's position, so the cascading and the independent variants draw the same
 * values for the same layer. Biases, batch-norm statistics and everything else stay.
 */
public final class WeightRandomizer {
    private static final Set<String> LEARNABLE = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul");

    /** A learnable layer: its label and the initializer holding its weight. */
    public record Layer(String label, String op, String weight) {
    }

    private final ModelProto model;
    private final List<Layer> topDown;
    private final long seed;
    /** Random weights per layer, drawn once: the cascade reuses layer g's values in every later step. */
    private final Map<Integer, TensorProto> drawn = new HashMap<>();

    public WeightRandomizer(ModelProto model, long seed) {
        this.model = model;
        this.seed = seed;
        this.topDown = findLayers(model);
    }

    /** The learnable layers from the output down to the input (the cascade's order). */
    public List<Layer> layersTopDown() {
        return topDown;
    }

    private static List<Layer> findLayers(ModelProto model) {
        GraphProto g = model.getGraph();
        OnnxGraph graph = new OnnxGraph(g);
        Map<String, TensorProto> inits = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) inits.put(t.getName(), t);
        List<Layer> bottomUp = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            if (!LEARNABLE.contains(n.getOpType()) || !(n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"))) continue;
            String w = null;
            List<Integer> slots = n.getOpType().equals("MatMul") ? List.of(1, 0) : List.of(1);
            for (int i : slots) {
                if (n.getInputCount() <= i) continue;
                TensorProto t = inits.get(n.getInput(i));
                if (t != null && t.getDataType() == ElementType.FLOAT && Tensors.elementCount(t) > 1) {
                    w = t.getName();
                    break;
                }
            }
            if (w == null || !seen.add(w)) continue; // a weight shared by two nodes is one layer
            bottomUp.add(new Layer(OnnxGraph.label(n), n.getOpType(), w));
        }
        List<Layer> out = new ArrayList<>(bottomUp);
        java.util.Collections.reverse(out);
        return List.copyOf(out);
    }

    /** The model with the weights of the given layers (indices into {@link #layersTopDown()}) randomised. */
    public synchronized ModelProto randomised(Collection<Integer> layers) {
        Map<String, Integer> wanted = new HashMap<>();
        for (int i : new LinkedHashSet<>(layers)) wanted.put(topDown.get(i).weight(), i);
        ModelProto.Builder b = model.toBuilder();
        GraphProto.Builder g = b.getGraphBuilder();
        for (int k = 0; k < g.getInitializerCount(); k++) {
            TensorProto t = g.getInitializer(k);
            Integer layer = wanted.get(t.getName());
            if (layer == null) continue;
            g.setInitializer(k, drawn.computeIfAbsent(layer, l -> randomLike(t, new Random(seed * 1_000_003L + l))));
        }
        return b.build();
    }

    /**
     * The model with every learnable weight filled with its layer's position in {@link #layersTopDown()}
     * plus one: a build of the gradient graph from it shows which of the builder's derived constants
     * (flipped kernels) come from which layer (see {@link SharedStepSession}).
     */
    ModelProto tagged() {
        Map<String, Integer> tag = new HashMap<>();
        for (int i = 0; i < topDown.size(); i++) tag.put(topDown.get(i).weight(), i + 1);
        ModelProto.Builder b = model.toBuilder();
        GraphProto.Builder g = b.getGraphBuilder();
        for (int k = 0; k < g.getInitializerCount(); k++) {
            TensorProto t = g.getInitializer(k);
            Integer v = tag.get(t.getName());
            if (v == null) continue;
            float[] filled = new float[(int) Tensors.elementCount(t)];
            java.util.Arrays.fill(filled, v);
            g.setInitializer(k, Tensors.floats(t.getName(), filled, t.getDimsList().stream().mapToLong(Long::longValue).toArray()));
        }
        return b.build();
    }

    static TensorProto randomLike(TensorProto t, Random rnd) {
        float[] v = Tensors.toFloats(t);
        double mean = 0;
        for (float x : v) mean += x;
        mean /= v.length;
        double var = 0;
        for (float x : v) var += (x - mean) * (x - mean);
        double std = Math.sqrt(var / v.length);
        float[] r = new float[v.length];
        for (int i = 0; i < r.length; i++) r[i] = (float) (mean + std * rnd.nextGaussian());
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        return Tensors.floats(t.getName(), r, dims);
    }
}
