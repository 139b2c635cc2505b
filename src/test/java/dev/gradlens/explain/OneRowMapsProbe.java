package dev.gradlens.explain;

import dev.gradlens.inference.Device;
import dev.gradlens.inference.ExplainableModel;
import dev.gradlens.inference.ModelAnalysis;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.testsupport.ReferenceSet;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Developer tool (not a test): the reference set's five-panel maps explained one class at a time (the one-row graphs)
 * against the same classes explained together in one run (the general graph), map by map: the largest difference
 * relative to the map's largest value.
 *
 * <pre>java -Xss4m -cp target/classes:target/test-classes:target/lib/* dev.gradlens.explain.OneRowMapsProbe [MODEL...]</pre>
 */
public final class OneRowMapsProbe {
    private OneRowMapsProbe() {
    }

    public static void main(String[] args) {
        ReferenceSet ref = ReferenceSet.load();
        List<String> names = args.length > 0 ? List.of(args) : List.of("resnet18", "mobilenet_v2", "squeezenet1_1", "vgg_small");
        Set<MethodId> five = EnumSet.of(MethodId.GUIDED_BACKPROP, MethodId.GRADCAM, MethodId.GRADCAMPP, MethodId.GUIDED_GRADCAM,
                MethodId.GRADCAM_COUNTERFACTUAL);
        for (String name : names) {
            ModelAnalysis analysis = ModelAnalysis.analyse(OnnxModelLoader.load(ref.onnx(name)), null, null, 1000);
            String layer = ref.targetLayer(name);
            Map<String, List<Target>> byImage = new LinkedHashMap<>();
            for (ReferenceSet.Case c : ref.cases(name)) byImage.computeIfAbsent(c.image(), i -> new ArrayList<>()).add(Target.of(c.classIndex()));
            int maps = 0, same = 0;
            double worst = 0;
            String worstAt = "-";
            try (ExplainableModel model = new ExplainableModel(analysis, Device.CPU)) {
                Explainer ex = new Explainer(model);
                for (var e : byImage.entrySet()) {
                    List<Target> targets = new ArrayList<>(e.getValue());
                    if (targets.size() < 2) targets.add(Target.of(targets.get(0).classIndex() == 0 ? 1 : 0)); // a second row for the general graph
                    Map<String, float[]> together = new LinkedHashMap<>();
                    for (Explanation x : ex.explain(ref.image(e.getKey()), targets, layer, five, Cancellation.NONE).maps())
                        together.put(x.target().classIndex() + (x.target().counterfactual() ? "cf" : "") + "/" + x.method().id(), x.raw().data());
                    for (Target t : e.getValue()) {
                        for (Explanation x : ex.explain(ref.image(e.getKey()), List.of(t), layer, five, Cancellation.NONE).maps()) {
                            String key = x.target().classIndex() + (x.target().counterfactual() ? "cf" : "") + "/" + x.method().id();
                            float[] a = together.get(key), b = x.raw().data();
                            double max = 0, diff = 0;
                            boolean bits = true;
                            for (int i = 0; i < a.length; i++) {
                                max = Math.max(max, Math.abs(a[i]));
                                diff = Math.max(diff, Math.abs(a[i] - b[i]));
                                bits &= Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i]);
                            }
                            maps++;
                            if (bits) same++;
                            double rel = max == 0 ? diff : diff / max;
                            if (rel > worst) {
                                worst = rel;
                                worstAt = e.getKey() + "/" + key;
                            }
                        }
                    }
                }
            }
            System.out.printf("%s: %d maps, %d bit-for-bit, worst max|diff|/max %.3g (%s)%n", name, maps, same, worst, worstAt);
        }
    }
}
