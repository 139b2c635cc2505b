package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** GELU in its contrib (com.microsoft) and standard (opset 20) forms, exact and tanh, against finite differences. */
class GeluRuleTest {

    /** op: "ms:Gelu", "ms:BiasGelu", "ms:FastGelu", "ms:FastGelu+bias" or "Gelu"; approximate "-" when absent. */
    private static TinyModel model(String op, long opset, String approximate) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 3, 4, 5);
        if (op.startsWith("ms:")) m.domain("com.microsoft", 1);
        if (op.equals("ms:BiasGelu") || op.equals("ms:FastGelu+bias")) m.initializer("bias", new float[] {0.3f, -0.7f, 1.1f, 0f, -0.2f}, 5);
        String type = op.replace("ms:", "").replace("+bias", "");
        var n = m.nodes().op(type).in("x");
        if (op.startsWith("ms:")) n.domain("com.microsoft");
        if (op.equals("ms:BiasGelu") || op.equals("ms:FastGelu+bias")) n.in("bias");
        if (!approximate.equals("-")) n.attr("approximate", approximate);
        n.into("y");
        return m;
    }

    @ParameterizedTest(name = "{0} opset={1} approximate={2}")
    @CsvSource({
            "ms:Gelu, 13, -", "ms:Gelu, 11, -", "ms:BiasGelu, 13, -", "ms:FastGelu, 13, -", "ms:FastGelu+bias, 13, -",
            "Gelu, 20, -", "Gelu, 20, none", "Gelu, 20, tanh",
    })
    void inputGradientMatchesFiniteDifferences(String op, long opset, String approximate) {
        GradientCheck.of(model(op, opset, approximate), "y").values("x", Inputs.uniform(60, -4, 4)).check("x");
    }

    @Test
    void guidedPolicyKeepsTheTrueDerivative() {
        Random rnd = new Random(8);
        float[] x = Inputs.uniform(60, -4, 4).apply(rnd);
        float[] seeds = Inputs.gaussian(rnd, 120);
        TinyModel m = model("ms:Gelu", 13, "-");
        float[] standard = PolicyRun.gradient(m, "y", "x", RectifierPolicy.STANDARD, Map.of("x", x), seeds, 2);
        float[] guided = PolicyRun.gradient(model("ms:Gelu", 13, "-"), "y", "x", RectifierPolicy.GUIDED, Map.of("x", x), seeds, 2);
        assertArrayEquals(standard, guided);
    }

    /** An exported model whose last Relu is a com.microsoft:Gelu contrib op. */
    @Test
    void sharedModel() {
        SharedModelCheck.check("ms_gelu_middle.onnx", "com.microsoft:Gelu");
    }

    /** Probed at batch 1, run with a forward batch of 2 images and one seed each: per-image gradients unchanged. */
    @org.junit.jupiter.api.Test
    void forwardBatchOfTwo() {
        BatchRun.check(model("ms:BiasGelu", 13, "-"), "y", "x");
        BatchRun.check(model("Gelu", 20, "tanh"), "y", "x");
    }
}
