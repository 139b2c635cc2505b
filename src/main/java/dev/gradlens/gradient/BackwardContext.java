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
    private final java.util.function.Consumer<String> singleSeed;
    private final boolean oneRow;

    BackwardContext(NodeProto node, int nodeIndex, OnnxGraph graph, GraphEditor editor, IntFunction<TensorInfo> inputInfo,
                    IntFunction<TensorInfo> outputInfo, IntFunction<String> outputGrad, IntPredicate wanted, RectifierPolicy policy,
                    java.util.function.Consumer<String> singleSeed, boolean oneRow) {
        this.singleSeed = singleSeed;
        this.oneRow = oneRow;
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

    /** Whether the graph takes exactly one seed row and one image ({@link GradientRequest#oneRow}). */
    public boolean oneRow() {
        return oneRow;
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

    /**
     * Declares that this node's backward pass is exact only with one seed row per run: it moves or indexes
     * the axis that carries the seed batch (a Transpose of axis 0, a Gather along it). The engine then runs
     * the graph once per seed row instead of refusing the model.
     */
    public void requireSingleSeed(String why) {
        singleSeed.accept(OnnxGraph.qualifiedOp(node) + " at node '" + OnnxGraph.label(node) + "' " + why);
    }

    /** Fails the build with a message naming this node. */
    public GradLensException error(String message) {
        return new GradLensException(OnnxGraph.qualifiedOp(node) + " at node '" + OnnxGraph.label(node) + "': " + message);
    }

    /**
     * Reshapes a gradient to input i's shape with the seed batch folded into axis 0: [-1, in[1:]]. For an
     * input that carries the batch axis (in[0] = 1 when probed) that is [S, in[1:]]; for one that does not
     * (a Squeeze/Flatten that merged the batch axis away, an operand broadcast from lower rank) it is the
     * S per-seed gradients stacked seed-major along axis 0, as the tensor would be at batch S.
     */
    public String reshapeToInput(String grad, int i) {
        int[] in = inputShape(i);
        // Fix: the target used to be exactly in's shape unless in[0] == out[0], which holds only for one
        // seed: with S seeds the gradient has S·size(in) values (e.g. Flatten(axis=2) then Reshape, or a
        // broadcast operand of lower rank) and the Reshape failed or, worse, seeds were summed before it.
        if (in.length == 0) return editor.reshape(grad, new long[] {-1});
        long[] target = Arrays.stream(in).asLongStream().toArray();
        target[0] = -1;
        return editor.reshape(grad, target);
    }

    /**
     * Sums a broadcast gradient (shape of output 0) back to input i's shape: over leading axes input i
     * lacks and over axes where it has size 1 but the output does not (numpy broadcasting rules), per
     * seed: output 0 is taken to carry the batch axis first, which the seed axis replaces.
     */
    public String unbroadcast(String grad, int i) {
        int[] in = inputShape(i);
        int[] out = outputShape(0);
        int lead = out.length - in.length;
        java.util.List<Long> axes = new java.util.ArrayList<>();
        // Fix: axis 0 of the gradient is the seed axis S, never summed (that mixed the seeds' gradients
        // of a lower-rank operand into one); the result is folded back by reshapeToInput.
        for (int a = lead > 0 ? 1 : 0; a < out.length; a++) {
            if (a < lead || (in[a - lead] == 1 && out[a] != 1)) axes.add((long) a);
        }
        if (axes.isEmpty() && lead == 0) return grad;
        String summed = axes.isEmpty() ? grad : editor.reduceSum(grad, axes.stream().mapToLong(Long::longValue).toArray(), true);
        // a lower-rank operand is always folded to [-1, in[1:]], also when nothing was summed ([1, N] + [N]),
        // so that every gradient of one tensor has the same shape when several consumers' are added
        return lead == 0 ? summed : reshapeToInput(summed, i);
    }
}
