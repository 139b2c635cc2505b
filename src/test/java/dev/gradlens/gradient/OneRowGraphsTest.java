package dev.gradlens.gradient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which models get one-row graphs: a Clip(0, 6) with constant bounds in either form, nothing else. */
class OneRowGraphsTest {
    private static TinyModel clip(long opset, float min, float max, boolean attributes) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 2, 3, 3);
        if (!attributes) m.initializer("lo", new float[] {min}).initializer("hi", new float[] {max});
        var clip = m.nodes().op("Clip");
        if (attributes) clip.in("x").attr("min", min).attr("max", max);
        else clip.in("x", "lo", "hi");
        clip.into("y");
        return m;
    }

    @Test
    void reluSixInEitherFormAndNothingElse() {
        assertTrue(OneRowGraphs.hasReluSix(clip(13, 0f, 6f, false).build("y")));
        assertTrue(OneRowGraphs.hasReluSix(clip(10, 0f, 6f, true).build("y")));
        assertFalse(OneRowGraphs.hasReluSix(clip(13, 0f, 5.98f, false).build("y")), "a quantized output range");
        assertFalse(OneRowGraphs.hasReluSix(clip(13, -1f, 6f, false).build("y")));
        TinyModel relu = TinyModel.opset(13).input("x", 1, 2, 3, 3);
        relu.nodes().op("Relu").in("x").into("y");
        assertFalse(OneRowGraphs.hasReluSix(relu.build("y")));
        // bounds computed in the graph are not constants
        TinyModel computed = TinyModel.opset(13).input("x", 1, 2, 3, 3).initializer("lo", new float[] {0f}).initializer("hi", new float[] {6f});
        computed.nodes().op("Clip").in("x", computed.nodes().op("Identity").in("lo").out(), computed.nodes().op("Identity").in("hi").out()).into("y");
        assertFalse(OneRowGraphs.hasReluSix(computed.build("y")));
    }
}
