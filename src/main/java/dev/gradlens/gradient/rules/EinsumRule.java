package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.BackwardContext;
import dev.gradlens.gradient.GradientRule;
import dev.gradlens.onnx.GraphEditor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Einsum without ellipsis or repeated subscripts within an operand (e.g. 'nchw,kc->nkhw',
 * 'bhqd,bhkd->bhqk', implicit 'ij,jk'). Y is multilinear, so the gradient of operand k swaps its
 * subscripts with the output's: dX_k = einsum('out,others->term_k', G, other operands). Subscripts of
 * term_k found neither in the output nor in another operand were summed over X_k alone: the gradient
 * is constant along them, so they are left out of the einsum and restored by Unsqueeze + Expand.
 * Where another operand shares the batch subscript, its forward batch (1 as probed, or S) meets G's
 * seed batch S on an output subscript of the gradient einsum, which ONNX Runtime broadcasts (the
 * subscript is kept, not summed); squeezing it instead would break a forward run at batch S.
 * An operand without the output's batch subscript (a weight) gets no gradient: it has no axis for
 * the seed batch.
 */
public final class EinsumRule implements GradientRule {
    @Override
    public boolean isDifferentiable(NodeProto node, int index) {
        return true;
    }

    @Override
    public void backward(BackwardContext ctx) {
        GraphEditor ed = ctx.ed();
        String equation = ctx.attrs().getString("equation", "").replace(" ", "");
        if (equation.contains(".")) throw ctx.error("ellipsis subscripts ('...') are not supported");
        String[] sides = equation.split("->", -1);
        String[] terms = sides[0].split(",", -1);
        if (terms.length != ctx.inputCount()) throw ctx.error("the equation has " + terms.length + " operands, the node " + ctx.inputCount());
        Map<Character, Integer> extent = new TreeMap<>();
        for (int i = 0; i < terms.length; i++) {
            int[] shape = ctx.inputShape(i);
            if (shape.length != terms[i].length()) throw ctx.error("operand " + i + " has rank " + shape.length + " but subscripts '" + terms[i] + "'");
            for (int d = 0; d < shape.length; d++) {
                char c = terms[i].charAt(d);
                if (terms[i].indexOf(c) != d) throw ctx.error("repeated subscript '" + c + "' in one operand (a diagonal) is not supported");
                extent.put(c, shape[d]);
            }
        }
        String out = sides.length > 1 ? sides[1] : implicitOutput(terms);
        String g = ctx.grad();
        for (int k = 0; k < terms.length; k++) {
            if (!ctx.wantsInputGrad(k)) continue;
            String term = terms[k];
            if (!out.isEmpty() && term.indexOf(out.charAt(0)) < 0) {
                throw ctx.error("operand " + k + " ('" + term + "') lacks the output's batch subscript '" + out.charAt(0)
                        + "', so its gradient has no axis for the seed batch");
            }
            List<String> operands = new ArrayList<>(List.of(g));
            StringBuilder eq = new StringBuilder(out);
            StringBuilder seen = new StringBuilder(out);
            for (int j = 0; j < terms.length; j++) {
                if (j == k) continue;
                operands.add(ctx.input(j));
                eq.append(',').append(terms[j]);
                seen.append(terms[j]);
            }
            StringBuilder kept = new StringBuilder();
            List<Long> missing = new ArrayList<>();
            for (int d = 0; d < term.length(); d++) {
                if (seen.indexOf(String.valueOf(term.charAt(d))) >= 0) kept.append(term.charAt(d));
                else missing.add((long) d);
            }
            eq.append("->").append(kept);
            String dx = ed.op("Einsum").in(operands.toArray(new String[0])).attr("equation", eq.toString()).out();
            if (!missing.isEmpty()) {
                dx = ed.unsqueeze(dx, missing.stream().mapToLong(Long::longValue).toArray());
                long[] target = new long[term.length()];
                Arrays.fill(target, 1);
                for (long d : missing) target[(int) d] = extent.get(term.charAt((int) d));
                dx = ed.op("Expand").in(dx, ed.constLongs("expand_shape", target, target.length)).out();
            }
            ctx.setInputGrad(k, dx);
        }
    }

    /** Implicit mode: the subscripts that appear exactly once, in alphabetical order. */
    private static String implicitOutput(String[] terms) {
        Map<Character, Integer> count = new TreeMap<>();
        for (String t : terms) for (char c : t.toCharArray()) count.merge(c, 1, Integer::sum);
        StringBuilder out = new StringBuilder();
        for (var e : count.entrySet()) if (e.getValue() == 1) out.append(e.getKey());
        return out.toString();
    }
}
