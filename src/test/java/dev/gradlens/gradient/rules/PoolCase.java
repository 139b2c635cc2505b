package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.TinyModel;
import dev.gradlens.onnx.GraphEditor;

import java.util.Arrays;

/**
 * One pooling configuration for the MaxPool and AveragePool tests. Null arrays leave the attribute
 * out (its default applies); {@code ceil} and {@code countIncludePad} are written only when set.
 */
final class PoolCase {
    private final long opset;
    private final long[] input, kernel, strides, pads, dilations;
    private final boolean ceil;
    private final String autoPad;
    private final Boolean countIncludePad;

    private PoolCase(long opset, long[] input, long[] kernel, long[] strides, long[] pads, long[] dilations, boolean ceil,
                     String autoPad, Boolean countIncludePad) {
        this.opset = opset;
        this.input = input;
        this.kernel = kernel;
        this.strides = strides;
        this.pads = pads;
        this.dilations = dilations;
        this.ceil = ceil;
        this.autoPad = autoPad;
        this.countIncludePad = countIncludePad;
    }

    static PoolCase of(long opset, long[] input, long... kernel) {
        return new PoolCase(opset, input, kernel, null, null, null, false, null, null);
    }

    long[] input() {
        return input;
    }

    PoolCase strides(long... v) {
        return new PoolCase(opset, input, kernel, v, pads, dilations, ceil, autoPad, countIncludePad);
    }

    /** All begins, then all ends, as ONNX orders them. */
    PoolCase pads(long... v) {
        return new PoolCase(opset, input, kernel, strides, v, dilations, ceil, autoPad, countIncludePad);
    }

    PoolCase dilations(long... v) {
        return new PoolCase(opset, input, kernel, strides, pads, v, ceil, autoPad, countIncludePad);
    }

    PoolCase ceil() {
        return new PoolCase(opset, input, kernel, strides, pads, dilations, true, autoPad, countIncludePad);
    }

    PoolCase autoPad(String v) {
        return new PoolCase(opset, input, kernel, strides, pads, dilations, ceil, v, countIncludePad);
    }

    PoolCase countIncludePad(boolean v) {
        return new PoolCase(opset, input, kernel, strides, pads, dilations, ceil, autoPad, v);
    }

    /** x → pool → y with the configured attributes. */
    TinyModel model(String op) {
        TinyModel m = TinyModel.opset(opset).input("x", input);
        GraphEditor.NodeBuilder n = m.nodes().op(op).in("x").attr("kernel_shape", kernel);
        if (strides != null) n.attr("strides", strides);
        if (pads != null) n.attr("pads", pads);
        if (dilations != null) n.attr("dilations", dilations);
        if (ceil) n.attr("ceil_mode", 1L);
        if (autoPad != null) n.attr("auto_pad", autoPad);
        if (countIncludePad != null) n.attr("count_include_pad", countIncludePad ? 1L : 0L);
        n.into("y");
        return m;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("opset " + opset + " x" + Arrays.toString(input) + " k" + Arrays.toString(kernel));
        if (strides != null) b.append(" s").append(Arrays.toString(strides));
        if (pads != null) b.append(" pads").append(Arrays.toString(pads));
        if (dilations != null) b.append(" d").append(Arrays.toString(dilations));
        if (ceil) b.append(" ceil");
        if (autoPad != null) b.append(' ').append(autoPad);
        if (countIncludePad != null) b.append(" count_include_pad=").append(countIncludePad ? 1 : 0);
        return b.toString();
    }
}
