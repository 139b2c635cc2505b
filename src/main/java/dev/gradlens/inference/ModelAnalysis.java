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
        this.input = findImageInput(graph, sizeHint, model.displayName());
        ShapeProbe.Probe probe = ShapeProbe.probeAll(model.proto(), Map.of(input.name(), input.shape(1)));
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
            throw new GradLensException(model.displayName() + ": no 4-D feature map with spatial size above 1 lies on the path from the input to the scores, so no CAM can be computed");
        }
        this.defaultLayer = chooseDefault(graph);
    }

    private static ImageInput findImageInput(OnnxGraph graph, int[] sizeHint, String file) {
        List<ValueInfoProto> inputs = graph.realInputs();
        List<ValueInfoProto> images = new ArrayList<>();
        for (ValueInfoProto v : inputs) {
            var tt = v.getType().getTensorType();
            if (tt.getShape().getDimCount() == 4 && tt.getElemType() == ElementType.FLOAT) images.add(v);
        }
        if (images.size() != 1 || inputs.size() != 1) {
            List<String> desc = new ArrayList<>();
            for (ValueInfoProto v : inputs) desc.add(v.getName() + " " + dimsText(v.getType().getTensorType().getShape()));
            throw new GradLensException(file + " has no single image input: GradLens needs exactly one float input [N,C,H,W] or [N,H,W,C]; the model's inputs are " + desc);
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
        return new ImageInput(v.getName(), layout, c, height, width, dynamic);
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
        Set<String> path = new GradientGraphBuilder().pathTensors(model.proto(), shapes, Set.of(input.name()), scoreTensor);
        List<LayerCandidate> out = new ArrayList<>();
        for (int i = 0; i < graph.nodeCount(); i++) {
            NodeProto n = graph.node(i);
            for (String o : n.getOutputList()) {
                TensorInfo t = shapes.get(o);
                if (t == null || !path.contains(o) || !t.isFloat() || t.rank() != 4) continue;
                if (t.dim(2) * t.dim(3) <= 1) continue;
                out.add(new LayerCandidate(o, t.shape(), n.getOpType(), OnnxGraph.label(n), i));
            }
        }
        return out;
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
            if (classes > 0 && c.shape()[1] == classes && candidates.size() > 1) continue;
            String source = aliasSource(graph, c.tensor());
            if (!source.equals(c.tensor()) && names.contains(source)) continue;
            return c;
        }
        return candidates.get(candidates.size() - 1);
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
        throw new GradLensException("Layer '" + tensor + "' " + t + " cannot be explained: a CAM layer must be a 4-D float feature map with spatial size above 1 on the path from the input to the score");
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
}
