package dev.gradlens.gradient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates docs/supported-ops.md from the rule registry, so the documentation cannot drift from
 * the code (a test compares the checked-in file with this output).
 * Run: {@code java -cp target/classes:target/lib/* dev.gradlens.gradient.SupportedOpsTable docs/supported-ops.md}
 */
public final class SupportedOpsTable {
    private SupportedOpsTable() {
    }

    public static String markdown(RuleRegistry registry) {
        StringBuilder b = new StringBuilder();
        b.append("# Supported ONNX ops\n\n");
        b.append("Generated from `RuleRegistry.standard()` by `dev.gradlens.gradient.SupportedOpsTable`; do not edit by hand.\n\n");
        b.append("Every op on the gradient path (from the input or the CAM layer to the class score) needs a rule. ");
        b.append("Ops off that path (shape arithmetic, constants, anything after the score) never do. ");
        b.append("Backward passes are written in standard ONNX ops valid from opset 7 on (MaxPool needs opset 8 for its indices), ");
        b.append("so the stock ONNX Runtime runs them on CPU and CUDA.\n\n");
        b.append("## Ops with a gradient rule\n\n| Op | Rule |\n|---|---|\n");
        Map<String, String> sorted = new TreeMap<>();
        registry.rules().forEach((op, rule) -> sorted.put(op, rule.getClass().getSimpleName()));
        sorted.forEach((op, rule) -> b.append("| `").append(op).append("` | ").append(rule).append(" |\n"));
        b.append("\n## Ops with no gradient\n\nTheir outputs do not depend differentiably on their inputs; a path through them carries no gradient:\n\n");
        b.append(String.join(", ", registry.noGradientOps().stream().map(o -> "`" + o + "`").toList())).append(".\n\n");
        b.append("## Anything else\n\nAn op without a rule on the gradient path stops the build with one line naming the op type, ");
        b.append("the node and its position on the path, and listing the ops above. Choosing a CAM layer after that node, ");
        b.append("or converting the model, avoids it.\n");
        return b.toString();
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/supported-ops.md");
        Files.writeString(out, markdown(RuleRegistry.standard()));
        System.out.println("wrote " + out);
    }
}
