package dev.gradlens.audit;

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
 * Grouped bar charts with 95 % interval whiskers, drawn with java.awt (no JavaFX: the CLI runs
 * headless). One group of bars per category, one bar per series; an optional reference mark per
 * category and series (e.g. the region's area, drawn as a dashed line across the bar).
 */
public final class BarChart {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private BarChart() {
    }

    /**
     * @param values values[c][s] in [0, 1] (NaN = no bar), lo/hi the interval ends, reference
     *               the reference mark per bar or null
     */
    public static BufferedImage draw(String title, List<String> categories, List<String> series, double[][] values, double[][] lo,
                                     double[][] hi, double[][] reference, String referenceLabel, String yLabel) {
        int nc = categories.size(), ns = Math.max(1, series.size());
        int barW = 18, gap = 16, left = 64, right = 20, top = 48, bottom = 90;
        int legendH = 18 * ((ns + 3) / 4);
        int plotW = Math.max(Math.max(520, 7 * title.length() + 20), nc * (ns * barW + gap) + gap), plotH = 260;
        int width = left + plotW + right, height = top + plotH + bottom + legendH;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        int y0 = top + plotH;
        for (int t = 0; t <= 10; t += 2) {
            int y = y0 - plotH * t / 10;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String s = (t * 10) + " %";
            g.drawString(s, left - 6 - fm.stringWidth(s), y + 4);
        }
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + plotH / 2 + fm.stringWidth(yLabel) / 2), 14);
        g.rotate(Math.PI / 2);
        for (int c = 0; c < nc; c++) {
            int gx = left + gap + c * (ns * barW + gap);
            for (int s = 0; s < ns; s++) {
                double v = values[c][s];
                int x = gx + s * barW;
                if (!Double.isNaN(v)) {
                    int h = (int) Math.round(plotH * clamp(v));
                    g.setColor(PALETTE[s % PALETTE.length]);
                    g.fillRect(x + 1, y0 - h, barW - 2, h);
                    if (!Double.isNaN(lo[c][s]) && !Double.isNaN(hi[c][s])) {
                        int yl = y0 - (int) Math.round(plotH * clamp(lo[c][s])), yh = y0 - (int) Math.round(plotH * clamp(hi[c][s]));
                        int cx = x + barW / 2;
                        g.setColor(Color.BLACK);
                        g.setStroke(new BasicStroke(1.2f));
                        g.drawLine(cx, yl, cx, yh);
                        g.drawLine(cx - 4, yl, cx + 4, yl);
                        g.drawLine(cx - 4, yh, cx + 4, yh);
                    }
                } else {
                    g.setColor(Color.GRAY);
                    g.drawString("–", x + barW / 2 - 3, y0 - 4);
                }
                if (reference != null && !Double.isNaN(reference[c][s])) {
                    int yr = y0 - (int) Math.round(plotH * clamp(reference[c][s]));
                    g.setColor(new Color(0x333333));
                    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 2f}, 0f));
                    g.drawLine(x - 1, yr, x + barW, yr);
                    g.setStroke(new BasicStroke(1f));
                }
            }
            g.setColor(Color.BLACK);
            String label = categories.get(c);
            g.rotate(-Math.PI / 4, gx + ns * barW / 2.0, y0 + 12);
            g.drawString(label, gx + ns * barW / 2 - fm.stringWidth(label), y0 + 16);
            g.rotate(Math.PI / 4, gx + ns * barW / 2.0, y0 + 12);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, y0, left + plotW, y0);
        int ly = top + plotH + bottom - 10;
        for (int s = 0; s < series.size(); s++) {
            int lx = left + (s % 4) * (plotW / 4), yy = ly + 18 * (s / 4);
            String name = series.get(s);
            while (name.length() > 3 && fm.stringWidth(name) > plotW / 4 - 22) name = name.substring(0, name.length() - 2) + "…";
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(lx, yy - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(name, lx + 16, yy);
        }
        String note = "whiskers: 95 % interval" + (reference != null ? "; dashed: " + referenceLabel : "");
        g.setColor(Color.DARK_GRAY);
        g.drawString(note, left, height - 6);
        g.dispose();
        return img;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }
}
