package dev.gradlens.run.report;

import dev.gradlens.imaging.Colormap;
import dev.gradlens.run.browse.ConfusionMatrix;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The confusion matrix as a picture: rows are true classes, columns predicted ones (plus "other"
 * when predictions fall outside the true classes). A cell's colour is its share of the row
 * (row-normalised, so a small class reads as clearly as a large one), its text the count.
 */
public final class ConfusionMatrixPicture {
    static final int MAX_CELL = 44;

    private ConfusionMatrixPicture() {
    }

    /** The cell size used for a matrix of n columns (smaller cells for many classes). */
    public static int cellSize(int columns) {
        return Math.max(10, Math.min(MAX_CELL, 720 / Math.max(1, columns)));
    }

    /** The picture and where its cells are: cell (row, column) has its top-left corner at (left + column·cell, top + row·cell). */
    public record Drawn(BufferedImage image, int left, int top, int cell) {
    }

    public static BufferedImage render(ConfusionMatrix m) {
        return draw(m).image();
    }

    public static Drawn draw(ConfusionMatrix m) {
        int n = m.size();
        int cols = n + (m.hasOther() ? 1 : 0);
        int cell = cellSize(cols);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int labelW = fm.stringWidth("other");
        for (String l : m.labels()) labelW = Math.max(labelW, fm.stringWidth(ClassAccuracyChart.shorten(l)));
        pg.dispose();
        int left = labelW + 30, top = labelW + 30;
        int w = left + cols * cell + 12, h = top + Math.max(1, n) * cell + 12;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(font);
        g.setColor(ClassAccuracyChart.INK);
        g.drawString("true ↓  predicted →", 4, fm.getAscent() + 2);
        for (int r = 0; r < n; r++) {
            long rowTotal = 0;
            for (int c = 0; c <= n; c++) rowTotal += m.count(r, c);
            for (int c = 0; c < cols; c++) {
                long v = m.count(r, c);
                double share = rowTotal == 0 ? 0 : (double) v / rowTotal;
                int x = left + c * cell, y = top + r * cell;
                Color fill = new Color(Colormap.VIRIDIS.argb((float) share) & 0xFFFFFF);
                g.setColor(fill);
                g.fillRect(x, y, cell - 1, cell - 1);
                if (cell >= 22 && v > 0) {
                    String t = Long.toString(v);
                    g.setColor(share > 0.55 ? Color.BLACK : Color.WHITE);
                    g.drawString(t, x + (cell - fm.stringWidth(t)) / 2, y + (cell + fm.getAscent()) / 2 - 2);
                }
            }
            g.setColor(ClassAccuracyChart.INK);
            String l = ClassAccuracyChart.shorten(m.labels().get(r));
            g.drawString(l, left - 6 - fm.stringWidth(l), top + r * cell + (cell + fm.getAscent()) / 2 - 2);
        }
        AffineTransform base = g.getTransform();
        for (int c = 0; c < cols; c++) {
            String l = c < n ? ClassAccuracyChart.shorten(m.labels().get(c)) : "other";
            int x = left + c * cell + (cell + fm.getAscent()) / 2 - 2;
            g.setTransform(base);
            g.rotate(-Math.PI / 2, x, top - 6);
            g.drawString(l, x, top - 6);
        }
        g.setTransform(base);
        g.dispose();
        return new Drawn(img, left, top, cell);
    }
}
