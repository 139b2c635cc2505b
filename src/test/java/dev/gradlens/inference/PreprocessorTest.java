package dev.gradlens.inference;

import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.imaging.ImageRegion;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.imaging.SharedTestFiles;
import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PreprocessorTest {
    private static final float[] ZERO = {0f, 0f, 0f};
    private static final float[] ONE = {1f, 1f, 1f};

    private static Preprocessing raw(int w, int h, ResizeMode mode, int shorter) {
        return new Preprocessing(w, h, Layout.NCHW, 3, false, mode, shorter, 1f, ZERO, ONE);
    }

    private static RgbImage greyRow(int... values) {
        int[] px = new int[values.length];
        for (int i = 0; i < px.length; i++) px[i] = 0xFF000000 | values[i] * 0x010101;
        return new RgbImage(values.length, 1, px);
    }

    @Test
    void stretchShrinkIsPilAntialiasedBilinear() {
        // PIL: [0, 0, 70, 70] -> 2 px gives weights [3/7, 3/7, 1/7] at the edge: [10, 60]
        PreparedInput in = Preprocessor.prepare(greyRow(0, 0, 70, 70), raw(2, 1, ResizeMode.STRETCH, 0));
        assertArrayEquals(new int[] {1, 3, 1, 2}, in.tensor().shape());
        for (int c = 0; c < 3; c++) {
            assertEquals(10f, in.tensor().data()[c * 2], 1e-4f);
            assertEquals(60f, in.tensor().data()[c * 2 + 1], 1e-4f);
        }
        assertEquals(ImageRegion.full(4, 1), in.region());
        assertEquals(0xFF0A0A0A, in.modelView().get(0, 0));
    }

    @Test
    void alignCornersPreservesCorners() {
        PreparedInput in = Preprocessor.prepare(greyRow(0, 50, 100), raw(5, 1, ResizeMode.STRETCH_ALIGN_CORNERS, 0));
        assertArrayEquals(new float[] {0, 25, 50, 75, 100}, java.util.Arrays.copyOfRange(in.tensor().data(), 0, 5), 1e-4f);
        // shrinking samples, no antialias: [1, 100, 5, 100, 9] -> [1, 5, 9]
        PreparedInput shrink = Preprocessor.prepare(greyRow(1, 100, 5, 100, 9), raw(3, 1, ResizeMode.STRETCH_ALIGN_CORNERS, 0));
        assertArrayEquals(new float[] {1, 5, 9}, java.util.Arrays.copyOfRange(shrink.tensor().data(), 0, 3), 1e-4f);
    }

    @Test
    void centreCropGeometryFollowsTorchvision() {
        assertArrayEquals(new int[] {385, 256}, Preprocessor.resizedSize(451, 300, 256, 224, 224), "round(256*451/300) = 385");
        assertArrayEquals(new int[] {256, 385}, Preprocessor.resizedSize(300, 451, 256, 224, 224));
        assertEquals(80, Preprocessor.cropOffset(385, 224), "round(80.5) is 80 in Python");
        assertEquals(82, Preprocessor.cropOffset(387, 224), "round(81.5) is 82 in Python");
        assertEquals(16, Preprocessor.cropOffset(256, 224));
        // too small a shorter side is raised until the crop fits
        int[] grown = Preprocessor.resizedSize(400, 200, 100, 224, 224);
        assertTrue(grown[0] >= 224 && grown[1] >= 224, java.util.Arrays.toString(grown));
    }

    @Test
    void centreCropRegionMapsBackToThePhoto() {
        RgbImage photo = new RgbImage(451, 300, new int[451 * 300]);
        PreparedInput in = Preprocessor.prepare(photo, raw(224, 224, ResizeMode.SHORTER_SIDE_CENTER_CROP, 256));
        ImageRegion r = in.region();
        assertEquals(80 * 451 / 385.0, r.x(), 1e-9);
        assertEquals(16 * 300 / 256.0, r.y(), 1e-9);
        assertEquals(224 * 451 / 385.0, r.width(), 1e-9);
        assertEquals(224 * 300 / 256.0, r.height(), 1e-9);
        assertEquals(224, in.modelView().width());
    }

    @Test
    void centreCropWithoutScalingCutsExactColumns() {
        // 8x4 with shorter side 4 -> no resize; crop 4x4 at x offset 2
        int[] px = new int[32];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 8; x++) px[y * 8 + x] = 0xFF000000 | (x * 10 + y) << 16;
        PreparedInput in = Preprocessor.prepare(new RgbImage(8, 4, px), raw(4, 4, ResizeMode.SHORTER_SIDE_CENTER_CROP, 4));
        float[] red = java.util.Arrays.copyOfRange(in.tensor().data(), 0, 16);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) assertEquals((x + 2) * 10 + y, red[y * 4 + x], 1e-4f);
        assertEquals(new ImageRegion(2, 0, 4, 4), in.region());
    }

    @Test
    void normalisationChannelOrderAndGrey() {
        RgbImage px = new RgbImage(1, 1, new int[] {0xFFC87828}); // 200, 120, 40
        Preprocessing rgb = new Preprocessing(1, 1, Layout.NCHW, 3, false, ResizeMode.STRETCH, 0, 1f / 255,
                Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD);
        float[] v = Preprocessor.prepare(px, rgb).tensor().data();
        assertEquals((200 / 255f - 0.485f) / 0.229f, v[0], 1e-5f);
        assertEquals((120 / 255f - 0.456f) / 0.224f, v[1], 1e-5f);
        assertEquals((40 / 255f - 0.406f) / 0.225f, v[2], 1e-5f);

        Preprocessing bgr = new Preprocessing(1, 1, Layout.NCHW, 3, true, ResizeMode.STRETCH, 0, 1f, new float[] {1, 2, 3}, new float[] {1, 1, 2});
        assertArrayEquals(new float[] {39, 118, 98.5f}, Preprocessor.prepare(px, bgr).tensor().data(), 1e-4f);

        Preprocessing grey = new Preprocessing(1, 1, Layout.NCHW, 1, false, ResizeMode.STRETCH, 0, 1f / 255, new float[] {0.5f}, new float[] {0.5f});
        PreparedInput g = Preprocessor.prepare(px, grey);
        assertArrayEquals(new int[] {1, 1, 1, 1}, g.tensor().shape());
        double luma = 0.299 * 200 + 0.587 * 120 + 0.114 * 40; // 134.8
        assertEquals((luma / 255 - 0.5) / 0.5, g.tensor().data()[0], 1e-5);
        assertEquals(0xFF878787, g.modelView().get(0, 0), "grey view: 134.8 rounds to 135");
    }

    @Test
    void nhwcInterleavesChannels() {
        RgbImage img = new RgbImage(2, 1, new int[] {0xFF010203, 0xFF040506});
        Preprocessing p = new Preprocessing(2, 1, Layout.NHWC, 3, false, ResizeMode.STRETCH, 0, 1f, ZERO, ONE);
        Tensor t = Preprocessor.prepare(img, p).tensor();
        assertArrayEquals(new int[] {1, 1, 2, 3}, t.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.data(), 1e-6f);
    }

    @Test
    void onePixelPhotoFillsTheInput() {
        RgbImage px = new RgbImage(1, 1, new int[] {0xFFC87828});
        for (ResizeMode mode : ResizeMode.values()) {
            PreparedInput in = Preprocessor.prepare(px, raw(224, 224, mode, 256));
            for (int i = 0; i < 224 * 224; i++) assertEquals(200f, in.tensor().data()[i], 1e-3f, mode.toString());
        }
    }

    @Test
    void realPhotoThroughImagenetCrop() {
        RgbImage photo = new ImageLoader().load(SharedTestFiles.require("images/chelsea.png")).image();
        Preprocessing p = Preprocessing.imagenet(224, 224, Layout.NCHW, 3);
        PreparedInput in = Preprocessor.prepare(photo, p);
        assertArrayEquals(new int[] {1, 3, 224, 224}, in.tensor().shape());
        // a flat-coloured model view pixel must equal the tensor value after un-normalising
        int v = in.modelView().get(112, 112);
        float r = in.tensor().data()[112 * 224 + 112] * 0.229f + 0.485f;
        assertEquals((v >> 16) & 0xFF, r * 255, 0.51f);
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float f : in.tensor().data()) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertTrue(min >= -2.2f && max <= 2.7f, "ImageNet-normalised range");
    }
}
