package dev.gradlens.imaging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ColormapTest {
    private static int rgb(Colormap c, float v) {
        return c.argb(v) & 0xFFFFFF;
    }

    @Test
    void endpointsMatchThePublishedMaps() {
        assertEquals(0x440154, rgb(Colormap.VIRIDIS, 0));
        assertEquals(0xfde725, rgb(Colormap.VIRIDIS, 1));
        assertEquals(0x21918c, rgb(Colormap.VIRIDIS, 0.5f), "matplotlib viridis(0.5)");
        assertEquals(0x000004, rgb(Colormap.INFERNO, 0));
        assertEquals(0xfcffa4, rgb(Colormap.INFERNO, 1));
        assertEquals(0x30123b, rgb(Colormap.TURBO, 0));
        assertEquals(0x7a0403, rgb(Colormap.TURBO, 1));
        assertEquals(0x000080, rgb(Colormap.JET, 0));
        assertEquals(0x800000, rgb(Colormap.JET, 1));
        assertEquals(0x7dff7a, rgb(Colormap.JET, 0.5f), "matplotlib jet(0.5) = (0.490, 1, 0.478)");
        assertEquals(0x000000, rgb(Colormap.GRAY, 0));
        assertEquals(0x808080, rgb(Colormap.GRAY, 0.5f));
        assertEquals(0xFFFFFF, rgb(Colormap.GRAY, 1));
    }

    @Test
    void interpolatesBetweenAnchorsCloseToTheFullTable() {
        // matplotlib viridis index 100 = (0.166617, 0.463708, 0.558119) -> (42, 118, 142)
        int c = Colormap.VIRIDIS.argb(100 / 255f);
        assertEquals(42, (c >> 16) & 0xFF, 1);
        assertEquals(118, (c >> 8) & 0xFF, 1);
        assertEquals(142, c & 0xFF, 1);
        // Turbo byte table index 100 = {60, 245, 142}; 17 anchors keep it within a few levels
        int t = Colormap.TURBO.argb(100 / 255f);
        assertEquals(60, (t >> 16) & 0xFF, 6);
        assertEquals(245, (t >> 8) & 0xFF, 6);
        assertEquals(142, t & 0xFF, 6);
    }

    @Test
    void perceptualMapsGetBrighterMonotonically() {
        for (Colormap cm : new Colormap[] {Colormap.VIRIDIS, Colormap.INFERNO, Colormap.GRAY}) {
            // 8-bit quantisation may wobble a single step by a fraction of a level, never a trend
            for (int i = 1; i <= 255; i++) {
                double drop = luminance(cm.argb((i - 1) / 255f)) - luminance(cm.argb(i / 255f));
                assertTrue(drop < 0.002, cm + " luminance drops at " + i + " by " + drop);
            }
            for (int i = 8; i <= 255; i += 8)
                assertTrue(luminance(cm.argb(i / 255f)) > luminance(cm.argb((i - 8) / 255f)), cm + " not brighter at " + i);
            assertTrue(luminance(cm.argb(1)) > luminance(cm.argb(0)) + 0.5, cm + " spans a wide lightness range");
        }
    }

    @Test
    void outOfRangeAndNaNAreClamped() {
        assertEquals(Colormap.JET.argb(0), Colormap.JET.argb(-3));
        assertEquals(Colormap.JET.argb(0), Colormap.JET.argb(Float.NaN));
        assertEquals(Colormap.JET.argb(1), Colormap.JET.argb(7));
        for (Colormap cm : Colormap.values()) assertEquals(0xFF, cm.argb(0.3f) >>> 24, "opaque");
    }

    @Test
    void legendRunsLowToHigh() {
        RgbImage h = Colormap.VIRIDIS.legend(256, 12);
        assertEquals(Colormap.VIRIDIS.argb(0), h.get(0, 5));
        assertEquals(Colormap.VIRIDIS.argb(1), h.get(255, 5));
        assertEquals(Colormap.VIRIDIS.argb(100 / 255f), h.get(100, 0));
        RgbImage v = Colormap.INFERNO.legend(10, 100);
        assertEquals(Colormap.INFERNO.argb(0), v.get(3, 99), "bottom is low");
        assertEquals(Colormap.INFERNO.argb(1), v.get(3, 0), "top is high");
        assertEquals(1, Colormap.GRAY.legend(1, 1).argb().length);
    }

    @Test
    void byNameIsCaseInsensitive() {
        assertEquals(Colormap.TURBO, Colormap.byName("turbo"));
        assertEquals(Colormap.GRAY, Colormap.byName("Grey"));
        assertThrows(IllegalArgumentException.class, () -> Colormap.byName("rainbow"));
    }

    /** WCAG relative luminance of an sRGB colour. */
    private static double luminance(int argb) {
        return 0.2126 * lin((argb >> 16) & 0xFF) + 0.7152 * lin((argb >> 8) & 0xFF) + 0.0722 * lin(argb & 0xFF);
    }

    private static double lin(int c) {
        double v = c / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
