package dev.gradlens.inference;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.testsupport.Compare;
import dev.gradlens.testsupport.ReferenceSet;
import org.junit.jupiter.api.Test;
import java.util.EnumSet;

class DebugRefTest {
    @Test
    void print() {
        ReferenceSet ref = ReferenceSet.load();
        for (String name : new String[] {"resnet18", "mobilenet_v2"}) {
            ModelAnalysis analysis = ModelAnalysis.analyse(OnnxModelLoader.load(ref.onnx(name)), null, null, 1000);
            try (ExplainableModel model = new ExplainableModel(analysis, Device.CPU)) {
                for (ReferenceSet.Case c : ref.cases(name)) {
                    float[] seed = new float[1000];
                    seed[c.classIndex()] = 1f;
                    GradientResult r = model.run(ref.image(c.image()), 1, seed, 1, ref.targetLayer(name), EnumSet.of(RectifierPolicy.STANDARD, RectifierPolicy.GUIDED));
                    for (String k : new String[] {"input_grad", "guided_backprop", "guided_backprop_relu6_lower_only"}) {
                        if (!ref.hasArray(name, c.prefix() + "/" + k)) continue;
                        float[] a = ref.array(name, c.prefix() + "/" + k);
                        float[] b = r.inputGrads().get(k.equals("input_grad") ? RectifierPolicy.STANDARD : RectifierPolicy.GUIDED).data();
                        System.out.printf("%s %s %s relL2=%.2e maxrel=%.2e pearson=%.6f%n", name, c.prefix(), k, Compare.relativeL2(a, b), Compare.maxAbsDiff(a, b) / Compare.maxAbs(a), Compare.pearson(a, b));
                    }
                }
            }
        }
    }
}
