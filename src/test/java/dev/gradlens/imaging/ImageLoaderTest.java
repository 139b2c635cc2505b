package dev.gradlens.imaging;

import dev.gradlens.GradLensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

class ImageLoaderTest {
    private final ImageLoader loader = new ImageLoader();

    // ---- shared awkward files (skipped when ../shared is absent) ----

    @Test
    void exifOrientation6IsTurnedUprightAndMatchesTheUprightPhoto() {
        LoadedImage li = loader.load(SharedTestFiles.require("badinputs/exif_orientation6.jpg"));
        assertEquals(451, li.image().width());
        assertEquals(300, li.image().height());
        assertEquals(451, li.originalWidth());
        assertEquals(300, li.originalHeight());
        assertTrue(li.notes().stream().anyMatch(n -> n.contains("EXIF orientation 6")), li.notes().toString());
        RgbImage upright = loader.load(SharedTestFiles.require("images/chelsea.png")).image();
        assertTrue(meanAbsDiff(li.image(), upright) < 6, "upright JPEG should match chelsea.png up to JPEG loss");
    }

    @Test
    void greyPngsKeepTheirStoredBrightness() {
        RgbImage g8 = loader.load(SharedTestFiles.require("badinputs/gray8.png")).image();
        RgbImage g16 = loader.load(SharedTestFiles.require("badinputs/gray16.png")).image();
        assertEquals(0x9f9f9f, g8.get(225, 150) & 0xFFFFFF, "raster sample 159, not ImageIO's linear-grey cfcfcf");
        assertEquals(0x9f9f9f, g16.get(225, 150) & 0xFFFFFF, "16-bit sample 40863 >> 8 = 159");
        assertArrayEquals(g8.argb(), g16.argb(), "16-bit version holds the 8-bit values x 257");
    }

    @Test
    void cmykJpegGetsPillowsColours() {
        LoadedImage li = loader.load(SharedTestFiles.require("badinputs/cmyk.jpg"));
        int c = li.image().get(225, 150);
        assertNear(0xc49b7f, c, 3);
        assertTrue(li.notes().stream().anyMatch(n -> n.contains("CMYK")));
        RgbImage reference = loader.load(SharedTestFiles.require("images/chelsea.png")).image();
        assertTrue(meanAbsDiff(li.image(), reference) < 6, "whole picture close to the RGB original");
    }

    @Test
    void transparentBorderIsCompositedOnWhite() {
        LoadedImage li = loader.load(SharedTestFiles.require("badinputs/rgba_transparent_border.png"));
        assertEquals(0xFFFFFF, li.image().get(0, 0) & 0xFFFFFF);
        assertEquals(0xbe967c, li.image().get(225, 150) & 0xFFFFFF);
        assertTrue(li.notes().stream().anyMatch(n -> n.contains("white")));
    }

    @Test
    void decompressionBombIsSubsampledWhileDecoding() {
        Path bomb = SharedTestFiles.require("badinputs/bomb_30000x30000.png");
        LoadedImage li = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> loader.load(bomb));
        assertTrue(li.image().width() <= ImageLoader.DEFAULT_MAX_SIDE && li.image().height() <= ImageLoader.DEFAULT_MAX_SIDE);
        assertEquals(3750, li.image().width(), "30000 / ceil(30000/4096) = 30000 / 8");
        assertEquals(30000, li.originalWidth());
        assertEquals(30000, li.originalHeight());
        assertTrue(li.downscaled());
        assertTrue(li.notes().stream().anyMatch(n -> n.contains("downscaled from 30000×30000")), li.notes().toString());
    }

    @Test
    void headerClaimingHugeSizeWithoutDataIsAClearError() {
        Path f = SharedTestFiles.require("badinputs/header_claims_30000x30000.png");
        GradLensException e = assertThrows(GradLensException.class, () -> loader.load(f));
        assertOneLine(e, "header_claims_30000x30000.png");
        assertTrue(e.getMessage().contains("30000") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void emptyAndWebpFilesAreRefusedByName() {
        Path emptyFile = SharedTestFiles.require("badinputs/empty.png");
        Path webpFile = SharedTestFiles.require("badinputs/webp_named.png");
        GradLensException empty = assertThrows(GradLensException.class, () -> loader.load(emptyFile));
        assertOneLine(empty, "empty.png");
        assertTrue(empty.getMessage().contains("empty (0 bytes)"));
        GradLensException webp = assertThrows(GradLensException.class, () -> loader.load(webpFile));
        assertOneLine(webp, "webp_named.png");
        assertTrue(webp.getMessage().contains("WebP") && webp.getMessage().contains("not a supported image (PNG, JPEG, BMP, GIF)"), webp.getMessage());
    }

    @Test
    void truncatedJpegLoadsWithAWarningOrIsRefusedWhenStrict() {
        Path f = SharedTestFiles.require("badinputs/truncated.jpg");
        LoadedImage li = loader.load(f);
        assertEquals(451, li.image().width());
        assertTrue(li.notes().stream().anyMatch(n -> n.contains("truncated") && n.contains("grey")), li.notes().toString());
        GradLensException e = assertThrows(GradLensException.class, () -> new ImageLoader(4096, false).load(f));
        assertOneLine(e, "truncated.jpg");
        assertTrue(e.getMessage().contains("truncated"));
    }

    @Test
    void gifNamedPngIsReadAsGifWithANote() {
        LoadedImage li = loader.load(SharedTestFiles.require("badinputs/gif_named.png"));
        assertEquals(300, li.image().width());
        assertEquals(200, li.image().height());
        assertEquals(0xbd967c, li.image().get(150, 100) & 0xFFFFFF, "Pillow's centre pixel");
        assertTrue(li.notes().stream().anyMatch(n -> n.contains("content is GIF")), li.notes().toString());
    }

    @Test
    void onePixelImageWorks() {
        LoadedImage li = loader.load(SharedTestFiles.require("badinputs/one_pixel.png"));
        assertEquals(1, li.image().width());
        assertEquals(0xc87828, li.image().get(0, 0) & 0xFFFFFF);
        assertTrue(li.notes().isEmpty());
    }

    // ---- synthetic files (always run) ----

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationComesOutUpright(int orientation) throws IOException {
        RgbImage upright = quadrants(48, 32); // wider than high, four flat colours
        RgbImage stored = ExifOrientation.apply(upright, inverse(orientation));
        for (boolean littleEndian : new boolean[] {true, false}) {
            byte[] jpeg = withSegment(jpeg(stored), exifSegment(orientation, littleEndian));
            LoadedImage li = loader.load(jpeg, "o" + orientation + ".jpg");
            assertEquals(48, li.image().width(), "orientation " + orientation);
            assertEquals(32, li.image().height());
            assertEquals(48, li.originalWidth());
            for (int[] p : new int[][] {{6, 6}, {41, 6}, {6, 25}, {41, 25}}) {
                assertNear(upright.get(p[0], p[1]), li.image().get(p[0], p[1]), 12);
            }
            assertEquals(orientation > 1, li.notes().stream().anyMatch(n -> n.contains("EXIF orientation " + orientation)));
        }
    }

    @Test
    void orientationSixRotatesClockwise() {
        // stored 3x2:  a b c / d e f ; displayed rotated 90° clockwise: d a / e b / f c
        RgbImage stored = new RgbImage(3, 2, new int[] {1, 2, 3, 4, 5, 6});
        RgbImage up = ExifOrientation.apply(stored, 6);
        assertEquals(2, up.width());
        assertEquals(3, up.height());
        assertArrayEquals(new int[] {4, 1, 5, 2, 6, 3}, up.argb());
        assertArrayEquals(new int[] {3, 6, 2, 5, 1, 4}, ExifOrientation.apply(stored, 8).argb());
        assertArrayEquals(new int[] {6, 5, 4, 3, 2, 1}, ExifOrientation.apply(stored, 3).argb());
    }

    @Test
    void brokenExifIsIgnored() throws IOException {
        byte[] garbage = {(byte) 0xFF, (byte) 0xE1, 0, 12, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 99, 0};
        LoadedImage li = loader.load(withSegment(jpeg(quadrants(16, 8)), garbage), "bad-exif.jpg");
        assertEquals(16, li.image().width());
        assertTrue(li.notes().isEmpty(), li.notes().toString());
    }

    @Test
    void syntheticGreyPngUsesRasterSamples() throws IOException {
        BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(2, 1, 0, 100);
        LoadedImage li = loader.load(png(grey), "grey.png");
        assertEquals(0x646464, li.image().get(2, 1) & 0xFFFFFF);
        assertEquals(0x000000, li.image().get(0, 0) & 0xFFFFFF);
    }

    @Test
    void sixteenBitRgbKeepsHighByte() throws IOException {
        var cs = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB);
        var cm = new java.awt.image.ComponentColorModel(cs, false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(2, 1);
        r.setPixel(0, 0, new int[] {0xFF00, 0x8000, 0x1234});
        BufferedImage img = new BufferedImage(cm, r, false, null);
        LoadedImage li = loader.load(png(img), "rgb16.png");
        assertEquals(0xFF8012, li.image().get(0, 0) & 0xFFFFFF);
    }

    @Test
    void largeImageIsSubsampledToTheLimit() throws IOException {
        BufferedImage wide = new BufferedImage(2000, 40, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 2000; x++) for (int y = 0; y < 40; y++) wide.setRGB(x, y, x < 1000 ? 0xFF0000 : 0x0000FF);
        LoadedImage li = new ImageLoader(500).load(png(wide), "wide.png");
        assertEquals(500, li.image().width());
        assertEquals(10, li.image().height());
        assertEquals(2000, li.originalWidth());
        assertEquals(0xFF0000, li.image().get(0, 0) & 0xFFFFFF);
        assertEquals(0x0000FF, li.image().get(499, 9) & 0xFFFFFF);
        assertTrue(li.notes().get(0).contains("downscaled from 2000×40 to 500×10"), li.notes().toString());
    }

    @Test
    void fourChannelJpegsAllComeOutRed() throws IOException {
        // plain CMYK (no Adobe marker): ink values C=0 M=255 Y=255 K=0 are red
        byte[] plain = cmykJpeg(new int[] {0, 255, 255, 0});
        assertNear(0xFF0000, loader.load(plain, "plain-cmyk.jpg").image().get(8, 8), 4);
        // Adobe CMYK stores 255 - ink
        byte[] adobe = withSegment(cmykJpeg(new int[] {255, 0, 0, 255}), adobeSegment(0));
        LoadedImage a = loader.load(adobe, "adobe-cmyk.jpg");
        assertNear(0xFF0000, a.image().get(8, 8), 4);
        assertTrue(a.notes().get(0).startsWith("CMYK JPEG"));
        // Adobe YCCK: YCbCr of the inverted CMY (0, 255, 255) plus stored K 255
        byte[] ycck = withSegment(cmykJpeg(new int[] {179, 171, 1, 255}), adobeSegment(2));
        LoadedImage y = loader.load(ycck, "ycck.jpg");
        assertNear(0xFF0000, y.image().get(8, 8), 4);
        assertTrue(y.notes().get(0).startsWith("YCCK JPEG"));
    }

    @Test
    void unknownBytesAndLyingExtensions() throws IOException {
        GradLensException e = assertThrows(GradLensException.class,
                () -> loader.load("just some text\n".getBytes(), "notes.png"));
        assertOneLine(e, "notes.png");
        assertTrue(e.getMessage().contains("not a supported image (PNG, JPEG, BMP, GIF)"));
        byte[] pngBytes = png(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB));
        LoadedImage li = loader.load(pngBytes, "photo.jpg");
        assertTrue(li.notes().get(0).contains("says JPEG but the content is PNG"), li.notes().toString());
        // a PNG cut off in the middle of its data is refused, not half-decoded
        byte[] big = png(quadrantsBuffered(200, 200));
        byte[] cut = java.util.Arrays.copyOf(big, big.length / 2);
        GradLensException t = assertThrows(GradLensException.class, () -> loader.load(cut, "cut.png"));
        assertOneLine(t, "cut.png");
    }

    @Test
    void missingFilesAndFoldersAreClearErrors(@TempDir Path dir) throws IOException {
        GradLensException missing = assertThrows(GradLensException.class, () -> loader.load(dir.resolve("nope.png")));
        assertOneLine(missing, "nope.png");
        assertTrue(missing.getMessage().contains("not found"));
        GradLensException folder = assertThrows(GradLensException.class, () -> loader.load(dir));
        assertTrue(folder.getMessage().contains("folder"));
        Path ok = dir.resolve("ok.bmp");
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(1, 1, 0x123456);
        ImageIO.write(img, "bmp", ok.toFile());
        assertEquals(0x123456, loader.load(ok).image().get(1, 1) & 0xFFFFFF);
    }

    // ---- helpers ----

    static void assertOneLine(GradLensException e, String fileName) {
        assertTrue(e.getMessage().contains("'" + fileName + "'"), "names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    static void assertNear(int expectedRgb, int actualArgb, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = (expectedRgb >> shift) & 0xFF, a = (actualArgb >> shift) & 0xFF;
            assertTrue(Math.abs(e - a) <= tolerance, String.format("expected %06x got %06x", expectedRgb & 0xFFFFFF, actualArgb & 0xFFFFFF));
        }
    }

    static double meanAbsDiff(RgbImage a, RgbImage b) {
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        long sum = 0;
        for (int i = 0; i < a.argb().length; i++)
            for (int s = 0; s <= 16; s += 8) sum += Math.abs(((a.argb()[i] >> s) & 0xFF) - ((b.argb()[i] >> s) & 0xFF));
        return sum / (3.0 * a.argb().length);
    }

    private static int inverse(int orientation) {
        return orientation == 6 ? 8 : orientation == 8 ? 6 : orientation;
    }

    private static RgbImage quadrants(int w, int h) {
        int[] px = new int[w * h];
        int[] colours = {0xFFE02020, 0xFF20C020, 0xFF2040E0, 0xFFF0F020};
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = colours[(y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1)];
        return new RgbImage(w, h, px);
    }

    private static BufferedImage quadrantsBuffered(int w, int h) {
        return PngIO.toBufferedImage(quadrants(w, h));
    }

    static byte[] jpeg(RgbImage img) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(PngIO.toBufferedImage(img), "jpg", bos));
        return bos.toByteArray();
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "png", bos));
        return bos.toByteArray();
    }

    /** A 16x16 4-channel JPEG whose every stored sample is {@code sample}, with no Adobe marker. */
    private static byte[] cmykJpeg(int[] sample) throws IOException {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) r.setPixel(x, y, sample);
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream os = ImageIO.createImageOutputStream(bos)) {
            w.setOutput(os);
            w.write(null, new javax.imageio.IIOImage(r, null, null), null);
        } finally {
            w.dispose();
        }
        return bos.toByteArray();
    }

    /** Inserts a marker segment right after SOI. */
    static byte[] withSegment(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    private static byte[] adobeSegment(int transform) {
        return new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
    }

    /** APP1 Exif with a one-entry IFD0 holding the orientation (SHORT), in either byte order. */
    static byte[] exifSegment(int orientation, boolean little) {
        byte[] tiff = new byte[8 + 2 + 12 + 4];
        if (little) {
            tiff[0] = 'I'; tiff[1] = 'I'; tiff[2] = 42; tiff[4] = 8;
            tiff[8] = 1;                                   // one entry
            tiff[10] = 0x12; tiff[11] = 0x01;              // tag 0x0112
            tiff[12] = 3;                                  // SHORT
            tiff[14] = 1;                                  // count 1
            tiff[18] = (byte) orientation;
        } else {
            tiff[0] = 'M'; tiff[1] = 'M'; tiff[3] = 42; tiff[7] = 8;
            tiff[9] = 1;
            tiff[10] = 0x01; tiff[11] = 0x12;
            tiff[13] = 3;
            tiff[17] = 1;
            tiff[19] = (byte) orientation;
        }
        byte[] seg = new byte[4 + 6 + tiff.length];
        int len = seg.length - 2;
        seg[0] = (byte) 0xFF; seg[1] = (byte) 0xE1; seg[2] = (byte) (len >> 8); seg[3] = (byte) len;
        System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, seg, 4, 6);
        System.arraycopy(tiff, 0, seg, 10, tiff.length);
        return seg;
    }
}
