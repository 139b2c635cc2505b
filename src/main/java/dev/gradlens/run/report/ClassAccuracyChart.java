package dev.gradlens.run.report;

import dev.gradlens.run.browse.ClassAccuracy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Per-class accuracy as horizontal bars (one row per class, 0–100 % axis, the run's overall
 * accuracy as a dashed line), drawn with AWT on an offscreen image: headless-safe.
 */
public final class ClassAccuracyChart {
    static final Color BAR = new Color(0x3b, 0x6e, 0xa8);
    static final Color INK = new Color(0x22, 0x26, 0x2e);
    static final Color GRID = new Color(0xdd, 0xdf, 0xe4);
    static final int ROW = 22;

    private ClassAccuracyChart() {
    }

    /** {@code overall} NaN: no overall line. At most {@code maxRows} classes (the worst first when cut). */
    public static BufferedImage render(List<ClassAccuracy> classes, double overall) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int labelW = 40;
        for (ClassAccuracy c : classes) labelW = Math.max(labelW, fm.stringWidth(shorten(c.label())));
        pg.dispose();
        int plotW = 420, left = labelW + 16, top = 28, right = 110;
        int w = left + plotW + right, h = top + Math.max(1, classes.size()) * ROW + 30;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(font);
        int bottom = top + classes.size() * ROW;
        for (int pct = 0; pct <= 100; pct += 25) {
            int x = left + pct * plotW / 100;
            g.setColor(GRID);
            g.drawLine(x, top - 4, x, bottom);
            g.setColor(INK);
            String t = pct + " %";
            g.drawString(t, x - fm.stringWidth(t) / 2, bottom + 16);
        }
        for (int i = 0; i < classes.size(); i++) {
            ClassAccuracy c = classes.get(i);
            int y = top + i * ROW;
            double a = c.accuracy();
            int bw = Double.isNaN(a) ? 0 : (int) Math.round(a * plotW);
            g.setColor(BAR);
            g.fillRect(left, y + 3, bw, ROW - 6);
            g.setColor(INK);
            String label = shorten(c.label());
            g.drawString(label, left - 8 - fm.stringWidth(label), y + ROW / 2 + fm.getAscent() / 2 - 1);
            g.drawString(String.format(Locale.ROOT, "%.0f %% (%d/%d)", 100 * a, c.correct(), c.total()), left + plotW + 8,
                    y + ROW / 2 + fm.getAscent() / 2 - 1);
        }
        if (!Double.isNaN(overall)) {
            int x = left + (int) Math.round(overall * plotW);
            g.setColor(new Color(0xc0, 0x39, 0x2b));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            g.drawLine(x, top - 6, x, bottom);
            String t = String.format(Locale.ROOT, "all: %.1f %%", 100 * overall);
            g.drawString(t, Math.min(x + 4, w - fm.stringWidth(t) - 2), top - 10);
        }
        g.dispose();
        return img;
    }

    static String shorten(String s) {
        return s.length() <= 28 ? s : s.substring(0, 27) + "…";
    }
}
