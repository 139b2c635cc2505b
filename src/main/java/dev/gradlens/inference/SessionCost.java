package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.onnx.ElementType;
import dev.gradlens.onnx.TensorInfo;
import dev.gradlens.onnx.Tensors;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The native memory an ONNX Runtime session of a graph is expected to keep, estimated before it is
 * built, so that {@link ExplainableModel}'s session cache can be bounded in bytes and make room
 * before a build: the graph's weights (ONNX Runtime holds its own copy of every initializer; a
 * gradient graph adds the flipped convolution weights of its backward chain), plus the model's
 * activations at batch 1 (the CPU arena keeps a run's tensors for the next run, and a backward pass
 * keeps the forward activations it reads), plus a fixed {@link #OVERHEAD} (kernels, plans, the
 * session's thread pool).
 *
 * <p>Measured against it (docs/performance.md, "Memory: layer and method switches"): a ResNet-50
 * gradient session is estimated at 345 MiB (227 MB of weights with the flipped ones) and held ~300 MB
 * of resident memory once built and run; a ResNet-18 one at 132 MiB and ~220 MB (its arena is large
 * beside its weights). An estimate, not a measurement: it is known before the build, so the cache can
 * make room first, and it does not depend on what else the process does meanwhile.
 */
final class SessionCost {
    /** What a session holds besides weights and activations (a few MB), rounded up: it also caps how many tiny sessions are kept. */
    static final long OVERHEAD = 16L << 20;

    private SessionCost() {
    }

    /** The estimate for a graph of a model whose activations take {@code activationBytes}. */
    static long of(ModelProto graph, long activationBytes) {
        return weightBytes(graph) + activationBytes + OVERHEAD;
    }

    /** Bytes of the graph's initializers as tensors (element count × element size). */
    static long weightBytes(ModelProto graph) {
        long bytes = 0;
        for (TensorProto t : graph.getGraph().getInitializerList()) bytes += Tensors.elementCount(t) * elementSize(t.getDataType());
        return bytes;
    }

    /**
     * Bytes of all tensors computed by the model (not its initializers) at the shapes its probe run
     * measured (batch 1).
     */
    static long activationBytes(ModelProto model, Map<String, TensorInfo> shapes) {
        Set<String> weights = new HashSet<>();
        for (TensorProto t : model.getGraph().getInitializerList()) weights.add(t.getName());
        long bytes = 0;
        for (Map.Entry<String, TensorInfo> e : shapes.entrySet()) {
            if (!weights.contains(e.getKey())) bytes += e.getValue().size() * elementSize(e.getValue().elementType());
        }
        return bytes;
    }

    /** Bytes per element ({@link ElementType#byteSize}); 4 where that is not fixed (strings), a guess that only sizes the cache. */
    static int elementSize(int dataType) {
        int bytes = ElementType.byteSize(dataType);
        return bytes > 0 ? bytes : 4;
    }
}
