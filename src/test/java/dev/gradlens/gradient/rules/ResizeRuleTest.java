package dev.gradlens.gradient.rules;

import dev.gradlens.GradLensException;
import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resize and Upsample against finite differences of ONNX Runtime's own forward: every coordinate mode ONNX
 * defines for nearest and linear, each nearest rounding, up- and downsampling, odd factors, sizes instead
 * of scales. The op is linear in X, so a wrong weight or a wrong rounding shows as a plain mismatch.
 */
class ResizeRuleTest {

    @ParameterizedTest(name = "{0} {1} {2} scales {3}x{4}")
    @CsvSource({
            "linear, half_pixel, -, 2, 2", "linear, half_pixel, -, 0.5, 0.5", "linear, half_pixel, -, 1.5, 0.75",
            "linear, pytorch_half_pixel, -, 2, 3", "linear, align_corners, -, 2, 2", "linear, align_corners, -, 0.5, 1.75",
            "linear, asymmetric, -, 2, 2.5", "linear, asymmetric, -, 0.5, 0.5",
            "nearest, half_pixel, round_prefer_floor, 2, 2", "nearest, half_pixel, round_prefer_ceil, 1.5, 0.5",
            "nearest, asymmetric, floor, 2, 3", "nearest, asymmetric, ceil, 0.5, 1.5", "nearest, align_corners, round_prefer_floor, 2, 2",
            "nearest, tf_half_pixel_for_nn, round_prefer_floor, 2, 0.5", "nearest, pytorch_half_pixel, floor, 3, 2",
    })
    void scalesMatchFiniteDifferences(String mode, String coord, String nearest, float sh, float sw) {
        TinyModel m = TinyModel.opset(13).input("x", 1, 2, 4, 6).initializer("scales", new float[] {1, 1, sh, sw}, 4);
        var n = m.nodes().op("Resize").in("x", "", "scales").attr("mode", mode).attr("coordinate_transformation_mode", coord);
        if (!nearest.equals("-")) n.attr("nearest_mode", nearest);
        n.into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** Sizes instead of scales (scale = out/in per axis), opset 19, and a computed sizes tensor (static). */
    @Test
    void sizesInput() {
        TinyModel m = TinyModel.opset(19).input("x", 1, 2, 4, 6).longInitializer("sizes", new long[] {1, 2, 7, 5}, 4);
        m.nodes().op("Resize").in("x", "", "", "sizes").attr("mode", "linear").into("y");
        GradientCheck.of(m, "y").check("x");
        TinyModel c = TinyModel.opset(13).input("x", 1, 2, 4, 6).input("like", 1, 2, 8, 3);
        String s = c.nodes().op("Shape").in("like").out();
        c.nodes().op("Resize").in("x", "", "", s).attr("mode", "nearest").into("r");
        c.nodes().op("Mul").in("r", "like").into("y");
        GradientCheck.of(c, "y").check("x", "like");
    }

    @Test
    void tfCropAndResize() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 2, 4, 6).initializer("roi", new float[] {0, 0, 0.2f, -0.1f, 1, 1, 0.9f, 0.8f}, 8)
                .initializer("scales", new float[] {1, 1, 1.5f, 1.25f}, 4);
        m.nodes().op("Resize").in("x", "roi", "scales").attr("mode", "linear").attr("coordinate_transformation_mode", "tf_crop_and_resize")
                .attr("extrapolation_value", 0.5f).into("y");
        GradientCheck.of(m, "y").check("x");
    }

    /** Opset 10 Resize and Upsample 7/9: asymmetric coordinates, ONNX Runtime's legacy nearest rounding. */
    @ParameterizedTest(name = "{0} opset {1} {2}")
    @CsvSource({"Resize, 10, nearest, 2", "Resize, 10, linear, 2", "Resize, 10, nearest, 0.5", "Upsample, 9, nearest, 3",
            "Upsample, 9, linear, 2", "Upsample, 7, nearest, 2", "Upsample, 7, linear, 1.5"})
    void legacyForms(String op, long opset, String mode, float s) {
        TinyModel m = TinyModel.opset(opset).input("x", 1, 2, 4, 6);
        if (opset >= 9) {
            m.initializer("scales", new float[] {1, 1, s, s}, 4);
            m.nodes().op(op).in("x", "scales").attr("mode", mode).into("y");
        } else {
            m.nodes().op(op).in("x").attr("scales", new float[] {1, 1, s, s}).attr("mode", mode).into("y");
        }
        GradientCheck.of(m, "y").check("x");
    }

    @Test
    void cubicIsRefused() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 2, 4, 6).initializer("scales", new float[] {1, 1, 2, 2}, 4);
        m.nodes().op("Resize").in("x", "", "scales").attr("mode", "cubic").into("y");
        GradLensException e = assertThrows(GradLensException.class, () -> GradientCheck.of(m, "y").check("x"));
        assertTrue(e.getMessage().contains("mode 'cubic'"), e.getMessage());
    }
}
