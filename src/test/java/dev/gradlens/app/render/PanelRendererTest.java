package dev.gradlens.app.render;

import dev.gradlens.app.render.ColormapChoice;
import dev.gradlens.explain.MethodId;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.service.Panel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PanelRendererTest {
    private final RgbImage grey = new RgbImage(2, 1, new int[] {0xFF808080, 0xFF808080});

    private Panel heat(float a, float b, int w, int h) {
        float[] d = new float[w * h];
        for (int i = 0; i < d.length; i++) d[i] = i % 2 == 0 ? a : b;
        return new Panel(MethodId.GRADCAM, 1, false, "l", null, d, 1, w, h, false, "c");
    }

    @Test
    void opacityBlendsTheColormapOverTheView() {
        Panel p = heat(0f, 1f, 2, 1);
        assertArrayEquals(grey.argb(), PanelRenderer.render(grey, p, 0, ColormapChoice.JET).argb());
        ArgbPicture full = PanelRenderer.render(grey, p, 1, ColormapChoice.JET);
        assertEquals(ColormapChoice.JET.argb(0f), full.get(0, 0));
        assertEquals(ColormapChoice.JET.argb(1f), full.get(1, 0));
        // jet(1) = dark red 0x800000, half over grey 0x808080
        assertEquals(0xFF804040, PanelRenderer.render(grey, p, 0.5, ColormapChoice.JET).get(1, 0));
    }

    @Test
    void aMapOfAnotherSizeIsSampledAtTheViewSize() {
        RgbImage view = new RgbImage(4, 2, new int[8]);
        ArgbPicture p = PanelRenderer.render(view, heat(0f, 1f, 2, 1), 1, ColormapChoice.VIRIDIS);
        assertEquals(4, p.width());
        assertEquals(2, p.height());
    }

    @Test
    void rgbPanelsAreShownAsIs() {
        float[] d = {1f, 0f, 0f, 1f, 0.5f, 0.5f};
        Panel p = new Panel(MethodId.GUIDED_BACKPROP, 1, false, "l", null, d, 3, 2, 1, false, "c");
        ArgbPicture pic = PanelRenderer.render(grey, p, 0.3, ColormapChoice.JET);
        assertEquals(0xFFFF0080, pic.get(0, 0));
        assertEquals(0xFF00FF80, pic.get(1, 0));
    }

    @Test
    void colormapsAreOpaqueAndDistinct() {
        for (ColormapChoice c : ColormapChoice.values()) {
            assertEquals(256, c.table().length);
            for (int v : c.table()) assertEquals(0xFF, v >>> 24);
            assertEquals(c.argb(0f), c.argb(Float.NaN));
            assertEquals(c.argb(1f), c.argb(7f), "values are clamped");
        }
        assertEquals(0xFF440154, ColormapChoice.VIRIDIS.argb(0f));
        assertEquals(0xFFFDE725, ColormapChoice.VIRIDIS.argb(1f));
        assertEquals(0xFF000004, ColormapChoice.INFERNO.argb(0f));
        assertEquals(0xFF000080, ColormapChoice.JET.argb(0f), "jet starts dark blue");
        assertEquals(4, List.of(ColormapChoice.values()).stream().map(c -> c.argb(0.3f)).distinct().count());
    }
}
