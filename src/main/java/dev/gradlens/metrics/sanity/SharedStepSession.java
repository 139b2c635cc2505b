package dev.gradlens.metrics.sanity;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.MethodRegistry;
import dev.gradlens.explain.MethodSpec;
import dev.gradlens.explain.Target;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.inference.WeightInputs;
import dev.gradlens.onnx.ElementType;
import dev.gradlens.onnx.OnnxModel;
import dev.gradlens.onnx.Tensors;
import dev.gradlens.tensor.Tensor;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every randomisation step of a sanity check on one ONNX Runtime session. The gradient graph is built
 * once, with the learnable weights and the constants the gradient builder derives from them (the
 * flipped kernels of the convolutions' backward passes) as graph inputs ({@link WeightInputs}); a
 * step only changes which values are fed, so it costs one run instead of a graph build, a
 * serialisation and a session (ONNX Runtime optimising and pre-packing the whole gradient graph).
 *
 * <p>Two extra builds, once, say which values to feed. A build from the model with every layer
 * randomised gives each fed constant's randomised value: a layer draws the same values at every
 * step ({@link WeightRandomizer}), and the builder derives a constant from one weight only. A build
 * from the model with every learnable weight filled with its layer number ({@link WeightRandomizer#tagged})
 * says which layer that is: the builder only rearranges a weight's values (flips, transposes,
 * zero-padded phases), so each derived constant then holds a single non-zero value, its layer's tag.
 * The fed constants are those that differ between the two builds. Where an assumption fails (the
 * builds differ in structure, a constant mixes layers or is computed from them), {@link #open}
 * returns null with the reason, and the check builds a graph and session per step instead.
 *
 * <p>Fed weights are ordinary inputs to ONNX Runtime, so the optimisations that need constant
 * weights (pre-packed and NCHWc-blocked convolution kernels, constant folding through them) are off
 * in this one session: each run is somewhat slower than with constants (docs/performance.md), and its
 * results can differ from the per-step sessions' in the last bits of float32.
 */
final class SharedStepSession implements AutoCloseable {
    private final ExplainableModel model;
    private final WeightInputs weights;
    /** Per fed initializer: the layer (top-down index) it belongs to, and its randomised value. */
    private final Map<String, Integer> layerOf;
    private final Map<String, TensorProto> randomValue;

    private SharedStepSession(ExplainableModel model, WeightInputs weights, Map<String, Integer> layerOf, Map<String, TensorProto> randomValue) {
        this.model = model;
        this.weights = weights;
        this.layerOf = layerOf;
        this.randomValue = randomValue;
    }

    /** The input-gradient policies {@link Explainer#explain} asks for with these methods (its gradient graph's key). */
    static Set<RectifierPolicy> policies(Collection<MethodId> methods) {
        EnumSet<RectifierPolicy> out = EnumSet.noneOf(RectifierPolicy.class);
        MethodRegistry registry = MethodRegistry.standard();
        for (MethodId m : methods) {
            MethodSpec spec = registry.get(m);
            if (spec.inputGradient() != null) out.add(spec.inputGradient());
        }
        return out;
    }

    /** The outcome of {@link #open}: a session, or why there is none. */
    record Opened(SharedStepSession session, String whyNot) {
    }

    static Opened open(ModelAnalysis analysis, Device device, WeightRandomizer randomizer, String layer, Collection<MethodId> methods) {
        MethodRegistry registry = MethodRegistry.standard();
        for (MethodId m : methods)
            if (registry.get(m).ownRuns()) return new Opened(null, m.id() + " runs the model itself");
        Set<RectifierPolicy> policies = policies(methods);
        int n = randomizer.layersTopDown().size();
        List<Integer> all = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) all.add(i);
        ModelProto randomised = build(analysis, device, randomizer.randomised(all), layer, policies);
        ModelProto tagged = build(analysis, device, randomizer.tagged(), layer, policies);
        List<NodeProto> nodes = randomised.getGraph().getNodeList();
        if (!nodes.equals(tagged.getGraph().getNodeList())) return new Opened(null, "the gradient graph's structure depends on the weights");
        Map<String, TensorProto> byName = new LinkedHashMap<>();
        for (TensorProto t : randomised.getGraph().getInitializerList()) byName.put(t.getName(), t);
        Map<String, Integer> layerOf = new LinkedHashMap<>();
        Map<String, TensorProto> randomValue = new HashMap<>();
        if (tagged.getGraph().getInitializerCount() != byName.size()) return new Opened(null, "the gradient graph's constants depend on the weights");
        for (TensorProto t : tagged.getGraph().getInitializerList()) {
            TensorProto r = byName.get(t.getName());
            if (r == null) return new Opened(null, "the gradient graph's constants depend on the weights");
            if (r.equals(t)) continue;
            int tag = singleTag(t);
            if (tag < 1 || tag > n) return new Opened(null, "constant " + t.getName() + " of the gradient graph mixes or transforms weights");
            layerOf.put(t.getName(), tag - 1);
            randomValue.put(t.getName(), r);
        }
        Set<String> own = new HashSet<>();
        for (TensorProto t : analysis.model().proto().getGraph().getInitializerList()) own.add(t.getName());
        for (WeightRandomizer.Layer l : randomizer.layersTopDown())
            if (!layerOf.containsKey(l.weight())) return new Opened(null, "weight " + l.weight() + " is not in the gradient graph");
        Set<String> derived = new HashSet<>(layerOf.keySet());
        derived.removeAll(own);
        WeightInputs w = new WeightInputs(layerOf.keySet(), derived, nodes);
        return new Opened(new SharedStepSession(new ExplainableModel(analysis, device, 1, w), w, layerOf, randomValue), null);
    }

    private static ModelProto build(ModelAnalysis analysis, Device device, ModelProto weights, String layer, Set<RectifierPolicy> policies) {
        try (ExplainableModel em = new ExplainableModel(analysis.withWeights(new OnnxModel(analysis.model().source(), weights)), device)) {
            // the graph a one-class explanation runs (one seed row: the sanity check explains one plain target), so that the
            // fed weights are derived for the graph the shared session builds. Java only: no session is created
            return em.oneClassGraphFor(layer, policies);
        }
    }

    /** The one non-zero value of a tagged constant when it is a whole number, else −1. */
    static int singleTag(TensorProto t) {
        if (t.getDataType() != ElementType.FLOAT) return -1;
        FloatBuffer v = t.hasRawData() && t.getRawData().size() == 4 * Tensors.elementCount(t)
                ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                : FloatBuffer.wrap(Tensors.toFloats(t));
        float tag = 0;
        while (v.hasRemaining()) {
            float x = v.get();
            if (x == 0) continue;
            if (tag == 0) tag = x;
            else if (x != tag) return -1;
        }
        return tag >= 1 && tag == Math.rint(tag) ? (int) tag : -1;
    }

    /** The maps of the model with the given layers (top-down indices) randomised. */
    Map<MethodId, Tensor> maps(Collection<Integer> randomised, float[] input, int cls, String layer, List<MethodId> methods, Cancellation cancel) {
        Set<Integer> r = new HashSet<>(randomised);
        for (var e : layerOf.entrySet()) {
            if (r.contains(e.getValue())) weights.set(randomValue.get(e.getKey()));
            else weights.reset(e.getKey());
        }
        ExplanationSet set = new Explainer(model).explain(input, List.of(Target.of(cls)), layer, new LinkedHashSet<>(methods), cancel);
        Map<MethodId, Tensor> out = new EnumMap<>(MethodId.class);
        for (MethodId m : methods) out.put(m, set.get(m, m.targetFor(Target.of(cls))).raw());
        return out;
    }

    /** Per fed initializer, the layer (index into {@link WeightRandomizer#layersTopDown()}) its values come from. */
    Map<String, Integer> fedLayers() {
        return java.util.Collections.unmodifiableMap(layerOf);
    }

    /** Sessions created (1 once the first step ran). */
    int createdSessions() {
        return model.createdSessions();
    }

    @Override
    public void close() {
        model.close();
        weights.close();
    }
}
