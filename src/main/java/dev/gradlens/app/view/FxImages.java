package dev.gradlens.app.view;

import dev.gradlens.app.SourceImage;
import dev.gradlens.app.render.ArgbPicture;
import dev.gradlens.imaging.RgbImage;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import java.util.ArrayList;
import java.util.List;

/** Conversions between the app's pixel records and JavaFX images (FX thread for reading live images). */
public final class FxImages {
    private FxImages() {
    }

    public static WritableImage toFx(ArgbPicture p) {
        WritableImage img = new WritableImage(p.width(), p.height());
        write(img, p);
        return img;
    }

    /** Writes into an existing image when sizes match (slider drags reuse it), else makes a new one. */
    public static WritableImage update(Image current, ArgbPicture p) {
        if (current instanceof WritableImage w && (int) w.getWidth() == p.width() && (int) w.getHeight() == p.height()) {
            write(w, p);
            return w;
        }
        return toFx(p);
    }

    private static void write(WritableImage img, ArgbPicture p) {
        img.getPixelWriter().setPixels(0, 0, p.width(), p.height(), PixelFormat.getIntArgbInstance(), p.argb(), 0, p.width());
    }

    public static ArgbPicture read(Image image) {
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        int[] px = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return new ArgbPicture(w, h, px);
    }

    /** A pasted picture as a source image (transparency flattened on white). */
    public static SourceImage toSource(Image image, String name) {
        PixelReader reader = image.getPixelReader();
        if (reader == null || image.getWidth() < 1 || image.getHeight() < 1) {
            throw new dev.gradlens.GradLensException("The clipboard picture cannot be read");
        }
        ArgbPicture p = read(image);
        int[] px = p.argb();
        boolean transparent = false;
        for (int i = 0; i < px.length; i++) {
            int c = px[i], a = c >>> 24;
            if (a != 0xFF) {
                transparent = true;
                int r = ((c >> 16) & 0xFF) * a / 255 + 255 - a;
                int g = ((c >> 8) & 0xFF) * a / 255 + 255 - a;
                int b = (c & 0xFF) * a / 255 + 255 - a;
                c = r << 16 | g << 8 | b;
            }
            px[i] = 0xFF000000 | c;
        }
        List<String> notes = new ArrayList<>();
        if (transparent) notes.add("transparency flattened on white");
        return new SourceImage(name, null, new RgbImage(p.width(), p.height(), px), p.width(), p.height(), notes);
    }
}
