package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

/**
 * Conv's input gradient (flipped-Conv and ConvTranspose forms) against finite differences: 2-D, 1-D and
 * 3-D, and weights that are not constants (a graph input, or a tensor computed in the graph), which
 * take the ConvTranspose form at every stride.
 */
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
            // 8 input channels or more: strided convs take ConvTranspose instead of the sub-pixel form
            "8, 4, 3, 2, 1, 1, 1, NOTSET",
            "8, 4, 1, 2, 1, 0, 1, NOTSET",
            "9, 3, 3, 2, 1, 0, 1, SAME_UPPER",
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

    @ParameterizedTest(name = "1-D cin={0} cout={1} k={2} stride={3} dil={4} pad={5} group={6} autoPad={7}")
    @CsvSource({
            "3, 4, 3, 1, 1, 1, 1, NOTSET",
            "3, 4, 3, 2, 1, 1, 1, NOTSET",
            "4, 4, 5, 1, 2, 4, 4, NOTSET",
            "4, 6, 4, 3, 1, 2, 2, NOTSET",
            "2, 3, 3, 2, 1, 0, 1, SAME_UPPER",
            "2, 3, 1, 2, 1, 0, 1, NOTSET",
    })
    void oneDimensional(int cin, int cout, int k, int stride, int dil, int pad, int group, String autoPad) {
        Random rnd = new Random(cin * 17 + k * 5 + stride);
        float[] w = new float[cout * (cin / group) * k];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        TinyModel m = TinyModel.opset(11).input("x", 1, cin, 13).initializer("w", w, cout, cin / group, k);
        var node = m.nodes().op("Conv").in("x", "w").attr("strides", new long[] {stride}).attr("dilations", new long[] {dil})
                .attr("group", group).attr("kernel_shape", new long[] {k});
        if (autoPad.equals("NOTSET")) node.attr("pads", new long[] {pad, pad});
        else node.attr("auto_pad", autoPad);
        node.into("y");
        GradientCheck.of(m, "y").step(1e-2).check("x");
    }

    @ParameterizedTest(name = "3-D k={0} stride={1} pad={2}")
    @CsvSource({"3, 1, 1", "2, 2, 0", "3, 2, 1"})
    void threeDimensional(int k, int stride, int pad) {
        Random rnd = new Random(k * 3 + stride);
        float[] w = new float[3 * 2 * k * k * k];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        TinyModel m = TinyModel.opset(13).input("x", 1, 2, 5, 6, 4).initializer("w", w, 3, 2, k, k, k);
        m.nodes().op("Conv").in("x", "w").attr("strides", new long[] {stride, stride, stride})
                .attr("pads", new long[] {pad, pad, pad, pad, pad, pad}).into("y");
        GradientCheck.of(m, "y").step(1e-2).check("x");
    }

    /** Weights fed as a graph input (random, fixed during the check): no flipped constant can be made. */
    @ParameterizedTest(name = "weight input: rank={0} k={1} stride={2} dil={3} pad={4} group={5}")
    @CsvSource({
            "2, 3, 1, 1, 1, 1",
            "2, 3, 2, 1, 1, 1",
            "2, 3, 1, 2, 2, 2",
            "2, 5, 3, 1, 2, 1",
            "1, 3, 1, 1, 1, 1",
            "1, 4, 2, 1, 1, 2",
    })
    void weightAsGraphInput(int rank, int k, int stride, int dil, int pad, int group) {
        int cin = 4, cout = 6;
        long[] x = rank == 2 ? new long[] {1, cin, 9, 8} : new long[] {1, cin, 13};
        long[] w = rank == 2 ? new long[] {cout, cin / group, k, k} : new long[] {cout, cin / group, k};
        long[] strides = new long[rank], dils = new long[rank], kernel = new long[rank], pads = new long[2 * rank];
        java.util.Arrays.fill(strides, stride);
        java.util.Arrays.fill(dils, dil);
        java.util.Arrays.fill(kernel, k);
        java.util.Arrays.fill(pads, pad);
        TinyModel m = TinyModel.opset(13).input("x", x).input("w", w);
        m.nodes().op("Conv").in("x", "w").attr("strides", strides).attr("dilations", dils).attr("group", group)
                .attr("kernel_shape", kernel).attr("pads", pads).into("y");
        GradientCheck.of(m, "y").step(1e-2).check("x");
    }

    /** Weights computed in the graph (a constant times a scale): also not a constant to the rule. */
    @org.junit.jupiter.api.Test
    void computedWeight() {
        Random rnd = new Random(5);
        float[] w = new float[4 * 3 * 9];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 9, 8).initializer("w", w, 4, 3, 3, 3);
        String scaled = m.nodes().mul("w", m.nodes().scalar(0.5f));
        m.nodes().op("Conv").in("x", scaled).attr("pads", new long[] {1, 1, 1, 1}).into("y");
        GradientCheck.of(m, "y").step(1e-2).check("x");
    }
}
