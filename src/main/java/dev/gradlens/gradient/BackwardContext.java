package dev.gradlens.gradient;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.GradLensException;
import dev.gradlens.onnx.GraphEditor;
import dev.gradlens.onnx.NodeAttributes;
import dev.gradlens.onnx.OnnxGraph;
import dev.gradlens.onnx.TensorInfo;
import dev.gradlens.onnx.Tensors;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * What a rule sees of one node during one backward chain: its inputs and outputs with measured
 * shapes, the incoming output gradients, which input gradients are wanted, the rectifier policy,
 * and the {@link GraphEditor} to emit ops with.
 *
 * <p>Gradient tensors carry a leading "seed batch" axis S (one row per seed), while the forward
 * tensors they combine with have batch B = 1 or B = S. Rules therefore rely on broadcasting over
 * axis 0 and never hard-code it in shapes (use {@link #reshapeToInput}).
 */
public final class BackwardContext {
    private final NodeProto node;
    private final int nodeIndex;
    private final OnnxGraph graph;
    private final GraphEditor editor;
    private final IntFunction<TensorInfo> infoOf;
    private final IntFunction<TensorInfo> outInfoOf;
    private final IntFunction<String> outputGrad;
    private final IntPredicate wanted;
    private final RectifierPolicy policy;
    private final String[] inputGrads;

    BackwardContext(NodeProto node, int nodeIndex, OnnxGraph graph, GraphEditor editor, IntFunction<TensorInfo> inputInfo,
                    IntFunction<TensorInfo> outputInfo, IntFunction<String> outputGrad, IntPredicate wanted, RectifierPolicy policy) {
        this.node = node;
        this.nodeIndex = nodeIndex;
        this.graph = graph;
        this.editor = editor;
        this.infoOf = inputInfo;
        this.outInfoOf = outputInfo;
        this.outputGrad = outputGrad;
        this.wanted = wanted;
        this.policy = policy;
        this.inputGrads = new String[node.getInputCount()];
    }

    public NodeProto node() {
        return node;
    }

    /** Position of the node in the original graph (for replacing it, e.g. MaxPool indices). */
    public int nodeIndex() {
        return nodeIndex;
    }

    public NodeAttributes attrs() {
        return new NodeAttributes(node);
    }

    public GraphEditor ed() {
        return editor;
    }

    public long opset() {
        return editor.opset();
    }

    public RectifierPolicy policy() {
        return policy;
    }

    public int inputCount() {
        return node.getInputCount();
    }

    public boolean hasInput(int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty();
    }

    public String input(int i) {
        return node.getInput(i);
    }

    public String output(int i) {
        return node.getOutput(i);
    }

    public TensorInfo inputInfo(int i) {
        return infoOf.apply(i);
    }

    public int[] inputShape(int i) {
        return infoOf.apply(i).shape();
    }

    public int[] outputShape(int i) {
        return outInfoOf.apply(i).shape();
    }

    /** Gradient of the score w.r.t. output i, or null where none flows back. */
    public String outputGrad(int i) {
        return outputGrad.apply(i);
    }

    /** Gradient w.r.t. output 0; a rule is only called when at least one output has a gradient. */
    public String grad() {
        String g = outputGrad(0);
        if (g == null) throw new IllegalStateException("no gradient reaches output 0 of " + OnnxGraph.label(node));
        return g;
    }

    public boolean wantsInputGrad(int i) {
        return i < node.getInputCount() && wanted.test(i);
    }

    public void setInputGrad(int i, String gradTensor) {
        if (wantsInputGrad(i)) inputGrads[i] = gradTensor;
    }

    String[] inputGrads() {
        return inputGrads;
    }

    /** Values of a constant input (initializer or Constant node), if it is one. */
    public Optional<TensorProto> constantInput(int i) {
        return hasInput(i) ? graph.constant(input(i)) : Optional.empty();
    }

    public Optional<long[]> constLongs(int i) {
        return constantInput(i).map(Tensors::toLongs);
    }

    public Optional<float[]> constFloats(int i) {
        return constantInput(i).map(Tensors::toFloats);
    }

    /** Fails the build with a message naming this node. */
    public GradLensException error(String message) {
        return new GradLensException(OnnxGraph.qualifiedOp(node) + " at node '" + OnnxGraph.label(node) + "': " + message);
    }

    /**
     * Reshapes a gradient to input i's shape, keeping the seed-batch axis free (-1) when input i
     * carries the batch axis that output 0 carries.
     */
    public String reshapeToInput(String grad, int i) {
        int[] in = inputShape(i);
        int[] out = outputShape(0);
        long[] target = Arrays.stream(in).asLongStream().toArray();
        if (target.length > 0 && out.length > 0 && in[0] == out[0]) target[0] = -1;
        return editor.reshape(grad, target);
    }

    /**
     * Sums a broadcast gradient (shape of output 0) back to input i's shape: over leading axes input i
     * lacks and over axes where it has size 1 but the output does not (numpy broadcasting rules).
     */
    public String unbroadcast(String grad, int i) {
        int[] in = inputShape(i);
        int[] out = outputShape(0);
        int lead = out.length - in.length;
        java.util.List<Long> axes = new java.util.ArrayList<>();
        for (int a = 0; a < out.length; a++) {
            if (a < lead || (in[a - lead] == 1 && out[a] != 1)) axes.add((long) a);
        }
        if (axes.isEmpty()) return grad;
        String summed = editor.reduceSum(grad, axes.stream().mapToLong(Long::longValue).toArray(), true);
        return lead == 0 ? summed : reshapeToInput(summed, i);
    }
}
