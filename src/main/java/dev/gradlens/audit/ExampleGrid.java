package dev.gradlens.audit;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.DisplayMaps;
import dev.gradlens.imaging.Colormap;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.imaging.ImageRegion;
import dev.gradlens.imaging.LoadedImage;
import dev.gradlens.imaging.Overlay;
import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.tensor.Tensor;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Grids of example images with their stored maps overlaid (display form of docs/conventions.md: ReLU,
 * half-pixel bilinear onto the part of the photo the model saw, min-max; imaging.Overlay with a colour
 * map), one tile per (image, map) with a caption. A photo that cannot be found shows the map alone on
 * grey, so a moved data set still gives a report.
 */
public final class ExampleGrid {
    public static final int TILE = 160;

    /** One tile: an image, the map to draw over it (method, class, counterfactual), and its caption. */
    public record Tile(int imageId, String method, int cls, boolean counterfactual, String caption) {
    }

    private ExampleGrid() {
    }

    public static BufferedImage draw(RunDatabase db, RunInfo info, Path imagesRoot, List<Tile> tiles, int columns, Colormap cm, Notes notes) {
        int cols = Math.max(1, Math.min(columns, tiles.size())), rows = Math.max(1, (tiles.size() + cols - 1) / cols);
        int capH = 30;
        BufferedImage out = new BufferedImage(cols * TILE, rows * (TILE + capH), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        ImageLoader loader = new ImageLoader();
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int x = (i % cols) * TILE, y = (i / cols) * (TILE + capH);
            RgbImage picture = tile(db, info, imagesRoot, t, cm, loader, notes);
            BufferedImage b = PngIO.toBufferedImage(picture);
            double s = Math.min((double) TILE / b.getWidth(), (double) TILE / b.getHeight());
            int w = (int) Math.round(b.getWidth() * s), h = (int) Math.round(b.getHeight() * s);
            g.drawImage(b, x + (TILE - w) / 2, y + (TILE - h) / 2, w, h, null);
            g.setColor(Color.BLACK);
            String[] lines = t.caption().split("\n");
            for (int l = 0; l < lines.length && l < 2; l++) g.drawString(lines[l], x + 4, y + TILE + 12 + 12 * l);
        }
        g.dispose();
        return out;
    }

    private static RgbImage tile(RunDatabase db, RunInfo info, Path imagesRoot, Tile t, Colormap cm, ImageLoader loader, Notes notes) {
        String path = null;
        float[] raw = null;
        int h = 0, w = 0;
        try (PreparedStatement ps = db.connection().prepareStatement("SELECT i.path, m.height, m.width, m.data FROM images i LEFT JOIN maps m"
                + " ON m.image_id = i.image_id AND m.method = ? AND m.class = ? AND m.counterfactual = ? WHERE i.image_id = ?")) {
            ps.setString(1, t.method());
            ps.setInt(2, t.cls());
            ps.setBoolean(3, t.counterfactual());
            ps.setInt(4, t.imageId());
            try (ResultSet r = ps.executeQuery()) {
                if (r.next()) {
                    path = r.getString(1);
                    byte[] data = r.getBytes(4);
                    h = r.getInt(2);
                    w = r.getInt(3);
                    if (data != null && data.length == 4L * h * w) {
                        raw = new float[h * w];
                        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(raw);
                    }
                }
            }
        } catch (SQLException e) {
            notes.add("example tiles without their map", "image " + t.imageId() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        RgbImage base = null;
        if (path != null) {
            try {
                LoadedImage li = loader.load(info.imageFile(path, imagesRoot));
                base = li.image();
            } catch (GradLensException e) {
                notes.add("example images not found (the map is shown alone; give --images DIR)", e.getMessage());
            }
        }
        if (raw == null) return base != null ? base : grey(TILE, TILE);
        if (base == null) {
            DisplayMaps.DisplayMap d = DisplayMaps.cam(new Tensor(raw, new int[] {h, w}), TILE, TILE);
            return Overlay.colorize(d.values(), TILE, TILE, cm);
        }
        ImageRegion seen = info.seen(base.width(), base.height());
        Tensor cam = new Tensor(raw, new int[] {h, w});
        if (seen.coversAll(base.width(), base.height())) {
            // exactly the explain command's overlay: upsampled to the photo, then min-max
            DisplayMaps.DisplayMap d = DisplayMaps.cam(cam, base.height(), base.width());
            return Overlay.blend(base, d.values(), base.width(), base.height(), cm, 0.5);
        }
        // a centre crop: the map at its own resolution, placed over the seen part with the same convention
        DisplayMaps.DisplayMap d = DisplayMaps.cam(cam, h, w);
        return Overlay.blend(base, d.values(), w, h, seen, cm, 0.5);
    }

    private static RgbImage grey(int w, int h) {
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, 0xFF808080);
        return new RgbImage(w, h, px);
    }
}
