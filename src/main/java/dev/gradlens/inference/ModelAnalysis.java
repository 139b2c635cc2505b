package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.gradlens.GradLensException;
import dev.gradlens.gradient.GradientGraphBuilder;
import dev.gradlens.onnx.ElementType;
import dev.gradlens.onnx.NodeAttributes;
import dev.gradlens.onnx.OnnxGraph;
import dev.gradlens.onnx.OnnxModel;
import dev.gradlens.onnx.TensorInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What GradLens needs to know about a classifier: its image input, the class-score tensor (the
 * input of a final Softmax/LogSoftmax when there is one), every tensor's measured shape, and the
 * layers a CAM can use with the one chosen by default.
 */
public final class ModelAnalysis {
    private final OnnxModel model;
    private final ImageInput input;
    private final Map<String, TensorInfo> shapes;
    private final Map<String, ai.onnx.proto.OnnxMl.TensorProto> staticValues;
    private final String outputName;
    private final String scoreTensor;
    private final String scoreNote;
    private final OutputKind outputKind;
    private final int classes;
    private final List<LayerCandidate> candidates;
    private final LayerCandidate defaultLayer;
    private final String defaultNote;

    /** What the model's chosen output holds. */
    public enum OutputKind { LOGITS, PROBABILITIES, LOG_PROBABILITIES }

    /**
     * @param sizeHint   [width, height] for symbolic spatial dims (null: 224)
     * @param outputHint output to use as class scores (null: detect)
     * @param labelCount number of labels known (0: unknown), preferred when several outputs qualify
     */
    public static ModelAnalysis analyse(OnnxModel model, int[] sizeHint, String outputHint, int labelCount) {
        return new ModelAnalysis(model, sizeHint, outputHint, labelCount);
    }

    private ModelAnalysis(OnnxModel model, int[] sizeHint, String outputHint, int labelCount) {
        this.model = model;
        OnnxGraph graph = model.graph();
        ImageInput found = findImageInput(graph, sizeHint, model.displayName());
        ShapeProbe.Probe probe = ShapeProbe.probeAll(model.proto(), Map.of(found.name(), found.shape(1)));
        this.input = found.integer() ? withGradientTensor(graph, found, probe.shapes(), model.displayName()) : found;
        this.shapes = probe.shapes();
        this.staticValues = probe.staticValues();
        this.outputName = chooseOutput(graph, outputHint, labelCount);
        int[] outShape = shapes.get(outputName).shape();
        this.classes = classCount(outShape);
        // Follow the output back through value-preserving ops to a Softmax/LogSoftmax, if any.
        String t = outputName;
        OutputKind kind = OutputKind.LOGITS;
        String note = null;
        while (true) {
            int p = graph.producerOf(t);
            if (p < 0) break;
            NodeProto n = graph.node(p);
            String op = n.getOpType();
            if (op.equals("Softmax") || op.equals("LogSoftmax")) {
                kind = op.equals("Softmax") ? OutputKind.PROBABILITIES : OutputKind.LOG_PROBABILITIES;
                note = "the model ends in " + op + ": explaining its input '" + n.getInput(0) + "' (the pre-softmax score)";
                t = n.getInput(0);
                break;
            }
            if (Set.of("Identity", "Flatten", "Reshape", "Squeeze", "Dropout").contains(op)) t = n.getInput(0);
            else break;
        }
        this.outputKind = kind;
        this.scoreTensor = kind == OutputKind.LOGITS ? outputName : t;
        this.scoreNote = note;
        this.candidates = findCandidates(graph);
        if (candidates.isEmpty()) {
            throw new GradLensException(model.displayName() + ": no feature map (NCHW or channels-last) or token sequence with spatial size above 1 lies on the path from the input to the scores, so no CAM can be computed");
        }
        LayerCandidate grid = chooseDefault(graph);
        LayerCandidate tokens = chooseTransformerDefault(graph, grid);
        this.defaultLayer = tokens != null ? tokens : grid != null ? grid : candidates.get(candidates.size() - 1);
        this.defaultNote = tokens == null ? null : "transformer: CAM layer '" + tokens.tensor() + "', the last attention block's first "
                + "LayerNorm output (as pytorch-grad-cam does for ViT), read as " + tokens.layoutText() + " (" + tokens.extraTokens()
                + " class/distillation token" + (tokens.extraTokens() == 1 ? "" : "s") + " dropped)";
    }

    private ModelAnalysis(ModelAnalysis same, OnnxModel model) {
        this.model = model;
        this.input = same.input;
        this.shapes = same.shapes;
        this.outputName = same.outputName;
        this.scoreTensor = same.scoreTensor;
        this.scoreNote = same.scoreNote;
        this.outputKind = same.outputKind;
        this.classes = same.classes;
        this.candidates = same.candidates;
        this.defaultLayer = same.defaultLayer;
        // shape arithmetic reads shapes and Constant nodes, never the Conv/Gemm/MatMul weights that differ
        this.staticValues = same.staticValues;
        this.defaultNote = same.defaultNote;
    }

    /**
     * The same analysis for a model that differs from this one only in the values of its
     * initializers (weights randomised by the sanity check, say): shapes, score tensor and layers
     * cannot have changed, so no probe run is needed. The caller guarantees the graph is the same.
     */
    public ModelAnalysis withWeights(OnnxModel sameGraphOtherWeights) {
        if (sameGraphOtherWeights.proto().getGraph().getNodeCount() != model.proto().getGraph().getNodeCount())
            throw new IllegalArgumentException("withWeights needs the same graph");
        return new ModelAnalysis(this, sameGraphOtherWeights);
    }

    private static ImageInput findImageInput(OnnxGraph graph, int[] sizeHint, String file) {
        List<ValueInfoProto> inputs = graph.realInputs();
        List<ValueInfoProto> images = new ArrayList<>();
        for (ValueInfoProto v : inputs) {
            var tt = v.getType().getTensorType();
            if (tt.getShape().getDimCount() == 4 && (tt.getElemType() == ElementType.FLOAT || INTEGER_PIXELS.contains(tt.getElemType()))) images.add(v);
        }
        if (images.size() != 1 || inputs.size() != 1) {
            List<String> desc = new ArrayList<>();
            for (ValueInfoProto v : inputs) {
                desc.add(GradLensException.oneLine(v.getName()) + " " + ElementType.name(v.getType().getTensorType().getElemType()) + " " + dimsText(v.getType().getTensorType().getShape()));
            }
            String why = images.size() == 1 ? ": GradLens feeds one image; every other input needs a default value (an initializer of the same name)"
                    : ": GradLens needs exactly one image input [N,C,H,W] or [N,H,W,C] (float, or uint8/int with the preprocessing inside the graph)";
            throw new GradLensException(file + " has no single image input" + why + "; the model's inputs are " + desc);
        }
        ValueInfoProto v = images.get(0);
        List<TensorShapeProto.Dimension> d = v.getType().getTensorType().getShape().getDimList();
        long[] dims = new long[4];
        for (int i = 0; i < 4; i++) dims[i] = d.get(i).hasDimValue() ? d.get(i).getDimValue() : -1;
        Layout layout;
        if (dims[1] == 1 || dims[1] == 3) layout = Layout.NCHW;
        else if (dims[3] == 1 || dims[3] == 3) layout = Layout.NHWC;
        else throw new GradLensException(file + ": input '" + v.getName() + "' " + Arrays.toString(dims) + " has no colour axis of 1 or 3 channels (neither NCHW nor NHWC)");
        int c = (int) (layout == Layout.NCHW ? dims[1] : dims[3]);
        long h = layout == Layout.NCHW ? dims[2] : dims[1];
        long w = layout == Layout.NCHW ? dims[3] : dims[2];
        boolean dynamic = h <= 0 || w <= 0;
        int height = (int) (h > 0 ? h : sizeHint != null ? sizeHint[1] : 224);
        int width = (int) (w > 0 ? w : sizeHint != null ? sizeHint[0] : 224);
        int type = v.getType().getTensorType().getElemType();
        return new ImageInput(v.getName(), layout, c, height, width, dynamic, type, type == ElementType.FLOAT ? v.getName() : null);
    }

    /** Integer pixel types an image input may have (fed rounded and clamped). */
    private static final Set<Integer> INTEGER_PIXELS = Set.of(ElementType.UINT8, ElementType.INT8, ElementType.UINT16, ElementType.INT16,
            ElementType.INT32, ElementType.INT64);

    /**
     * An integer image input is explained with respect to the first float tensor computed from it: following
     * its only consumer through value-preserving ops (Identity, Reshape-likes) to a Cast to float of the same
     * shape, the start of the preprocessing inside the graph.
     */
    private static ImageInput withGradientTensor(OnnxGraph graph, ImageInput in, Map<String, TensorInfo> shapes, String file) {
        String t = in.name();
        int[] shape = ShapeProbe.toInts(in.shape(1));
        while (true) {
            List<Integer> users = graph.consumersOf(t);
            if (users.size() != 1) break;
            NodeProto n = graph.node(users.get(0));
            TensorInfo out = shapes.get(n.getOutput(0));
            if (out == null || !Arrays.equals(out.shape(), shape)) break;
            if (out.isFloat()) {
                if (!n.getOpType().equals("Cast")) break;
                return new ImageInput(in.name(), in.layout(), in.channels(), in.height(), in.width(), in.dynamicSize(), in.elementType(), n.getOutput(0));
            }
            if (!Set.of("Identity", "Reshape", "Squeeze", "Unsqueeze", "Flatten").contains(n.getOpType())) break;
            t = n.getOutput(0);
        }
        throw new GradLensException(file + ": the " + ElementType.name(in.elementType()) + " image input '" + in.name()
                + "' is not cast to float right away (a Cast of the same shape), so GradLens finds no float tensor to explain it by");
    }

    private static String dimsText(TensorShapeProto s) {
        List<String> out = new ArrayList<>();
        for (TensorShapeProto.Dimension d : s.getDimList()) out.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam());
        return out.toString();
    }

    /** Class count of a score shape [1,K] or [1,K,1,1...]; 0 when it is not such a shape. */
    private static int classCount(int[] s) {
        if (s.length < 2 || s[0] != 1 || s[1] < 2) return 0;
        for (int i = 2; i < s.length; i++) if (s[i] != 1) return 0;
        return s[1];
    }

    private String chooseOutput(OnnxGraph graph, String hint, int labelCount) {
        if (hint != null) {
            TensorInfo t = shapes.get(hint);
            if (t == null) throw new GradLensException("The descriptor names output '" + hint + "', which the model does not have");
            if (classCount(t.shape()) == 0) throw new GradLensException("Output '" + hint + "' " + t + " is not a [1, classes] score tensor");
            return hint;
        }
        String best = null;
        int bestK = 0;
        List<String> seen = new ArrayList<>();
        for (String o : graph.outputNames()) {
            TensorInfo t = shapes.get(o);
            if (t == null) continue;
            seen.add(o + " " + t);
            int k = t.isFloat() ? classCount(t.shape()) : 0;
            boolean better = labelCount > 0 ? (k == labelCount && bestK != labelCount) || (bestK != labelCount && k > bestK) : k > bestK;
            if (better) {
                best = o;
                bestK = k;
            }
        }
        if (best == null) {
            throw new GradLensException(model.displayName() + " is not an image classifier: no output has the shape [1, classes] (outputs: "
                    + String.join(", ", seen) + ")");
        }
        return best;
    }

    private List<LayerCandidate> findCandidates(OnnxGraph graph) {
        Set<String> path = new GradientGraphBuilder().pathTensors(model.proto(), shapes, Set.of(input.gradientTensor()), scoreTensor);
        List<LayerCandidate> out = new ArrayList<>();
        for (int i = 0; i < graph.nodeCount(); i++) {
            NodeProto n = graph.node(i);
            for (String o : n.getOutputList()) {
                TensorInfo t = shapes.get(o);
                if (t == null || !path.contains(o) || !t.isFloat() || t.shape().length == 0 || t.dim(0) != 1) continue;
                LayerCandidate c = candidate(o, t.shape(), n, i);
                if (c != null) out.add(c);
            }
        }
        return out;
    }

    /**
     * The tensor as a CAM layer, or null. Rank 4 is NCHW unless only the channels-last reading has the
     * image's proportions (strides along height and width within 1.5× of each other, the NCHW reading's
     * not): Swin's [1, h, w, C]. Rank 3 is a token sequence [1, t + h·w, C] when dropping t ≤ 2 leading
     * tokens leaves a grid with the image's proportions (h·w, h and w at least 2).
     */
    private LayerCandidate candidate(String o, int[] s, NodeProto n, int i) {
        if (s.length == 4) {
            if (s[2] * s[3] <= 1) return null;
            boolean nchw = proportional(s[2], s[3]), nhwc = proportional(s[1], s[2]) && s[1] * s[2] > 1;
            if (nhwc && !nchw) return new LayerCandidate(o, s, n.getOpType(), OnnxGraph.label(n), i, LayerCandidate.Kind.NHWC, 0, s[1], s[2]);
            return new LayerCandidate(o, s, n.getOpType(), OnnxGraph.label(n), i);
        }
        if (s.length == 3) {
            for (int extra = 0; extra <= 2; extra++) {
                int[] hw = tokenGrid(s[1] - extra);
                if (hw != null) return new LayerCandidate(o, s, n.getOpType(), OnnxGraph.label(n), i, LayerCandidate.Kind.TOKENS, extra, hw[0], hw[1]);
            }
        }
        return null;
    }

    /** h×w with h·w = count and the image's proportions (h/w = H/W up to rounding), both at least 2; else null. */
    private int[] tokenGrid(int count) {
        if (count < 4) return null;
        for (int h = 2; h <= count / 2; h++) {
            if (count % h != 0) continue;
            int w = count / h;
            if (w >= 2 && Math.abs(h * input.width() - w * input.height()) < Math.max(input.width(), input.height()) && proportional(h, w)) {
                return new int[] {h, w};
            }
        }
        return null;
    }

    /** Whether an h×w grid could be the image downsampled: no larger than it, strides within 1.5× of each other. */
    private boolean proportional(int h, int w) {
        if (h < 1 || w < 1 || h > input.height() || w > input.width()) return false;
        double sh = (double) input.height() / h, sw = (double) input.width() / w;
        return Math.max(sh, sw) <= 1.5 * Math.min(sh, sw);
    }

    /**
     * The last candidate that is a real feature map: not a per-class score map of a convolutional
     * head (channels = classes), and not a value-preserving alias (Identity, Dropout, 1×1/stride-1
     * pooling) of an earlier one, which is replaced by its source.
     */
    private LayerCandidate chooseDefault(OnnxGraph graph) {
        Set<String> names = new HashSet<>();
        for (LayerCandidate c : candidates) names.add(c.tensor());
        for (int i = candidates.size() - 1; i >= 0; i--) {
            LayerCandidate c = candidates.get(i);
            if (c.layout() == LayerCandidate.Kind.TOKENS) continue;
            // a [1, 1, 1, C] vector (ConvNeXt's head LayerNorm) is no spatial map, whichever way it is read
            int[] sh = c.shape();
            if (c.layout() == LayerCandidate.Kind.NCHW && !proportional(sh[2], sh[3]) && !(proportional(sh[1], sh[2]) && sh[1] * sh[2] > 1)) continue;
            if (classes > 0 && c.grid()[0] == classes && candidates.size() > 1) continue;
            String source = aliasSource(graph, c.tensor());
            if (!source.equals(c.tensor()) && names.contains(source)) continue;
            return c;
        }
        return candidates.get(candidates.size() - 1).layout() == LayerCandidate.Kind.TOKENS ? null : candidates.get(candidates.size() - 1);
    }

    /**
     * For vision transformers with class tokens (token candidates after the last grid candidate): the
     * output of the first LayerNorm of the last attention block, i.e. the last LayerNorm output on the path
     * before the last attention Softmax. Later token layers (the MLP, the final norm) reach the score only
     * through the class token, so their patch tokens get no gradient. Null when the model is not such a
     * transformer.
     */
    private LayerCandidate chooseTransformerDefault(OnnxGraph graph, LayerCandidate grid) {
        List<LayerCandidate> tokens = new ArrayList<>();
        for (LayerCandidate c : candidates) {
            if (c.layout() == LayerCandidate.Kind.TOKENS && c.extraTokens() > 0 && (grid == null || c.depth() > grid.depth())) tokens.add(c);
        }
        if (tokens.isEmpty()) return null;
        int softmax = -1;
        Set<String> onPath = new GradientGraphBuilder().pathTensors(model.proto(), shapes, Set.of(input.gradientTensor()), scoreTensor);
        for (int i = 0; i < graph.nodeCount(); i++) {
            NodeProto n = graph.node(i);
            if (n.getOpType().equals("Softmax") && onPath.contains(n.getOutput(0))) softmax = i;
        }
        Set<String> norms = layerNormOutputs(graph);
        LayerCandidate best = null;
        for (LayerCandidate c : tokens) if (norms.contains(c.tensor()) && (softmax < 0 || c.depth() < softmax)) best = c;
        if (best == null) for (LayerCandidate c : tokens) if (softmax < 0 || c.depth() < softmax) best = c;
        return best != null ? best : tokens.get(tokens.size() - 1);
    }

    /**
     * Outputs of layer normalizations: LayerNormalization nodes, and the opset-13 decomposition
     * (x − ReduceMean(x)) / Sqrt(...) followed by its scale Mul and bias Add with constants (or static values).
     */
    private Set<String> layerNormOutputs(OnnxGraph graph) {
        Set<String> out = new HashSet<>();
        for (NodeProto n : graph.nodes()) {
            if (n.getOpType().equals("LayerNormalization")) {
                out.add(n.getOutput(0));
                continue;
            }
            if (!n.getOpType().equals("Div") || n.getInputCount() < 2) continue;
            int sub = graph.producerOf(n.getInput(0)), sqrt = graph.producerOf(n.getInput(1));
            if (sub < 0 || sqrt < 0 || !graph.node(sub).getOpType().equals("Sub") || !graph.node(sqrt).getOpType().equals("Sqrt")) continue;
            NodeProto sn = graph.node(sub);
            int mean = sn.getInputCount() == 2 ? graph.producerOf(sn.getInput(1)) : -1;
            if (mean < 0 || !graph.node(mean).getOpType().equals("ReduceMean")) continue;
            String t = n.getOutput(0);
            while (true) {
                List<Integer> users = graph.consumersOf(t);
                if (users.size() != 1) break;
                NodeProto u = graph.node(users.get(0));
                if (!(u.getOpType().equals("Mul") || u.getOpType().equals("Add")) || u.getInputCount() != 2) break;
                String other = u.getInput(0).equals(t) ? u.getInput(1) : u.getInput(0);
                // exporters share equal initializers through Identity nodes: a static value counts as a constant
                if (!graph.isConstant(other) && !staticValues.containsKey(other)) break;
                t = u.getOutput(0);
            }
            out.add(t);
        }
        return out;
    }

    private String aliasSource(OnnxGraph graph, String tensor) {
        String t = tensor;
        while (true) {
            int p = graph.producerOf(t);
            if (p < 0) return t;
            NodeProto n = graph.node(p);
            String op = n.getOpType();
            boolean alias = op.equals("Identity") || op.equals("Dropout");
            if ((op.equals("AveragePool") || op.equals("MaxPool")) && shapes.containsKey(n.getInput(0))
                    && Arrays.equals(shapes.get(n.getInput(0)).shape(), shapes.get(t).shape())) {
                long[] k = new NodeAttributes(n).getInts("kernel_shape", new long[0]);
                alias = Arrays.stream(k).allMatch(v -> v == 1);
            }
            if (!alias) return t;
            t = n.getInput(0);
        }
    }

    public LayerCandidate layer(String tensor) {
        for (LayerCandidate c : candidates) if (c.tensor().equals(tensor)) return c;
        TensorInfo t = shapes.get(tensor);
        if (t == null) {
            throw new GradLensException("Unknown layer '" + tensor + "': no tensor of that name in " + model.displayName()
                    + " (run 'gradlens layers' to list the candidates)");
        }
        throw new GradLensException("Layer '" + tensor + "' " + t + " cannot be explained: a CAM layer must be a float feature map "
                + "[1,C,h,w] or [1,h,w,C] or a token sequence [1,t+h·w,C] with spatial size above 1 on the path from the input to the score");
    }

    public OnnxModel model() { return model; }
    public ImageInput input() { return input; }
    public Map<String, TensorInfo> shapes() { return shapes; }
    /** Values of the tensors computed only from shapes and constants, at this input size (see onnx.StaticTensors). */
    public Map<String, ai.onnx.proto.OnnxMl.TensorProto> staticValues() { return staticValues; }
    public String outputName() { return outputName; }
    public String scoreTensor() { return scoreTensor; }
    /** Why the score is not the output itself, or null. */
    public String scoreNote() { return scoreNote; }
    public OutputKind outputKind() { return outputKind; }
    public int classes() { return classes; }
    public List<LayerCandidate> candidates() { return candidates; }
    public LayerCandidate defaultLayer() { return defaultLayer; }
    /** Why the default layer is a token layer (transformers), or null. */
    public String defaultNote() { return defaultNote; }
}
