package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

/** Conv's input gradient (flipped-Conv and ConvTranspose forms) against finite differences. */
class ConvRuleTest {

    @ParameterizedTest(name = "cin={0} cout={1} k={2} stride={3} dil={4} pad={5} group={6} autoPad={7}")
    @CsvSource({
            "3, 4, 3, 1, 1, 1, 1, NOTSET",
            "3, 4, 3, 2, 1, 1, 1, NOTSET",
            "4, 4, 3, 1, 1, 1, 4, NOTSET",
            "4, 8, 3, 2, 1, 0, 2, NOTSET",
            "2, 3, 3, 1, 2, 2, 1, NOTSET",
            "3, 2, 5, 3, 1, 2, 1, NOTSET",
            "3, 2, 3, 2, 1, 0, 1, SAME_UPPER",
            "3, 2, 4, 2, 1, 0, 1, SAME_LOWER",
            "3, 2, 3, 1, 1, 0, 1, VALID",
            "2, 2, 1, 2, 1, 0, 1, NOTSET",
            "3, 2, 7, 2, 1, 3, 1, NOTSET",
    })
    void inputGradientMatchesFiniteDifferences(int cin, int cout, int k, int stride, int dil, int pad, int group, String autoPad) {
        Random rnd = new Random(cin * 31 + k * 7 + stride);
        float[] w = new float[cout * (cin / group) * k * k];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        float[] b = new float[cout];
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
        TinyModel m = TinyModel.opset(13).input("x", 1, cin, 9, 8).initializer("w", w, cout, cin / group, k, k).initializer("b", b, cout);
        var node = m.nodes().op("Conv").in("x", "w", "b").attr("strides", new long[] {stride, stride})
                .attr("dilations", new long[] {dil, dil}).attr("group", group).attr("kernel_shape", new long[] {k, k});
        if (autoPad.equals("NOTSET")) node.attr("pads", new long[] {pad, pad, pad, pad});
        else node.attr("auto_pad", autoPad);
        node.into("y");
        GradientCheck.of(m, "y").check("x");
    }
}
