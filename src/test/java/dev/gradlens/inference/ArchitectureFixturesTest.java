package dev.gradlens.inference;

import dev.gradlens.explain.GradCam;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.tensor.Npy;
import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.Compare;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small random-weight exports of the architecture families research uses (src/tools/make_arch_fixtures.py,
 * torch 1.13 / torchvision 0.14, float64 autograd references) explained end to end: logits within 1e-4
 * of max|ref|, input gradients within 1e-3 of max|ref| (float32 against float64: the float32 autograd
 * gradient itself is within 1e-6 of the float64 one, meta.json), and Grad-CAM on the automatically
 * chosen layer, read as [C, h, w] the way the generator reshaped it, within 1e-4 of max. A second run
 * with two seed rows (the target and another class) checks the per-seed path of single-seed graphs.
 */
class ArchitectureFixturesTest {
    static final Path DIR = Path.of("src/test/resources/dev/gradlens/arch");

    @ParameterizedTest(name = "{0} opset {1}")
    @CsvSource({
            "vit, 13", "vit, 17", "deit, 13", "deit, 17", "convnext, 13", "convnext, 17", "swin, 13", "swin, 17",
            "maxvit, 13", "maxvit, 17", "shufflenet_v2, 13", "shufflenet_v2, 17", "efficientnet, 13", "efficientnet, 17",
            "mobilenet_v3, 13", "mobilenet_v3, 17", "uint8_nhwc_float, 13", "uint8_nhwc_float, 17", "uint8_nhwc, 13", "uint8_nhwc, 17",
    })
    void explainsLikeAutograd(String name, int opset) throws Exception {
        Path ref = DIR.resolve(name + ".ref");
        ModelAnalysis analysis = ModelAnalysis.analyse(OnnxModelLoader.load(DIR.resolve(name + "_op" + opset + ".onnx")), null, null, 10);
        String meta = Files.readString(ref.resolve("meta.json"));
        int target = Integer.parseInt(meta.replaceAll("(?s).*\"target\": (\\d+).*", "$1"));
        float[] image = Npy.read(ref.resolve("input.npy")).data();
        int k = analysis.classes();
        float[] seed = new float[2 * k];
        seed[target] = 1f;
        seed[k + (target + 1) % k] = 1f;
        LayerCandidate layer = analysis.defaultLayer();
        try (ExplainableModel model = new ExplainableModel(analysis, Device.CPU)) {
            GradientResult one = model.run(image, 1, Arrays.copyOf(seed, k), 1, layer.tensor(), EnumSet.of(RectifierPolicy.STANDARD));
            String what = name + " op" + opset + " layer " + layer.describe();
            float[] logits = Npy.read(ref.resolve("logits.npy")).data();
            Compare.assertCloseRelMax(logits, one.scores().data(), 1e-4, what + " logits");
            float[] grad = Npy.read(ref.resolve("input_grad.npy")).data();
            if (analysis.input().layout() == Layout.NHWC) grad = hwcToChw(grad, analysis.input());
            float[] mine = one.inputGrads().get(RectifierPolicy.STANDARD).data();
            double inputErr = Compare.maxAbsDiff(grad, mine) / Compare.maxAbs(grad);
            Tensor act = one.activation().slice(0), dA = one.layerGrad().slice(0);
            Tensor refAct = Npy.read(ref.resolve("cam_act.npy"));
            assertArrayEquals(refAct.shape(), act.shape(), what + ": layer grid");
            Compare.assertCloseRelMax(refAct.data(), act.data(), 1e-4, what + " A");
            Compare.assertCloseRelMax(Npy.read(ref.resolve("cam_grad.npy")).data(), dA.data(), 1e-4, what + " dS/dA");
            float[] cam = new GradCam().map(act, dA).data();
            float[] refCam = Npy.read(ref.resolve("gradcam.npy")).data();
            double camErr = Compare.maxAbsDiff(refCam, cam) / Math.max(Compare.maxAbs(refCam), 1e-30);
            System.out.printf("[arch] %s op%d: input grad max err %.2e of max, Grad-CAM %.2e, layer %s%n", name, opset, inputErr, camErr,
                    layer.layoutText());
            assertTrue(inputErr <= 1e-3, what + ": input gradient max error " + inputErr + " of max|ref|");
            assertTrue(camErr <= 1e-4, what + ": Grad-CAM max error " + camErr + " of max|ref|");

            GradientResult two = model.run(image, 1, seed, 2, layer.tensor(), EnumSet.of(RectifierPolicy.STANDARD));
            float[] both = two.inputGrads().get(RectifierPolicy.STANDARD).data();
            Compare.assertCloseRelMax(mine, Arrays.copyOf(both, mine.length), 1e-5, what + " seed row 0 of 2");
            Compare.assertCloseRelMax(dA.data(), two.layerGrad().slice(0).data(), 1e-5, what + " dS/dA row 0 of 2");
        }
    }

    /** GradLens returns input gradients as NCHW whatever the model's layout. */
    static float[] hwcToChw(float[] g, ImageInput in) {
        int h = in.height(), w = in.width(), c = in.channels();
        float[] out = new float[g.length];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int ch = 0; ch < c; ch++) out[(ch * h + y) * w + x] = g[(y * w + x) * c + ch];
        return out;
    }
}
