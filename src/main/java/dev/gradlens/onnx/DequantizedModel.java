package dev.gradlens.onnx;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A float copy of a quantized model, made by {@link Dequantizer}: the model GradLens differentiates,
 * the ops that were rewritten, and notes for the user. Explanations of the copy explain the int8
 * model only as far as the two agree; {@code inference.QuantizationAgreement} measures that.
 *
 * @param model     the float model (a valid ONNX model; unchanged when nothing was quantized)
 * @param rewritten every quantized op rewritten into float ops, in graph order
 * @param removed   QuantizeLinear/DequantizeLinear nodes on activations that vanished (the float tensor flows on)
 * @param notes     one-line remarks: the summary first, then anything the user should know
 */
public record DequantizedModel(OnnxModel model, List<Rewrite> rewritten, int removed, List<String> notes) {

    /** One quantized node and what it became ("QLinearConv" → "Conv + Clip"). */
    public record Rewrite(String node, String fromOp, String toOps) {
    }

    public DequantizedModel {
        rewritten = List.copyOf(rewritten);
        notes = List.copyOf(notes);
    }

    /** True when the input had quantized ops (the copy differs from it). */
    public boolean changed() {
        return !rewritten.isEmpty() || removed > 0;
    }

    /** Count of rewritten ops by original op type (qualified: "com.microsoft:QLinearAdd"). */
    public Map<String, Integer> histogram() {
        Map<String, Integer> h = new TreeMap<>();
        for (Rewrite r : rewritten) h.merge(r.fromOp(), 1, Integer::sum);
        return h;
    }

    /** "explaining a dequantized float copy of an int8 model: 65 QLinear ops rewritten, ...". */
    public String summary() {
        return notes.isEmpty() ? "model has no quantized ops" : notes.get(0);
    }
}
