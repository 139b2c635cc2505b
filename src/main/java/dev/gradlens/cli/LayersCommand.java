package dev.gradlens.cli;

import dev.gradlens.inference.LayerCandidate;
import dev.gradlens.service.ModelSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Arrays;

/** Lists the layers a CAM can be computed on, the automatically chosen one first. */
@Command(name = "layers", mixinStandardHelpOptions = true, description = "List candidate CAM layers (the chosen one first).")
final class LayersCommand implements Runnable {
    @Mixin
    ModelOptionsMixin options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (ModelSession s = options.open()) {
            String chosen = s.defaultLayer();
            out.println("# tensor\tshape\top\tnode\tlayout");
            for (LayerCandidate c : s.analysis().candidates()) if (c.tensor().equals(chosen)) print(out, c, true);
            for (LayerCandidate c : s.analysis().candidates()) if (!c.tensor().equals(chosen)) print(out, c, false);
            out.flush();
        }
    }

    private static void print(PrintWriter out, LayerCandidate c, boolean chosen) {
        out.println((chosen ? "* " : "  ") + c.tensor() + "\t" + Arrays.toString(c.shape()) + "\t" + c.producerOp() + "\t" + c.depth() + "\t" + c.layoutText());
    }
}
