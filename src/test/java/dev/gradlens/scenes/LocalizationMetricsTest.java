package dev.gradlens.scenes;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The localisation metrics on hand-made 10×10 maps and masks. */
class LocalizationMetricsTest {
    static final int W = 10, H = 10;

    static boolean[] rect(int x, int y, int w, int h) {
        boolean[] m = new boolean[W * H];
        for (int j = y; j < y + h; j++) for (int i = x; i < x + w; i++) m[j * W + i] = true;
        return m;
    }

    @Test
    void pointingGameUsesTheMaximumAndTheTolerance() {
        float[] map = new float[W * H];
        map[5 * W + 8] = 1f; // max at (8, 5)
        boolean[] object = rect(2, 2, 3, 3); // x 2..4, y 2..4
        // the nearest object pixel (4, 4) is √(4² + 1²) ≈ 4.12 px from the maximum
        assertFalse(LocalizationMetrics.pointingHit(map, W, H, object, 4));
        assertTrue(LocalizationMetrics.pointingHit(map, W, H, object, 5));
        assertTrue(LocalizationMetrics.pointingHit(map, W, H, rect(6, 5, 1, 1), 2));
        assertFalse(LocalizationMetrics.pointingHit(new float[W * H], W, H, object, 9), "an all-zero map never hits");
        assertEquals(9, LocalizationMetrics.tolerance(128));
        assertEquals(15, LocalizationMetrics.tolerance(224));
    }

    @Test
    void massInsideIsTheShareOfPositiveMass() {
        float[] map = new float[W * H];
        map[0] = 3f;
        map[99] = 1f;
        map[50] = -5f; // negative values carry no mass
        assertEquals(0.75, LocalizationMetrics.massInside(map, rect(0, 0, 1, 1)), 1e-12);
        assertEquals(0, LocalizationMetrics.massInside(new float[W * H], rect(0, 0, 1, 1)));
    }

    @Test
    void thresholdBoxTakesTheLargestSegmentAboveFifteenPercent() {
        float[] map = new float[W * H];
        for (int y = 1; y <= 3; y++) for (int x = 1; x <= 4; x++) map[y * W + x] = 0.5f; // 12 px segment
        map[8 * W + 8] = 1f; // the maximum, a 1 px segment
        map[9 * W + 0] = 0.1f; // below 15 % of the maximum
        assertArrayEquals(new int[] {1, 1, 4, 3}, LocalizationMetrics.thresholdBox(map, W, H));
        assertNull(LocalizationMetrics.thresholdBox(new float[W * H], W, H));
    }

    @Test
    void iouOfBoxes() {
        assertEquals(1.0, LocalizationMetrics.iou(new int[] {0, 0, 4, 4}, new int[] {0, 0, 4, 4}));
        assertEquals(4.0 / 28.0, LocalizationMetrics.iou(new int[] {0, 0, 4, 4}, new int[] {2, 2, 4, 4}), 1e-12);
        assertEquals(0.0, LocalizationMetrics.iou(new int[] {0, 0, 2, 2}, new int[] {5, 5, 2, 2}));
    }
}
