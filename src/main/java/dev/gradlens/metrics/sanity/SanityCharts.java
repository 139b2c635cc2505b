package dev.gradlens.metrics.sanity;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.DisplayMaps;
import dev.gradlens.explain.MethodId;
import dev.gradlens.imaging.Colormap;
import dev.gradlens.imaging.Overlay;
import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The sanity check's pictures, drawn with java.awt (headless): the similarity curves per method
 * over the cascade, and the grid of maps after each step (rows: methods; columns: original, then
 * the steps).
 */
public final class SanityCharts {
    private static final Color[] PALETTE = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
    private static final int TILE = 96;

    private SanityCharts() {
    }

    /** Rank correlation of |map| (solid) and of the map (dashed) per method over the cascading steps. */
    public static void curves(SanityCheck.Result r, SanityCheck.Variant variant, Path png) {
        System.setProperty("java.awt.headless", "true");
        List<SanityCheck.Step> steps = r.steps(variant);
        int w = 640, h = 400, left = 60, right = 170, top = 40, bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("Spearman rank correlation with the original map (" + variant.name().toLowerCase() + " randomisation)", left, 20);
        int pw = w - left - right, ph = h - top - bottom;
        g.drawRect(left, top, pw, ph);
        for (int i = 0; i <= 4; i++) { // y from -1 to 1
            double v = -1 + i * 0.5;
            int y = top + (int) ((1 - (v + 1) / 2) * ph);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, left + pw - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.1f", v), 25, y + 4);
        }
        int n = steps.size() + 1; // x: 0 = original, then steps
        for (int s = 0; s < n; s++) {
            int x = left + (n == 1 ? 0 : s * pw / (n - 1));
            g.drawString(s == 0 ? "orig" : Integer.toString(s), x - 8, top + ph + 16);
        }
        g.drawString("step (top layers first)", left + pw / 2 - 60, top + ph + 40);
        for (int m = 0; m < r.methods().size(); m++) {
            MethodId id = r.methods().get(m);
            g.setColor(PALETTE[m % PALETTE.length]);
            for (int dashed = 0; dashed < 2; dashed++) {
                g.setStroke(dashed == 0 ? new BasicStroke(2f) : new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
                int px = left, py = top;
                for (int s = 0; s < n; s++) {
                    Double v = s == 0 ? Double.valueOf(1.0) : dashed == 0 ? steps.get(s - 1).similarity().get(id).spearmanAbs()
                            : steps.get(s - 1).similarity().get(id).spearman();
                    double val = v == null ? 0 : v; // a constant map kept nothing: drawn at 0
                    int x = left + (n == 1 ? 0 : s * pw / (n - 1));
                    int y = top + (int) ((1 - (val + 1) / 2) * ph);
                    if (s > 0) g.drawLine(px, py, x, y);
                    g.fillOval(x - 3, y - 3, 6, 6);
                    px = x;
                    py = y;
                }
            }
            g.setStroke(new BasicStroke(2f));
            int ly = top + 10 + m * 18;
            g.drawLine(w - right + 10, ly, w - right + 30, ly);
            g.drawString(id.title() + (Boolean.TRUE.equals(r.failing().get(id)) ? " (fails)" : ""), w - right + 36, ly + 4);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("solid: |map|   dashed: map", w - right + 10, top + ph);
        g.dispose();
        write(img, png);
    }

    /** Rows: methods; columns: the original map, then the map after each step of the variant. */
    public static void mapGrid(SanityCheck.Result r, SanityCheck.Variant variant, Path png) {
        System.setProperty("java.awt.headless", "true");
        List<SanityCheck.Step> steps = r.steps(variant);
        int label = 130, head = 20;
        int cols = steps.size() + 1, rows = r.methods().size();
        BufferedImage img = new BufferedImage(label + cols * (TILE + 4), head + rows * (TILE + 4), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int c = 0; c < cols; c++) g.drawString(c == 0 ? "original" : "step " + c, label + c * (TILE + 4) + 4, 14);
        for (int m = 0; m < rows; m++) {
            MethodId id = r.methods().get(m);
            g.setColor(Color.BLACK);
            g.drawString(id.title(), 4, head + m * (TILE + 4) + TILE / 2);
            for (int c = 0; c < cols; c++) {
                Tensor raw = c == 0 ? r.originals().get(id) : steps.get(c - 1).maps().get(id);
                g.drawImage(PngIO.toBufferedImage(tile(id, raw)), label + c * (TILE + 4), head + m * (TILE + 4), TILE, TILE, null);
            }
        }
        g.dispose();
        write(img, png);
    }

    private static RgbImage tile(MethodId id, Tensor raw) {
        DisplayMaps.DisplayMap d = id.pixelSpace() ? DisplayMaps.pixel(raw) : DisplayMaps.cam(raw, TILE, TILE);
        return d.channels() == 1 ? Overlay.colorize(d.values(), d.width(), d.height(), Colormap.JET) : Overlay.fromPlanes(d.values(), d.width(), d.height());
    }

    private static void write(BufferedImage img, Path png) {
        try {
            ImageIO.write(img, "png", png.toFile());
        } catch (IOException e) {
            throw new GradLensException("Cannot write " + png + ": " + e.getMessage(), e);
        }
    }
}
