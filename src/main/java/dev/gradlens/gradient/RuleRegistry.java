package dev.gradlens.gradient;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.onnx.OnnxGraph;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Gradient rules keyed by op type ("Relu", or "com.microsoft:Gelu" outside the default domain).
 * Every op on a gradient path has one of three outcomes: a rule, no gradient (its outputs do not
 * depend differentiably on its inputs: shapes, comparisons, constants), or unsupported.
 */
public final class RuleRegistry {
    private final Map<String, GradientRule> rules = new TreeMap<>();
    private final Set<String> noGradient = new TreeSet<>();

    public RuleRegistry register(GradientRule rule, String... opTypes) {
        for (String op : opTypes) rules.put(op, rule);
        return this;
    }

    public RuleRegistry noGradient(String... opTypes) {
        Collections.addAll(noGradient, opTypes);
        return this;
    }

    public GradientRule rule(NodeProto node) {
        return rules.get(OnnxGraph.qualifiedOp(node));
    }

    public boolean hasNoGradient(NodeProto node) {
        return noGradient.contains(OnnxGraph.qualifiedOp(node));
    }

    public Set<String> supportedOps() {
        return Collections.unmodifiableSet(rules.keySet());
    }

    public Set<String> noGradientOps() {
        return Collections.unmodifiableSet(noGradient);
    }

    public Map<String, GradientRule> rules() {
        return Collections.unmodifiableMap(rules);
    }

    /** The registry GradLens uses: every op family it can differentiate. */
    public static RuleRegistry standard() {
        return StandardRules.create();
    }
}
