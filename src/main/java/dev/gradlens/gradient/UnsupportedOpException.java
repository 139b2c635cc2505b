package dev.gradlens.gradient;

import dev.gradlens.GradLensException;

import java.util.Collection;

/** An op on the gradient path has no rule: names the op, the node and where it sits on the path. */
public final class UnsupportedOpException extends GradLensException {
    private final String op;
    private final String node;

    public UnsupportedOpException(String op, String node, int position, int pathLength, Collection<String> supported) {
        super("Unsupported op " + op + " at node '" + node + "' (node " + position + " of " + pathLength
                + " on the gradient path): GradLens has no gradient rule for it. Supported ops: " + String.join(", ", supported)
                + ". Choose a layer after this node, or convert the model.");
        this.op = op;
        this.node = node;
    }

    public String op() {
        return op;
    }

    public String node() {
        return node;
    }
}
