package dev.gradlens.cli;

import dev.gradlens.GradLensException;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.imaging.LoadedImage;
import dev.gradlens.imaging.RegionView;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.ImageInput;
import dev.gradlens.inference.Layout;
import dev.gradlens.inference.PreparedInput;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Npy;
import dev.gradlens.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model input of one command: a photo preprocessed per the model, or a preprocessed .npy
 * tensor; plus the picture maps are drawn over (the part of the photo the model saw, or the tensor
 * turned back into pixels).
 */
record InputImage(float[] tensor, RgbImage view, List<String> notes, String source) {
    static final int VIEW_MAX_SIDE = 512;

    static InputImage fromImage(ModelSession s, Path file) {
        LoadedImage li = new ImageLoader().load(file);
        PreparedInput p = s.prepare(li.image());
        RgbImage view = RegionView.of(li.image(), p.region(), VIEW_MAX_SIDE);
        return new InputImage(p.tensor().data(), view, li.notes(), file.toString());
    }

    static InputImage fromTensor(ModelSession s, Path file) {
        Tensor t = Npy.readTensor(file);
        ImageInput in = s.analysis().input();
        int[] shape = t.shape();
        int[] chw = shape.length == 4 && shape[0] == 1 ? new int[] {shape[1], shape[2], shape[3]} : shape.length == 3 ? shape : null;
        if (chw == null || chw[0] != in.channels() || chw[1] != in.height() || chw[2] != in.width()) {
            throw new GradLensException(file.getFileName() + " has shape " + java.util.Arrays.toString(shape) + "; the model takes [1,"
                    + in.channels() + "," + in.height() + "," + in.width() + "] (or [" + in.channels() + "," + in.height() + "," + in.width() + "]), preprocessed float32");
        }
        float[] data = t.data();
        float[] model = in.layout() == Layout.NCHW ? data : toNhwc(data, chw[0], chw[1], chw[2]);
        List<String> notes = new ArrayList<>();
        notes.add("input given as a preprocessed tensor: maps are drawn over the tensor turned back into pixels");
        return new InputImage(model, depreprocess(data, chw, s.preprocessing()), notes, file.toString());
    }

    private static float[] toNhwc(float[] chw, int c, int h, int w) {
        float[] out = new float[chw.length];
        for (int ch = 0; ch < c; ch++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[(y * w + x) * c + ch] = chw[(ch * h + y) * w + x];
        return out;
    }

    /** Inverts value = (pixel·scale − mean)/std to show a tensor as a picture. */
    private static RgbImage depreprocess(float[] chw, int[] shape, Preprocessing p) {
        int c = shape[0], h = shape[1], w = shape[2];
        int[] argb = new int[h * w];
        for (int i = 0; i < h * w; i++) {
            int[] rgb = new int[3];
            for (int ch = 0; ch < 3; ch++) {
                int src = c == 1 ? 0 : (p.bgr() ? 2 - ch : ch);
                float v = (chw[src * h * w + i] * p.stdOf(src) + p.meanOf(src)) / p.scale();
                rgb[ch] = Math.max(0, Math.min(255, Math.round(v)));
            }
            argb[i] = 0xff000000 | rgb[0] << 16 | rgb[1] << 8 | rgb[2];
        }
        return new RgbImage(w, h, argb);
    }
}
