package dev.gradlens.service;

import dev.gradlens.GradLensException;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.gradient.UnsupportedOpException;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.LayerCandidate;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.onnx.DequantizedModel;
import dev.gradlens.onnx.Dequantizer;
import dev.gradlens.onnx.OnnxModel;
import dev.gradlens.onnx.OnnxModelLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether GradLens explains a model, found the way a user would: open it (dequantizing int8 models),
 * pick the default layer, and run one explanation with two seed rows (target and counterfactual-style
 * second row), true and guided input gradients, on a random image. The coverage table
 * (docs/coverage.md, `gradlens coverage`) is a list of these results.
 */
public final class CoverageCheck {
    private static final Pattern OPSET = Pattern.compile("(.+)_op(\\d+)\\.onnx");

    private CoverageCheck() {
    }

    /** One model's outcome: {@code detail} is the CAM layer when it explains, the reason when refused. */
    public record Result(String model, int opset, boolean explains, String detail) {
        /** "explains" or "refused: …" as the table shows it. */
        public String status() {
            return explains ? "explains" : "refused: " + detail;
        }
    }

    public static Result check(Path onnx) {
        String file = onnx.getFileName().toString();
        Matcher m = OPSET.matcher(file);
        String name = m.matches() ? m.group(1) : file.replaceAll("\\.onnx$", "");
        int opset = -1;
        try {
            OnnxModel original = OnnxModelLoader.load(onnx);
            opset = (int) dev.gradlens.onnx.OnnxModel.opset(original.proto());
            DequantizedModel dq = new Dequantizer().dequantize(original);
            ModelAnalysis a = ModelAnalysis.analyse(dq.changed() ? dq.model() : original, null, null, 0);
            LayerCandidate layer = a.defaultLayer();
            int k = a.classes(), n = a.input().valuesPerImage();
            float[] image = new float[n];
            Random rnd = new Random(1);
            for (int i = 0; i < n; i++) image[i] = a.input().integer() ? rnd.nextInt(256) : (float) rnd.nextGaussian();
            float[] seeds = new float[2 * k];
            seeds[0] = 1f;
            seeds[k + k - 1] = 1f;
            EnumSet<RectifierPolicy> policies = EnumSet.of(RectifierPolicy.STANDARD, RectifierPolicy.GUIDED);
            try (ExplainableModel model = new ExplainableModel(a, Device.CPU)) {
                var r = model.run(image, 1, seeds, 2, layer.tensor(), policies);
                if (!finite(r.layerGrad().data()) || !finite(r.inputGrads().get(RectifierPolicy.STANDARD).data())) {
                    return new Result(name, opset, false, "gradients are not finite");
                }
                String single = model.singleSeed(layer.tensor(), policies) ? ", one seed row per run" : "";
                String where = layer.layout() == LayerCandidate.Kind.NCHW ? "NCHW " + layer.grid()[1] + "x" + layer.grid()[2] : layer.layoutText();
                return new Result(name, opset, true, where + " (" + layer.producerOp() + single + ")");
            }
        } catch (UnsupportedOpException e) {
            return new Result(name, opset, false, "op " + e.op());
        } catch (GradLensException e) {
            String msg = e.getMessage().replace('|', '/').replace('\n', ' ');
            return new Result(name, opset, false, msg.length() > 160 ? msg.substring(0, 157) + "…" : msg);
        }
    }

    /** Every *.onnx file of a folder (not recursive), by name. */
    public static List<Result> checkAll(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Result> out = new ArrayList<>();
            for (Path p : s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList()) out.add(check(p));
            return out;
        } catch (IOException e) {
            throw new GradLensException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean finite(float[] v) {
        for (float x : v) if (!Float.isFinite(x)) return false;
        return true;
    }

    /** The markdown table rows (header included) of a list of results. */
    public static String table(List<Result> results) {
        StringBuilder b = new StringBuilder("| Model | Opset | Result | CAM layer (default) |\n|---|---|---|---|\n");
        for (Result r : results) {
            b.append("| `").append(r.model()).append("` | ").append(r.opset()).append(" | ").append(r.explains() ? "explains" : "refused: " + r.detail())
                    .append(" | ").append(r.explains() ? r.detail() : "").append(" |\n");
        }
        return b.toString();
    }
}
