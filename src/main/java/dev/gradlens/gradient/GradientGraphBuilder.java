package dev.gradlens.gradient;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.GradLensException;
import dev.gradlens.onnx.GraphEditor;
import dev.gradlens.onnx.OnnxGraph;
import dev.gradlens.onnx.TensorInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends the backward pass of a score to an ONNX graph, in standard ONNX ops, so that the stock
 * inference runtime returns forward tensors and gradients from one run.
 *
 * <p>One backward chain is built per rectifier policy asked for (∂S/∂A always uses the true
 * derivative; guided backprop needs its own chain). A chain visits, in reverse topological order,
 * only the nodes on a differentiable path from one of its target tensors to the score, sums the
 * contributions a tensor receives from several consumers, and asks each node's rule for the input
 * gradients wanted. The seed is a graph input, so changing class or counterfactual never rebuilds.
 */
public final class GradientGraphBuilder {
    private final RuleRegistry registry;

    public GradientGraphBuilder(RuleRegistry registry) {
        this.registry = registry;
    }

    public GradientGraphBuilder() {
        this(RuleRegistry.standard());
    }

    /**
     * Metadata key set on a built graph that is exact for one seed row per run only (its value says why:
     * a node moves or indexes the batch axis, as attention's [tokens, batch, channels] layout does).
     * Elsewhere gradients carry the seed batch on axis 0 and broadcast against the batch-1 forward tensors.
     */
    public static final String SINGLE_SEED = "gradlens.single_seed";

    /** Why a built graph must be run one seed row at a time, or null when any seed batch works. */
    public static String singleSeedReason(ModelProto built) {
        for (var p : built.getMetadataPropsList()) if (p.getKey().equals(SINGLE_SEED)) return p.getValue();
        return null;
    }

    public RuleRegistry registry() {
        return registry;
    }

    /**
     * @param model  the original model (external data inlined)
     * @param shapes measured type and shape of every tensor (graph inputs and node outputs) at batch 1
     */
    public ModelProto build(ModelProto model, Map<String, TensorInfo> shapes, GradientRequest request) {
        return build(model, shapes, Map.of(), request);
    }

    /**
     * @param staticValues values of tensors computed only from shapes and constants at the probed input size
     *                     (Slice starts, Pad amounts, Expand shapes...): rules treat them as constants
     */
    public ModelProto build(ModelProto model, Map<String, TensorInfo> shapes, Map<String, TensorProto> staticValues,
                            GradientRequest request) {
        OnnxGraph graph = new OnnxGraph(model.getGraph()).withKnownValues(staticValues);
        List<String> singleSeed = new ArrayList<>();
        GraphEditor ed = new GraphEditor(model);
        TensorInfo score = info(shapes, request.scoreTensor());
        Object[] seedDims = new Object[score.rank()];
        seedDims[0] = request.oneRow() ? (Object) 1L : "seed_batch";
        for (int d = 1; d < score.rank(); d++) seedDims[d] = (long) score.dim(d);
        if (score.rank() == 0) throw new GradLensException("score tensor " + request.scoreTensor() + " is a scalar");
        ed.addFloatInput(request.seedInput(), seedDims);

        Map<RectifierPolicy, List<GradientRequest.Wanted>> byPolicy = new LinkedHashMap<>();
        for (GradientRequest.Wanted w : request.gradients()) {
            byPolicy.computeIfAbsent(w.policy(), p -> new ArrayList<>()).add(w);
        }
        Map<String, String> exposed = new LinkedHashMap<>();
        for (var e : byPolicy.entrySet()) {
            Set<String> targets = new HashSet<>();
            for (GradientRequest.Wanted w : e.getValue()) targets.add(w.tensor());
            Map<String, String> grads = new Chain(graph, ed, shapes, e.getKey(), request, singleSeed).run(targets);
            for (GradientRequest.Wanted w : e.getValue()) {
                String g = grads.get(w.tensor());
                if (g == null) {
                    throw new GradLensException("Tensor '" + w.tensor() + "' does not influence the score " + request.scoreTensor()
                            + " through differentiable ops, so it has no gradient");
                }
                exposed.put(w.outputName(), g);
            }
        }
        if (!singleSeed.isEmpty()) ed.metadata(SINGLE_SEED, singleSeed.get(0));
        ed.clearOutputs();
        for (String f : request.forwardOutputs()) ed.addOutput(f);
        for (var e : exposed.entrySet()) {
            ed.op("Identity").in(e.getValue()).into(e.getKey());
            ed.addOutput(e.getKey());
        }
        return ed.build();
    }

    /**
     * Tensors on a differentiable path from any of {@code from} to {@code score}: those a gradient
     * can be computed for (the layer picker's candidates come from here).
     */
    public Set<String> pathTensors(ModelProto model, Map<String, TensorInfo> shapes, Set<String> from, String score) {
        Chain c = new Chain(new OnnxGraph(model.getGraph()), null, shapes, RectifierPolicy.STANDARD, null, new ArrayList<>());
        Set<String> fwd = c.forwardReach(from);
        fwd.retainAll(c.backwardReach(score));
        return fwd;
    }

    static TensorInfo info(Map<String, TensorInfo> shapes, String tensor) {
        TensorInfo t = shapes.get(tensor);
        if (t == null) throw new GradLensException("No tensor named '" + tensor + "' in the model");
        return t;
    }

    /**
     * Which inputs of {@code node} can carry a gradient. Unknown ops count every float input, so that
     * they surface as unsupported when they sit on a path.
     */
    boolean differentiable(NodeProto node, int input, Map<String, TensorInfo> shapes) {
        String name = node.getInput(input);
        if (name.isEmpty()) return false;
        TensorInfo t = shapes.get(name);
        if (t != null && !t.isFloat()) return false;
        if (registry.hasNoGradient(node)) return false;
        GradientRule rule = registry.rule(node);
        return rule == null || rule.isDifferentiable(node, input);
    }

    /**
     * Outer-scope tensors read inside a node's subgraphs (If branches, Loop and Scan bodies). They are
     * inputs too: without them a path through control flow would be silently dropped instead of refused
     * (no rule exists for If/Loop/Scan, so such a path stops the build naming the node).
     */
    static Set<String> capturedInputs(NodeProto node) {
        Set<String> out = new HashSet<>();
        for (var a : node.getAttributeList()) {
            if (a.hasG()) collectCaptured(a.getG(), out);
            for (var g : a.getGraphsList()) collectCaptured(g, out);
        }
        return out;
    }

    private static void collectCaptured(ai.onnx.proto.OnnxMl.GraphProto g, Set<String> out) {
        Set<String> local = new HashSet<>();
        for (var v : g.getInputList()) local.add(v.getName());
        for (var t : g.getInitializerList()) local.add(t.getName());
        for (NodeProto n : g.getNodeList()) local.addAll(n.getOutputList());
        for (NodeProto n : g.getNodeList()) {
            for (String i : n.getInputList()) if (!i.isEmpty() && !local.contains(i)) out.add(i);
            for (String c : capturedInputs(n)) if (!local.contains(c)) out.add(c);
        }
    }

    /** Outputs of a node that can carry a gradient back (float outputs of non-"no gradient" ops). */
    private boolean differentiableOutput(NodeProto node, int output, Map<String, TensorInfo> shapes) {
        if (registry.hasNoGradient(node)) return false;
        TensorInfo t = shapes.get(node.getOutput(output));
        return t == null || t.isFloat();
    }

    /** One backward chain under one rectifier policy. */
    private final class Chain {
        private final OnnxGraph graph;
        private final GraphEditor ed;
        private final Map<String, TensorInfo> shapes;
        private final RectifierPolicy policy;
        private final GradientRequest request;
        private final Map<String, List<String>> contributions = new HashMap<>();
        private final List<String> singleSeed;

        Chain(OnnxGraph graph, GraphEditor ed, Map<String, TensorInfo> shapes, RectifierPolicy policy, GradientRequest request,
              List<String> singleSeed) {
            this.singleSeed = singleSeed;
            this.graph = graph;
            this.ed = ed;
            this.shapes = shapes;
            this.policy = policy;
            this.request = request;
        }

        Map<String, String> run(Set<String> targets) {
            Set<String> fromTargets = forwardReach(targets);
            Set<String> toScore = backwardReach(request.scoreTensor());
            List<Integer> path = new ArrayList<>();
            for (int i = 0; i < graph.nodeCount(); i++) {
                NodeProto n = graph.node(i);
                boolean in = false, out = false;
                for (int k = 0; k < n.getInputCount(); k++) in |= fromTargets.contains(n.getInput(k)) && differentiable(n, k, shapes);
                for (String c : capturedInputs(n)) in |= fromTargets.contains(c);
                for (int k = 0; k < n.getOutputCount(); k++) out |= toScore.contains(n.getOutput(k));
                if (in && out) path.add(i);
            }
            checkSupported(path);
            contributions.computeIfAbsent(request.scoreTensor(), k -> new ArrayList<>()).add(request.seedInput());
            for (int p = path.size() - 1; p >= 0; p--) {
                int index = path.get(p);
                NodeProto n = graph.node(index);
                String[] outGrads = new String[n.getOutputCount()];
                boolean any = false;
                for (int k = 0; k < outGrads.length; k++) {
                    outGrads[k] = differentiableOutput(n, k, shapes) ? total(n.getOutput(k)) : null;
                    any |= outGrads[k] != null;
                }
                if (!any) continue;
                BackwardContext ctx = new BackwardContext(n, index, graph, ed,
                        k -> info(shapes, n.getInput(k)), k -> info(shapes, n.getOutput(k)), k -> outGrads[k],
                        k -> fromTargets.contains(n.getInput(k)) && differentiable(n, k, shapes), policy, singleSeed::add, request.oneRow());
                registry.rule(n).backward(ctx);
                String[] ig = ctx.inputGrads();
                for (int k = 0; k < ig.length; k++) {
                    if (ig[k] != null) contributions.computeIfAbsent(n.getInput(k), x -> new ArrayList<>()).add(ig[k]);
                }
            }
            Map<String, String> out = new HashMap<>();
            for (String t : targets) {
                String g = total(t);
                if (g != null) out.put(t, g);
            }
            return out;
        }

        /** The summed gradient of a tensor (a Sum node where several consumers contribute). */
        private String total(String tensor) {
            List<String> c = contributions.get(tensor);
            if (c == null || c.isEmpty()) return null;
            if (c.size() > 1) {
                String sum = ed.op("Sum").in(c.toArray(new String[0])).out();
                c.clear();
                c.add(sum);
            }
            return c.get(0);
        }

        private void checkSupported(List<Integer> path) {
            for (int p = 0; p < path.size(); p++) {
                NodeProto n = graph.node(path.get(p));
                if (registry.rule(n) == null) {
                    throw new UnsupportedOpException(OnnxGraph.qualifiedOp(n), OnnxGraph.label(n), p + 1, path.size(), registry.supportedOps());
                }
            }
        }

        private Set<String> forwardReach(Set<String> targets) {
            Set<String> reach = new HashSet<>(targets);
            for (NodeProto n : graph.nodes()) {
                boolean hit = false;
                for (int k = 0; k < n.getInputCount(); k++) hit |= reach.contains(n.getInput(k)) && differentiable(n, k, shapes);
                for (String c : capturedInputs(n)) hit |= reach.contains(c);
                if (hit) {
                    for (int k = 0; k < n.getOutputCount(); k++) {
                        if (differentiableOutput(n, k, shapes)) reach.add(n.getOutput(k));
                    }
                }
            }
            return reach;
        }

        private Set<String> backwardReach(String score) {
            Set<String> reach = new HashSet<>();
            reach.add(score);
            for (int i = graph.nodeCount() - 1; i >= 0; i--) {
                NodeProto n = graph.node(i);
                boolean hit = false;
                for (int k = 0; k < n.getOutputCount(); k++) hit |= reach.contains(n.getOutput(k)) && differentiableOutput(n, k, shapes);
                if (hit) {
                    for (int k = 0; k < n.getInputCount(); k++) if (differentiable(n, k, shapes)) reach.add(n.getInput(k));
                    reach.addAll(capturedInputs(n));
                }
            }
            return reach;
        }
    }
}
