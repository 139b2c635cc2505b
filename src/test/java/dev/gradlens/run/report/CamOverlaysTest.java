package dev.gradlens.run.report;

import dev.gradlens.imaging.RgbImage;
import dev.gradlens.run.browse.StoredMap;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A stored CAM lands where it should over the photo. Hand values: jet(1) = (0.5, 0, 0) → (128, 0, 0),
 * jet(0) = (0, 0, 0.5) → (0, 0, 128); blended at opacity 0.5 over grey 100 → (114, 50, 50) and (50, 50, 114).
 */
class CamOverlaysTest {
    @Test
    void hotCellTopLeftIsRedColdCornerBlue() {
        int[] px = new int[40 * 20];
        Arrays.fill(px, 0xFF646464);
        RgbImage grey = new RgbImage(40, 20, px);
        // 2 × 2 CAM, hot top-left; negative values are cut by the ReLU before normalisation
        StoredMap cam = new StoredMap("gradcam", 3, false, 1, 2, 2, new float[] {4f, 0f, 0f, -7f});
        RgbImage o = CamOverlays.overlay(grey, cam);
        assertEquals(40, o.width());
        assertEquals(20, o.height());
        assertRgb(114, 50, 50, o.get(0, 0));
        assertRgb(50, 50, 114, o.get(39, 19));
    }

    private static void assertRgb(int r, int g, int b, int argb) {
        assertEquals(r, argb >> 16 & 0xFF, 1, "red");
        assertEquals(g, argb >> 8 & 0xFF, 1, "green");
        assertEquals(b, argb & 0xFF, 1, "blue");
    }
}
