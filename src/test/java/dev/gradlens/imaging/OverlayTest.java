package dev.gradlens.imaging;

import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class OverlayTest {
    private static RgbImage solid(int w, int h, int argb) {
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, argb);
        return new RgbImage(w, h, px);
    }

    @Test
    void opacityMixesBaseAndColour() {
        RgbImage base = solid(2, 1, 0xFF000000);
        float[] map = {0f, 1f};
        assertArrayEquals(base.argb(), Overlay.blend(base, map, 2, 1, Colormap.GRAY, 0).argb());
        assertArrayEquals(new int[] {0xFF000000, 0xFFFFFFFF}, Overlay.blend(base, map, 2, 1, Colormap.GRAY, 1).argb());
        RgbImage half = Overlay.blend(solid(1, 1, 0xFF204060), new float[] {1f}, 1, 1, Colormap.GRAY, 0.5);
        assertEquals(0xFF90A0B0, half.argb()[0]); // (0x20 + 0xFF)/2 = 0x8F.8 -> 0x90, ...
    }

    @Test
    void smallMapIsUpsampledWithHalfPixelBilinear() {
        RgbImage base = solid(4, 4, 0xFF000000);
        float[] map = {0f, 1f, 0f, 1f}; // 2x2: left column 0, right column 1
        RgbImage out = Overlay.blend(base, map, 2, 2, Colormap.GRAY, 1);
        float[] up = Resize.bilinear(map, 2, 2, 4, 4);
        for (int i = 0; i < 16; i++) assertEquals(Colormap.GRAY.argb(up[i]), out.argb()[i]);
        assertEquals(0xFF000000, out.get(0, 0));
        assertEquals(Colormap.GRAY.argb(0.25f), out.get(1, 2));
        assertEquals(0xFFFFFFFF, out.get(3, 3));
    }

    @Test
    void regionBlendTouchesOnlyTheRegion() {
        RgbImage base = solid(10, 10, 0xFF000000);
        RgbImage out = Overlay.blend(base, new float[] {1f}, 1, 1, new ImageRegion(2, 3, 4, 5), Colormap.GRAY, 1);
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 10; x++) {
                boolean inside = x >= 2 && x < 6 && y >= 3 && y < 8;
                assertEquals(inside ? 0xFFFFFFFF : 0xFF000000, out.get(x, y), "at " + x + "," + y);
            }
        // a region covering everything is the plain blend
        float[] map = {0, 0.3f, 0.6f, 1};
        assertArrayEquals(Overlay.blend(base, map, 2, 2, Colormap.JET, 0.4).argb(),
                Overlay.blend(base, map, 2, 2, ImageRegion.full(10, 10), Colormap.JET, 0.4).argb());
    }

    @Test
    void regionBlendStretchesTheMapOverTheCrop() {
        // a 2x1 map [0, 1] over a region 4 px wide: left half dark, right half bright
        RgbImage out = Overlay.blend(solid(8, 1, 0xFF000000), new float[] {0, 1}, 2, 1, new ImageRegion(2, 0, 4, 1),
                Colormap.GRAY, 1);
        assertEquals(Colormap.GRAY.argb(0f), out.get(2, 0));
        assertEquals(Colormap.GRAY.argb(0.25f), out.get(3, 0));
        assertEquals(Colormap.GRAY.argb(0.75f), out.get(4, 0));
        assertEquals(Colormap.GRAY.argb(1f), out.get(5, 0));
        assertEquals(0xFF000000, out.get(6, 0));
    }

    @Test
    void dimOutsideDarkensTheUnseenPart() {
        RgbImage out = Overlay.dimOutside(solid(4, 1, 0xFFC8C8C8), new ImageRegion(1, 0, 2, 1), 0.5);
        assertEquals(0xFF646464, out.get(0, 0));
        assertEquals(0xFFC8C8C8, out.get(1, 0));
        assertEquals(0xFFC8C8C8, out.get(2, 0));
        assertEquals(0xFF646464, out.get(3, 0));
    }

    @Test
    void colorizeIsTheMapAlone() {
        RgbImage c = Overlay.colorize(new float[] {0, 1}, 2, 1, Colormap.VIRIDIS);
        assertEquals(0xFF440154, c.get(0, 0));
        assertEquals(0xFFFDE725, c.get(1, 0));
    }

    @Test
    void planesBecomeRgbPixels() {
        // 1×2 picture: R = [0, 1], G = [0.5, 1], B = [0, 0.5]
        RgbImage img = Overlay.fromPlanes(new float[] {0, 1, 0.5f, 1, 0, 0.5f}, 2, 1);
        assertEquals(0xFF008000, img.get(0, 0));
        assertEquals(0xFFFFFF80, img.get(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Overlay.fromPlanes(new float[5], 2, 1));
    }

    @Test
    void mapOfWrongSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Overlay.blend(solid(2, 2, 0), new float[3], 2, 2, Colormap.JET, 0.5));
    }
}
