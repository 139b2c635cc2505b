package dev.gradlens.imaging;

import dev.gradlens.GradLensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class PngIOTest {
    private static final RgbImage SAMPLE = new RgbImage(3, 2, new int[] {
            0xFF000000, 0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFF123456, 0xFFFFFFFF});

    @Test
    void writeAndReadBackExactly(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("sub/out.png");
        PngIO.write(SAMPLE, f);
        BufferedImage back = ImageIO.read(f.toFile());
        assertEquals(3, back.getWidth());
        assertArrayEquals(SAMPLE.argb(), PngIO.fromBufferedImage(back).argb());
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
        assertArrayEquals(SAMPLE.argb(), new ImageLoader().load(f).image().argb());
    }

    @Test
    void encodeIsAPng() throws IOException {
        byte[] png = PngIO.encode(SAMPLE);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(0x123456, back.getRGB(1, 1) & 0xFFFFFF);
    }

    @Test
    void bufferedImageConversions() {
        BufferedImage bi = PngIO.toBufferedImage(SAMPLE);
        assertEquals(BufferedImage.TYPE_INT_RGB, bi.getType());
        assertEquals(0xFF123456, bi.getRGB(1, 1));

        BufferedImage grey = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 100);
        assertNotEquals(0x646464, grey.getRGB(0, 0) & 0xFFFFFF, "ImageIO's own conversion brightens linear grey");
        assertEquals(0xFF646464, PngIO.fromBufferedImage(grey).argb()[0]);

        BufferedImage grey16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 40863);
        assertEquals(0xFF9F9F9F, PngIO.fromBufferedImage(grey16).argb()[0]);

        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00000000);
        argb.setRGB(1, 0, 0x80000000);
        int[] px = PngIO.fromBufferedImage(argb).argb();
        assertEquals(0xFFFFFFFF, px[0], "fully transparent -> white");
        assertEquals(0xFF7F7F7F, px[1], "half transparent black over white");
    }

    @Test
    void unwritableTargetIsAClearError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        GradLensException e = assertThrows(GradLensException.class, () -> PngIO.write(SAMPLE, file.resolve("out.png")));
        assertTrue(e.getMessage().startsWith("Cannot write PNG 'out.png'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
