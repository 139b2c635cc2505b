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

    @Test
    void cropRegionFollowsTheRunsStoredPreprocessing() throws Exception {
        // 200 × 100 photo; shorter side 146 then a 128 × 128 centre crop: the model saw the middle 87.67 × 87.67 px
        // (scale 100/146 = 0.6849; crop 128 · 0.6849 = 87.67, rounded 88), so the view is 88 × 88
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cam");
        java.nio.file.Path photo = dir.resolve("p.png");
        int[] px = new int[200 * 100];
        for (int i = 0; i < px.length; i++) px[i] = 0xFF000000 | (i % 200);
        dev.gradlens.imaging.PngIO.write(new RgbImage(200, 100, px), photo);
        String crop = "{\"width\":128,\"height\":128,\"layout\":\"NCHW\",\"channels\":3,\"bgr\":false,\"resize\":\"SHORTER_SIDE_CENTER_CROP\","
                + "\"resizeShorter\":146,\"scale\":0.003921569,\"mean\":[0.5,0.5,0.5],\"std\":[0.25,0.25,0.25]}";
        RgbImage v = new CamOverlays(crop, 128, 128, 512).view(photo);
        assertEquals(88, v.width());
        assertEquals(88, v.height());
        // the crop starts at x = (292 - 128) / 2 = 82 resized pixels = 82 · 0.6849 = 56.2 original pixels
        assertEquals(56, v.get(0, 0) & 0xFF);
        String stretch = crop.replace("SHORTER_SIDE_CENTER_CROP", "STRETCH");
        assertEquals(200, new CamOverlays(stretch, 128, 128, 512).view(photo).width(), "stretch: the whole photo");
        assertEquals(200, new CamOverlays("{not json", 128, 128, 512).view(photo).width(), "unreadable: the whole photo");
    }
}
