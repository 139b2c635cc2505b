package dev.gradlens.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.gradlens.GradLensException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a quantized (int8/uint8) ONNX model into a float model GradLens can differentiate.
 *
 * <p>Every quantized activation {@code q} stands for the float tensor {@code (q − zp)·scale}; the copy
 * computes that float tensor directly:
 * <ul>
 * <li>QuantizeLinear → DequantizeLinear pairs on activations disappear: the float tensor flows on.
 *     Quantized constants (weights, biases) are dequantized once into float initializers
 *     (per-tensor or per-channel scales, uint8 or int8 zero points; an int32 bias has scale
 *     x_scale·w_scale).</li>
 * <li>QLinearConv → Conv, QLinearMatMul → Gemm (MatMul where the first input is not 2-D),
 *     QGemm → Gemm, com.microsoft QLinearAdd/QLinearMul → Add/Mul, QLinearGlobalAveragePool →
 *     GlobalAveragePool, QLinearAveragePool → AveragePool, QLinearConcat → Concat,
 *     QLinearLeakyRelu → LeakyRelu, QLinearSigmoid → Sigmoid. Data-movement ops on quantized
 *     tensors (Reshape, Flatten, Transpose, MaxPool, Concat, Pad...) stay and now carry floats.</li>
 * <li>A quantized tensor can only hold values in [(qmin − zp)·scale, (qmax − zp)·scale], and int8
 *     exporters rely on it: they fold ReLU and ReLU6 into the output range of the quantized conv
 *     (the Model Zoo's MobileNetV2-12-int8 has no Relu or Clip node left). So each quantized
 *     output becomes a Clip to that range; a range starting at 0 is a rectifier for guided
 *     backprop, as the folded ReLU was.</li>
 * </ul>
 * Rounding to the quantization grid is not reproduced (it has no useful gradient), so scores of the
 * copy differ slightly from the int8 model's: measure with {@code inference.QuantizationAgreement}.
 *
 * <p>A float tensor keeps the name the exporter gave its quantized version without
 * {@code _quantized} ("627_quantized" → "627"), or the name of the DequantizeLinear that read it,
 * so layer names match the float model the int8 one came from.
 */
public final class Dequantizer {
    private static final String MS = "com.microsoft";
    /** Ops that move or select values without computing new ones: quantized in, same quantization out. */
    private static final Set<String> DATA_MOVEMENT = Set.of("Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose",
            "Identity", "MaxPool", "Concat", "Slice", "Gather", "Split", "Resize", "Upsample", "DepthToSpace",
            "SpaceToDepth", "Tile", "Expand", "Pad", "GatherElements", "ReduceMax", "ReduceMin", "GlobalMaxPool");
    /** Ops that read only the shape of their input. */
    private static final Set<String> SHAPE_ONLY = Set.of("Shape", "Size");
    /** Quantized ops this class does not know how to rewrite (refused rather than left half-quantized). */
    private static final Set<String> UNKNOWN_QUANTIZED = Set.of("MatMulInteger", "ConvInteger", "DynamicQuantizeLinear",
            "DynamicQuantizeMatMul", "MatMulIntegerToFloat", "QAttention", "QEmbedLayerNormalization", "QLinearSoftmax",
            "QLinearReduceMean", "QLinearWhere", "QOrderedMatMul", "QLinearConvTranspose");

    private final boolean roundToGrid;

    /** The dequantizer for explaining: quantized ranges become Clips, rounding is dropped. */
    public Dequantizer() {
        this(false);
    }

    private Dequantizer(boolean roundToGrid) {
        this.roundToGrid = roundToGrid;
    }

    /**
     * For checks only: a copy that also rounds every quantized tensor to its grid (a
     * QuantizeLinear → DequantizeLinear pair where the explaining copy has a Clip), so float kernels
     * reproduce the int8 arithmetic exactly. GradLens cannot differentiate it (no rule for those ops);
     * it tells rounding effects from runtime kernel effects when the copy and the int8 model disagree.
     */
    public static Dequantizer simulatingInt8() {
        return new Dequantizer(true);
    }

    /** Rewrites {@code model}; a model with no quantized op comes back unchanged with no notes. */
    public DequantizedModel dequantize(OnnxModel model) {
        return new Run(model, roundToGrid).run();
    }

    /** Quantization parameters of one tensor: scale and zero point per tensor (length 1) or per channel. */
    private record QParams(float[] scale, int[] zp, int type, int axis) {
        int qmin() {
            return switch (type) {
                case ElementType.INT8 -> -128;
                case ElementType.INT16 -> -32768;
                default -> 0;
            };
        }

        int qmax() {
            return switch (type) {
                case ElementType.INT8 -> 127;
                case ElementType.INT16 -> 32767;
                case ElementType.UINT16 -> 65535;
                default -> 255;
            };
        }

        boolean perTensor() {
            return scale.length == 1 && zp.length == 1;
        }

        float lo() {
            return (qmin() - zp[0]) * scale[0];
        }

        float hi() {
            return (qmax() - zp[0]) * scale[0];
        }

        float scaleAt(int c) {
            return scale.length == 1 ? scale[0] : scale[c];
        }

        int zpAt(int c) {
            return zp.length == 1 ? zp[0] : zp[c];
        }
    }

    private static final class Run {
        private final OnnxModel source;
        private final boolean roundToGrid;
        private final GraphProto graph;
        private final OnnxGraph index;
        private final long opset;
        private final Set<String> used = new HashSet<>();
        private final Set<String> graphOutputs = new LinkedHashSet<>();
        /** Quantized (or aliased) tensor → the float tensor standing for it. */
        private final Map<String, String> floatOf = new HashMap<>();
        /** Quantization of each quantized activation (by its original name). */
        private final Map<String, QParams> qparams = new HashMap<>();
        /** Float name wanted for a quantized tensor: a graph output's own name, or its DequantizeLinear's output. */
        private final Map<String, String> preferred = new HashMap<>();
        private final Map<String, Integer> ranks;
        private final List<NodeProto> nodes = new ArrayList<>();
        private final List<TensorProto> newInits = new ArrayList<>();
        private final Map<String, String> dequantizedConst = new HashMap<>();
        private final Map<Integer, String> boundCache = new HashMap<>();
        private final List<DequantizedModel.Rewrite> rewrites = new ArrayList<>();
        private final Set<String> notes = new LinkedHashSet<>();
        private int removed;
        private int clips;
        private int folded;

        Run(OnnxModel model, boolean roundToGrid) {
            this.source = model;
            this.roundToGrid = roundToGrid;
            this.graph = model.proto().getGraph();
            this.index = model.graph();
            this.opset = model.opset();
            for (NodeProto n : graph.getNodeList()) {
                used.add(n.getName());
                used.addAll(n.getOutputList());
                used.addAll(n.getInputList());
            }
            for (TensorProto t : graph.getInitializerList()) used.add(t.getName());
            for (ValueInfoProto v : graph.getInputList()) used.add(v.getName());
            for (ValueInfoProto v : graph.getOutputList()) {
                used.add(v.getName());
                graphOutputs.add(v.getName());
                preferred.put(v.getName(), v.getName());
            }
            for (NodeProto n : graph.getNodeList()) {
                if (isOp(n, "", "DequantizeLinear") && !index.isConstant(n.getInput(0))) preferred.putIfAbsent(n.getInput(0), n.getOutput(0));
            }
            this.ranks = RankInference.ranks(graph, index);
        }

        DequantizedModel run() {
            boolean any = false;
            for (NodeProto n : graph.getNodeList()) any |= isQuantizedOp(n);
            if (!any) return new DequantizedModel(source, List.of(), 0, List.of());
            for (NodeProto n : graph.getNodeList()) rewrite(n);
            ModelProto out = assemble();
            OnnxModel copy = new OnnxModel(source.source(), out);
            List<String> lines = new ArrayList<>();
            int q = rewrites.size();
            StringBuilder s = new StringBuilder("explaining a dequantized float copy of an int8 model: " + q + " QLinear op" + (q == 1 ? "" : "s") + " rewritten");
            if (removed > 0) s.append(", ").append(removed).append(" QuantizeLinear/DequantizeLinear removed");
            if (folded > 0) s.append(", ").append(folded).append(" quantized constant").append(folded == 1 ? "" : "s").append(" folded");
            lines.add(s.toString());
            if (clips > 0) {
                lines.add(clips + " quantized output ranges kept as Clip nodes (int8 exporters fold ReLU/ReLU6 into them); "
                        + "rounding to the int8 grid is not reproduced, so scores differ slightly from the int8 model");
            }
            lines.addAll(notes);
            return new DequantizedModel(copy, rewrites, removed, lines);
        }

        // ---- per-node rewriting ---------------------------------------------------------------------

        private void rewrite(NodeProto n) {
            String op = n.getOpType();
            String domain = n.getDomain().equals("ai.onnx") ? "" : n.getDomain();
            if (domain.isEmpty()) {
                switch (op) {
                    case "QuantizeLinear" -> { quantizeLinear(n); return; }
                    case "DequantizeLinear" -> { dequantizeLinear(n); return; }
                    case "QLinearConv" -> { qlinearConv(n); return; }
                    case "QLinearMatMul" -> { qlinearMatMul(n); return; }
                    default -> { }
                }
            } else if (domain.equals(MS)) {
                switch (op) {
                    case "QLinearAdd", "QLinearMul" -> { qlinearBinary(n, op.substring("QLinear".length())); return; }
                    case "QLinearGlobalAveragePool" -> { qlinearGlobalAveragePool(n); return; }
                    case "QLinearAveragePool" -> { qlinearAveragePool(n); return; }
                    case "QLinearConcat" -> { qlinearConcat(n); return; }
                    case "QLinearLeakyRelu", "QLinearSigmoid" -> { qlinearUnary(n, op.substring("QLinear".length())); return; }
                    case "QGemm" -> { qgemm(n); return; }
                    case "QuantizeLinear" -> { quantizeLinear(n); return; }
                    case "DequantizeLinear" -> { dequantizeLinear(n); return; }
                    default -> { }
                }
            }
            if (UNKNOWN_QUANTIZED.contains(op) || op.startsWith("QLinear")) {
                throw new GradLensException("Cannot dequantize op " + OnnxGraph.qualifiedOp(n) + " at node '" + OnnxGraph.label(n)
                        + "': GradLens does not know how to rewrite it into float ops");
            }
            passThrough(n);
        }

        private void quantizeLinear(NodeProto n) {
            String x = n.getInput(0), y = n.getOutput(0);
            QParams p = params(n.getInput(1), input(n, 2), axisAttr(n), n);
            if (index.isConstant(x)) {
                // A float constant quantized in the graph: its float value is the constant itself (up to rounding).
                floatOf.put(y, x);
                folded++;
                return;
            }
            qparams.put(y, p);
            String f = floatName(y);
            floatOf.put(y, f);
            saturate(resolve(x), p, f, base(n) + "/saturate");
            removed++;
        }

        private void dequantizeLinear(NodeProto n) {
            String x = n.getInput(0), y = n.getOutput(0);
            if (index.isConstant(x)) {
                QParams p = params(n.getInput(1), input(n, 2), axisAttr(n), n);
                newInits.add(Tensors.floats(y, dequantize(constant(x), p), dims(constant(x))));
                folded++;
                return;
            }
            String f = floatOf.get(x);
            if (f == null) {
                // Not a tensor this pass quantized (a quantized graph input): the op stays.
                emit(n.toBuilder().build());
                return;
            }
            removed++;
            if (f.equals(y)) return;
            if (graphOutputs.contains(y)) {
                emit(NodeProto.newBuilder().setOpType("Identity").setName(freshNode(base(n))).addInput(f).addOutput(y).build());
            } else {
                floatOf.put(y, f);
            }
        }

        private void qlinearConv(NodeProto n) {
            String x = activation(n.getInput(0), n.getInput(1), input(n, 2), n);
            QParams xp = params(n.getInput(1), input(n, 2), 1, n);
            String wName = n.getInput(3);
            if (!index.isConstant(wName)) throw notConstant(n, "weight");
            QParams wp = params(n.getInput(4), input(n, 5), 0, n);
            String w = constFloat(wName, wp);
            NodeProto.Builder conv = NodeProto.newBuilder().setOpType("Conv").setName(freshNode(base(n))).addInput(x).addInput(w);
            String bias = input(n, 8);
            if (bias != null) {
                if (!index.isConstant(bias)) throw notConstant(n, "bias");
                TensorProto b = constant(bias);
                double[] v = Tensors.toDoubles(b);
                float[] f = new float[v.length];
                for (int c = 0; c < v.length; c++) f[c] = (float) (v[c] * xp.scaleAt(0) * wp.scaleAt(c));
                String bn = freshTensor(strip(bias));
                newInits.add(Tensors.floats(bn, f, dims(b)));
                conv.addInput(bn);
            }
            copyAttributes(n, conv, Set.of());
            finishQuantizedOutput(n, conv, 6, 7, "Conv");
        }

        private void qlinearMatMul(NodeProto n) {
            String a = operand(n, 0, 1, 2, 0);
            String bName = n.getInput(3);
            boolean bConst = index.isConstant(bName);
            String b = operand(n, 3, 4, 5, bConst ? constant(bName).getDimsCount() - 1 : 1);
            Integer ra = ranks.get(n.getInput(0));
            boolean gemm = bConst && constant(bName).getDimsCount() == 2 && ra != null && ra == 2;
            if (!gemm) {
                notes.add("node '" + OnnxGraph.label(n) + "' became MatMul (its first input is not known to be 2-D): GradLens needs a "
                        + "MatMul gradient rule to explain through it");
            }
            NodeProto.Builder mm = NodeProto.newBuilder().setOpType(gemm ? "Gemm" : "MatMul").setName(freshNode(base(n))).addInput(a).addInput(b);
            finishQuantizedOutput(n, mm, 6, 7, gemm ? "Gemm" : "MatMul");
        }

        private void qlinearBinary(NodeProto n, String floatOp) {
            String a = operand(n, 0, 1, 2, -1);
            String b = operand(n, 3, 4, 5, -1);
            NodeProto.Builder node = NodeProto.newBuilder().setOpType(floatOp).setName(freshNode(base(n))).addInput(a).addInput(b);
            finishQuantizedOutput(n, node, 6, 7, floatOp);
        }

        private void qlinearUnary(NodeProto n, String floatOp) {
            String x = operand(n, 0, 1, 2, -1);
            NodeProto.Builder node = NodeProto.newBuilder().setOpType(floatOp).setName(freshNode(base(n))).addInput(x);
            copyAttributes(n, node, Set.of());
            finishQuantizedOutput(n, node, 3, 4, floatOp);
        }

        private void qlinearGlobalAveragePool(NodeProto n) {
            if (new NodeAttributes(n).getInt("channels_last", 0) != 0) {
                throw new GradLensException("Cannot dequantize node '" + OnnxGraph.label(n) + "': QLinearGlobalAveragePool with channels_last=1 is not supported");
            }
            String x = operand(n, 0, 1, 2, -1);
            NodeProto.Builder node = NodeProto.newBuilder().setOpType("GlobalAveragePool").setName(freshNode(base(n))).addInput(x);
            finishQuantizedOutput(n, node, 3, 4, "GlobalAveragePool");
        }

        private void qlinearAveragePool(NodeProto n) {
            if (new NodeAttributes(n).getInt("channels_last", 0) != 0) {
                throw new GradLensException("Cannot dequantize node '" + OnnxGraph.label(n) + "': QLinearAveragePool with channels_last=1 is not supported");
            }
            String x = operand(n, 0, 1, 2, -1);
            NodeProto.Builder node = NodeProto.newBuilder().setOpType("AveragePool").setName(freshNode(base(n))).addInput(x);
            copyAttributes(n, node, Set.of("channels_last"));
            finishQuantizedOutput(n, node, 3, 4, "AveragePool");
        }

        private void qlinearConcat(NodeProto n) {
            NodeProto.Builder node = NodeProto.newBuilder().setOpType("Concat").setName(freshNode(base(n)));
            for (int i = 2; i + 2 < n.getInputCount() + 1; i += 3) node.addInput(operand(n, i, i + 1, i + 2, -1));
            copyAttributes(n, node, Set.of());
            finishQuantizedOutput(n, node, 0, 1, "Concat");
        }

        private void qgemm(NodeProto n) {
            NodeAttributes at = new NodeAttributes(n);
            String a = operand(n, 0, 1, 2, -1);
            String bName = n.getInput(3);
            if (!index.isConstant(bName)) throw notConstant(n, "B");
            int bAxis = at.getInt("transB", 0) != 0 ? 0 : 1;
            QParams bp = params(n.getInput(4), input(n, 5), bAxis, n);
            String b = constFloat(bName, bp);
            NodeProto.Builder node = NodeProto.newBuilder().setOpType("Gemm").setName(freshNode(base(n))).addInput(a).addInput(b);
            String c = input(n, 6);
            if (c != null) {
                if (!index.isConstant(c)) throw notConstant(n, "C");
                QParams ap = params(n.getInput(1), input(n, 2), -1, n);
                TensorProto ct = constant(c);
                double[] v = Tensors.toDoubles(ct);
                float[] f = new float[v.length];
                float alpha = at.getFloat("alpha", 1f);
                // C is int32 with scale a_scale·b_scale (per output column when b is per-channel); QGemm adds it unscaled by alpha.
                for (int i = 0; i < v.length; i++) f[i] = (float) (v[i] * ap.scaleAt(0) * bp.scaleAt(bp.scale.length == 1 ? 0 : i % bp.scale.length) / alpha);
                String cn = freshTensor(strip(c));
                newInits.add(Tensors.floats(cn, f, dims(ct)));
                node.addInput(cn);
            }
            copyAttributes(n, node, Set.of());
            if (input(n, 7) == null) {
                // No output quantization: QGemm produces float.
                String y = n.getOutput(0);
                node.addOutput(y);
                emit(node.build());
                rewrites.add(new DequantizedModel.Rewrite(OnnxGraph.label(n), OnnxGraph.qualifiedOp(n), "Gemm"));
                return;
            }
            finishQuantizedOutput(n, node, 7, 8, "Gemm");
        }

        /** Data-movement and other ops: inputs renamed; a data-movement op on a quantized tensor yields a quantized one. */
        private void passThrough(NodeProto n) {
            NodeProto.Builder b = n.toBuilder().clearInput().clearOutput();
            QParams carried = null;
            boolean quantizedIn = false;
            for (int i = 0; i < n.getInputCount(); i++) {
                String in = n.getInput(i);
                if (qparams.containsKey(in) && carried == null) carried = qparams.get(in);
                quantizedIn |= qparams.containsKey(in);
                b.addInput(in.isEmpty() ? in : resolve(in));
            }
            if (n.getOpType().equals("Pad") && quantizedIn && n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
                // The pad value is quantized like the data: (v − zp)·scale.
                String v = n.getInput(2);
                if (!index.isConstant(v)) throw notConstant(n, "pad value");
                b.setInput(2, constFloat(v, carried));
            }
            boolean movement = quantizedIn && DATA_MOVEMENT.contains(n.getOpType()) && n.getDomain().isEmpty();
            if (quantizedIn && !movement && !SHAPE_ONLY.contains(n.getOpType())) {
                notes.add("node '" + OnnxGraph.label(n) + "' (" + OnnxGraph.qualifiedOp(n) + ") read a quantized tensor and now reads its float value");
            }
            for (int k = 0; k < n.getOutputCount(); k++) {
                String y = n.getOutput(k);
                boolean indices = n.getOpType().equals("MaxPool") && k == 1;
                if (movement && !y.isEmpty() && !indices) {
                    qparams.put(y, carried);
                    String f = floatName(y);
                    floatOf.put(y, f);
                    b.addOutput(f);
                } else {
                    b.addOutput(y);
                }
            }
            emit(b.build());
        }

        // ---- helpers --------------------------------------------------------------------------------

        /**
         * Emits the float op writing a fresh tensor, then the Clip to the quantized output's range
         * writing the float tensor that stands for the quantized output.
         */
        private void finishQuantizedOutput(NodeProto n, NodeProto.Builder op, int scaleInput, int zpInput, String floatOp) {
            String y = n.getOutput(0);
            QParams p = params(n.getInput(scaleInput), input(n, zpInput), -1, n);
            qparams.put(y, p);
            String f = floatName(y);
            floatOf.put(y, f);
            String raw = freshTensor(f + "_unclipped");
            op.addOutput(raw);
            emit(op.build());
            saturate(raw, p, f, base(n) + "/saturate");
            rewrites.add(new DequantizedModel.Rewrite(OnnxGraph.label(n), OnnxGraph.qualifiedOp(n), floatOp + " + Clip"));
        }

        /** Clip {@code x} to the range a tensor quantized with {@code p} can hold, into {@code out}. */
        private void saturate(String x, QParams p, String out, String nodeName) {
            NodeProto.Builder clip = NodeProto.newBuilder().setName(freshNode(nodeName)).addInput(x).addOutput(out);
            if (!p.perTensor()) {
                // Per-channel activation quantization: Clip needs scalar bounds; keep the values unclipped.
                notes.add("tensor '" + out + "' had per-channel activation quantization: its range is not clipped in the float copy");
                emit(clip.setOpType("Identity").build());
                return;
            }
            if (roundToGrid && (p.type == ElementType.UINT8 || p.type == ElementType.INT8)) {
                String qs = bound(p.scale[0]);
                String qz = freshTensor("gradlens/dq_zp");
                newInits.add(TensorProto.newBuilder().setName(qz).setDataType(p.type)
                        .setRawData(com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) p.zp[0]})).build());
                String q = freshTensor(out + "_requantized");
                emit(NodeProto.newBuilder().setOpType("QuantizeLinear").setName(freshNode(nodeName + "_q")).addInput(x).addInput(qs).addInput(qz).addOutput(q).build());
                emit(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(freshNode(nodeName + "_dq")).addInput(q).addInput(qs).addInput(qz).addOutput(out).build());
                clips++;
                return;
            }
            float lo = p.lo(), hi = p.hi();
            if (lo == 0f) lo = 0f; // -0.0 → 0.0, so the Clip reads as a rectifier
            clip.setOpType("Clip");
            if (opset < 11) {
                clip.addAttribute(AttributeProto.newBuilder().setName("min").setType(AttributeProto.AttributeType.FLOAT).setF(lo));
                clip.addAttribute(AttributeProto.newBuilder().setName("max").setType(AttributeProto.AttributeType.FLOAT).setF(hi));
            } else {
                clip.addInput(bound(lo)).addInput(bound(hi));
            }
            emit(clip.build());
            clips++;
        }

        private String bound(float v) {
            return boundCache.computeIfAbsent(Float.floatToIntBits(v), k -> {
                String name = freshTensor("gradlens/dq_bound");
                newInits.add(Tensors.floats(name, new float[] {v}));
                return name;
            });
        }

        /** The float tensor for operand (value, scale, zp) of a QLinear op, constant or activation. */
        private String operand(NodeProto n, int value, int scale, int zp, int constAxis) {
            String q = n.getInput(value);
            if (index.isConstant(q) && !floatOf.containsKey(q)) {
                return constFloat(q, params(n.getInput(scale), input(n, zp), constAxis, n));
            }
            return activation(q, n.getInput(scale), input(n, zp), n);
        }

        /** The float tensor standing for quantized activation {@code q}; a DequantizeLinear when this pass did not make one. */
        private String activation(String q, String scale, String zp, NodeProto n) {
            String f = floatOf.get(q);
            if (f != null) return f;
            String out = freshTensor(strip(q));
            NodeProto.Builder dq = NodeProto.newBuilder().setOpType("DequantizeLinear").setName(freshNode(q + "_DequantizeLinear"))
                    .addInput(q).addInput(scale);
            if (zp != null) dq.addInput(zp);
            emit(dq.addOutput(out).build());
            floatOf.put(q, out);
            return out;
        }

        /** A float initializer holding the dequantized value of constant {@code q} (made once per constant and params). */
        private String constFloat(String q, QParams p) {
            String key = q + "|" + java.util.Arrays.toString(p.scale) + java.util.Arrays.toString(p.zp) + p.axis;
            return dequantizedConst.computeIfAbsent(key, k -> {
                TensorProto t = constant(q);
                String name = freshTensor(strip(q));
                newInits.add(Tensors.floats(name, dequantize(t, p), dims(t)));
                folded++;
                return name;
            });
        }

        private float[] dequantize(TensorProto t, QParams p) {
            double[] v = Tensors.toDoubles(t);
            float[] out = new float[v.length];
            long[] d = dims(t);
            int channels = p.scale.length == 1 && p.zp.length == 1 ? 1 : Math.max(p.scale.length, p.zp.length);
            int axis = p.axis < 0 ? p.axis + d.length : p.axis;
            long inner = 1;
            if (channels > 1) {
                if (axis < 0 || axis >= d.length || d[axis] != channels) {
                    throw new GradLensException("Cannot dequantize '" + t.getName() + "' " + java.util.Arrays.toString(d) + ": " + channels
                            + " per-channel scales do not match axis " + p.axis);
                }
                for (int i = axis + 1; i < d.length; i++) inner *= d[i];
            }
            for (int i = 0; i < v.length; i++) {
                int c = channels == 1 ? 0 : (int) ((i / inner) % channels);
                out[i] = (float) ((v[i] - p.zpAt(c)) * p.scaleAt(c));
            }
            return out;
        }

        private QParams params(String scaleName, String zpName, int axis, NodeProto n) {
            if (!index.isConstant(scaleName)) throw notConstant(n, "scale '" + scaleName + "'");
            float[] scale = Tensors.toFloats(constant(scaleName));
            int[] zp = {0};
            int type = ElementType.UINT8;
            if (zpName != null) {
                if (!index.isConstant(zpName)) throw notConstant(n, "zero point '" + zpName + "'");
                TensorProto z = constant(zpName);
                double[] v = Tensors.toDoubles(z);
                zp = new int[v.length];
                for (int i = 0; i < v.length; i++) zp[i] = (int) v[i];
                type = z.getDataType();
                if (zp.length == 0) zp = new int[] {0};
            }
            if (scale.length == 0) throw new GradLensException("Cannot dequantize node '" + OnnxGraph.label(n) + "': empty scale '" + scaleName + "'");
            return new QParams(scale, zp, type, axis);
        }

        private GradLensException notConstant(NodeProto n, String what) {
            return new GradLensException("Cannot dequantize node '" + OnnxGraph.label(n) + "' (" + OnnxGraph.qualifiedOp(n) + "): its "
                    + what + " is computed in the graph, not a constant");
        }

        private TensorProto constant(String name) {
            return index.constant(name).orElseThrow(() -> new GradLensException("no constant named '" + name + "'"));
        }

        private static long[] dims(TensorProto t) {
            long[] d = new long[t.getDimsCount()];
            for (int i = 0; i < d.length; i++) d[i] = t.getDims(i);
            return d;
        }

        private static String input(NodeProto n, int i) {
            return i < n.getInputCount() && !n.getInput(i).isEmpty() ? n.getInput(i) : null;
        }

        private static int axisAttr(NodeProto n) {
            return (int) new NodeAttributes(n).getInt("axis", 1);
        }

        private String resolve(String name) {
            String f = floatOf.get(name);
            return f == null ? name : f;
        }

        /** Name for the float version of quantized tensor {@code q}. */
        private String floatName(String q) {
            String p = preferred.get(q);
            if (p != null && (p.equals(q) || !producedByKeptNode(p))) {
                used.add(p);
                return p;
            }
            String s = strip(q);
            if (!used.contains(s)) {
                used.add(s);
                return s;
            }
            return freshTensor(q + "_float");
        }

        private boolean producedByKeptNode(String name) {
            for (NodeProto n : nodes) if (n.getOutputList().contains(name)) return true;
            return false;
        }

        private String freshTensor(String base) {
            String name = base;
            for (int i = 1; used.contains(name); i++) name = base + "_" + i;
            used.add(name);
            return name;
        }

        private String freshNode(String base) {
            return freshTensor(base);
        }

        private static String strip(String q) {
            for (String suffix : List.of("_quantized", "_quant")) {
                if (q.endsWith(suffix) && q.length() > suffix.length()) return q.substring(0, q.length() - suffix.length());
            }
            return q;
        }

        private static String base(NodeProto n) {
            String name = n.getName().isEmpty() ? n.getOpType() + "_" + n.getOutput(0) : n.getName();
            return strip(name);
        }

        private static void copyAttributes(NodeProto from, NodeProto.Builder to, Set<String> skip) {
            for (AttributeProto a : from.getAttributeList()) if (!skip.contains(a.getName())) to.addAttribute(a);
        }

        private void emit(NodeProto n) {
            nodes.add(n);
        }

        private static boolean isOp(NodeProto n, String domain, String op) {
            String d = n.getDomain().equals("ai.onnx") ? "" : n.getDomain();
            return d.equals(domain) && n.getOpType().equals(op);
        }

        private static boolean isQuantizedOp(NodeProto n) {
            String op = n.getOpType();
            return op.equals("QuantizeLinear") || op.equals("DequantizeLinear") || op.startsWith("QLinear") || op.equals("QGemm")
                    || UNKNOWN_QUANTIZED.contains(op);
        }

        // ---- assembly -------------------------------------------------------------------------------

        private ModelProto assemble() {
            // Keep only nodes that lead to a graph output (the quantized weights' DequantizeLinear and the like fall away).
            Set<String> live = new HashSet<>(graphOutputs);
            boolean[] keep = new boolean[nodes.size()];
            for (int i = nodes.size() - 1; i >= 0; i--) {
                NodeProto n = nodes.get(i);
                boolean k = false;
                for (String o : n.getOutputList()) k |= live.contains(o);
                if (k) {
                    keep[i] = true;
                    for (String in : n.getInputList()) if (!in.isEmpty()) live.add(in);
                }
            }
            GraphProto.Builder g = graph.toBuilder().clearNode().clearInitializer().clearValueInfo().clearOutput().clearInput();
            for (int i = 0; i < nodes.size(); i++) if (keep[i]) g.addNode(nodes.get(i));
            Set<String> initNames = new HashSet<>();
            for (TensorProto t : graph.getInitializerList()) {
                if (live.contains(t.getName())) {
                    g.addInitializer(t);
                    initNames.add(t.getName());
                }
            }
            for (TensorProto t : newInits) {
                if (live.contains(t.getName())) {
                    g.addInitializer(t);
                    initNames.add(t.getName());
                }
            }
            Set<String> oldInits = new HashSet<>();
            for (TensorProto t : graph.getInitializerList()) oldInits.add(t.getName());
            for (ValueInfoProto v : graph.getInputList()) {
                if (!oldInits.contains(v.getName()) || initNames.contains(v.getName())) g.addInput(v);
            }
            for (ValueInfoProto v : graph.getOutputList()) {
                if (qparams.containsKey(v.getName()) || floatOf.containsKey(v.getName()) && isQuantizedType(v)) {
                    TypeProto.Tensor.Builder tt = v.getType().getTensorType().toBuilder().setElemType(ElementType.FLOAT);
                    g.addOutput(v.toBuilder().setType(TypeProto.newBuilder().setTensorType(tt)));
                } else {
                    g.addOutput(v);
                }
            }
            ModelProto.Builder m = source.proto().toBuilder().setGraph(g);
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey("gradlens.dequantized")
                    .setValue(rewrites.size() + " quantized ops rewritten into float ops by GradLens"));
            return m.build();
        }

        private static boolean isQuantizedType(ValueInfoProto v) {
            int t = v.getType().getTensorType().getElemType();
            return t == ElementType.UINT8 || t == ElementType.INT8 || t == ElementType.UINT16 || t == ElementType.INT16;
        }
    }

    /**
     * Static ranks of tensors, as far as a few ops tell them (enough to know whether a matrix product
     * reads a 2-D input, so it can become a Gemm). Small shape vectors (Shape → Gather → Unsqueeze →
     * Concat → Reshape, as PyTorch exports a flatten) are followed by their length.
     */
    static final class RankInference {
        private static final Set<String> SAME_RANK = Set.of("QuantizeLinear", "DequantizeLinear", "QLinearConv", "Conv",
                "QLinearGlobalAveragePool", "GlobalAveragePool", "GlobalMaxPool", "QLinearAveragePool", "AveragePool", "MaxPool",
                "Relu", "Clip", "LeakyRelu", "QLinearLeakyRelu", "Sigmoid", "QLinearSigmoid", "BatchNormalization", "Identity",
                "Dropout", "Softmax", "LogSoftmax", "Cast", "Pad", "Resize", "Transpose", "LRN", "Neg", "Abs", "Sqrt", "Exp", "Tanh");
        private static final Set<String> BROADCAST = Set.of("Add", "Sub", "Mul", "Div", "Sum", "Max", "Min", "QLinearAdd", "QLinearMul");

        private RankInference() {
        }

        static Map<String, Integer> ranks(GraphProto g, OnnxGraph index) {
            Map<String, Integer> rank = new LinkedHashMap<>();
            Map<String, Long> length = new HashMap<>();
            for (ValueInfoProto v : g.getInputList()) {
                if (v.getType().getTensorType().hasShape()) rank.put(v.getName(), v.getType().getTensorType().getShape().getDimCount());
            }
            for (TensorProto t : g.getInitializerList()) {
                rank.put(t.getName(), t.getDimsCount());
                if (t.getDimsCount() == 1) length.put(t.getName(), t.getDims(0));
            }
            for (NodeProto n : g.getNodeList()) {
                if (n.getOutputCount() == 0) continue;
                String y = n.getOutput(0);
                String op = n.getOpType();
                Integer r0 = n.getInputCount() > 0 ? rank.get(n.getInput(0)) : null;
                switch (op) {
                    case "Constant" -> index.constant(y).ifPresent(t -> {
                        rank.put(y, t.getDimsCount());
                        if (t.getDimsCount() == 1) length.put(y, t.getDims(0));
                    });
                    case "Shape" -> {
                        rank.put(y, 1);
                        if (r0 != null) length.put(y, (long) r0);
                    }
                    case "Gather" -> {
                        Integer ri = rank.get(n.getInput(1));
                        if (r0 != null && ri != null) rank.put(y, r0 + ri - 1);
                        if (r0 != null && r0 == 1 && ri != null && ri == 1 && length.containsKey(n.getInput(1))) {
                            length.put(y, length.get(n.getInput(1)));
                        }
                    }
                    case "Unsqueeze", "Squeeze" -> {
                        long[] axes = new NodeAttributes(n).getInts("axes", null);
                        if (axes == null && n.getInputCount() > 1) axes = index.constant(n.getInput(1)).map(Tensors::toLongs).orElse(null);
                        if (r0 != null && axes != null) {
                            int r = op.equals("Unsqueeze") ? r0 + axes.length : r0 - axes.length;
                            rank.put(y, r);
                            if (r == 1 && op.equals("Unsqueeze") && r0 == 0) length.put(y, 1L);
                        }
                    }
                    case "Concat" -> {
                        if (r0 != null) rank.put(y, r0);
                        if (r0 != null && r0 == 1) {
                            long sum = 0;
                            boolean known = true;
                            for (String in : n.getInputList()) {
                                Long l = length.get(in);
                                if (l == null) known = false;
                                else sum += l;
                            }
                            if (known) length.put(y, sum);
                        }
                    }
                    case "Reshape" -> {
                        Long l = length.get(n.getInput(1));
                        if (l != null) rank.put(y, l.intValue());
                    }
                    case "Flatten", "Gemm", "QGemm" -> rank.put(y, 2);
                    case "MatMul", "QLinearMatMul" -> {
                        Integer rb = rank.get(n.getInput(op.equals("MatMul") ? 1 : 3));
                        if (r0 != null && rb != null) rank.put(y, Math.max(r0, rb));
                    }
                    default -> {
                        if (SAME_RANK.contains(op) && r0 != null) {
                            rank.put(y, r0);
                        } else if (BROADCAST.contains(op)) {
                            int step = op.startsWith("QLinear") ? 3 : 1;
                            int r = -1;
                            boolean known = true;
                            for (int i = 0; i < n.getInputCount(); i += step) {
                                Integer ri = rank.get(n.getInput(i));
                                if (ri == null) known = false;
                                else r = Math.max(r, ri);
                            }
                            if (known && r >= 0) rank.put(y, r);
                        }
                    }
                }
            }
            return rank;
        }
    }
}
