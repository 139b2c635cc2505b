package dev.gradlens.app.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays panels out side by side on a white figure with a title over each panel and the caption
 * (model, class, probability, layer, methods, counterfactual) underneath. Pure AWT on an offscreen
 * image: safe on any thread and in headless mode.
 */
public final class FigureRenderer {
    /** One panel of the figure. */
    public record Tile(ArgbPicture picture, String title, String caption) {
    }

    private static final int MARGIN = 18;
    private static final int GAP = 14;
    private static final Color INK = new Color(0x22, 0x26, 0x2e);
    private static final Color MUTED = new Color(0x5a, 0x61, 0x6e);

    private FigureRenderer() {
    }

    public static BufferedImage render(List<Tile> tiles, List<String> captionLines) {
        if (tiles.isEmpty()) throw new IllegalArgumentException("no panels to draw");
        int tileH = 0;
        for (Tile t : tiles) tileH = Math.max(tileH, t.picture().height());
        tileH = Math.max(224, Math.min(384, tileH));
        int[] widths = new int[tiles.size()];
        int total = 2 * MARGIN + GAP * (tiles.size() - 1);
        for (int i = 0; i < tiles.size(); i++) {
            ArgbPicture p = tiles.get(i).picture();
            widths[i] = Math.max(1, Math.round((float) p.width() * tileH / p.height()));
            total += widths[i];
        }
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        Font captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font footFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics tm = pg.getFontMetrics(titleFont), cm = pg.getFontMetrics(captionFont), fm = pg.getFontMetrics(footFont);
        int captionRows = 1;
        List<List<String>> wrapped = new ArrayList<>();
        for (int i = 0; i < tiles.size(); i++) {
            List<String> rows = wrap(tiles.get(i).caption() == null ? "" : tiles.get(i).caption(), cm, widths[i], 3);
            wrapped.add(rows);
            captionRows = Math.max(captionRows, rows.size());
        }
        List<String> foot = new ArrayList<>();
        for (String line : captionLines) foot.addAll(wrap(line, fm, total - 2 * MARGIN, 4));
        pg.dispose();

        int titleH = tm.getHeight() + 6;
        int capH = captionRows * cm.getHeight() + 6;
        int footH = foot.size() * fm.getHeight() + (foot.isEmpty() ? 0 : 10);
        int height = MARGIN + titleH + tileH + capH + footH + MARGIN;

        BufferedImage img = new BufferedImage(total, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, total, height);
        int x = MARGIN;
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int y = MARGIN;
            g.setFont(titleFont);
            g.setColor(INK);
            g.drawString(fit(t.title(), tm, widths[i]), x, y + tm.getAscent());
            y += titleH;
            g.drawImage(toImage(t.picture()), x, y, widths[i], tileH, null);
            y += tileH + 4;
            g.setFont(captionFont);
            g.setColor(MUTED);
            for (String row : wrapped.get(i)) {
                g.drawString(row, x, y + cm.getAscent());
                y += cm.getHeight();
            }
            x += widths[i] + GAP;
        }
        int y = MARGIN + titleH + tileH + capH + 6;
        g.setFont(footFont);
        g.setColor(INK);
        for (String row : foot) {
            g.drawString(row, MARGIN, y + fm.getAscent());
            y += fm.getHeight();
        }
        g.dispose();
        return img;
    }

    public static BufferedImage toImage(ArgbPicture p) {
        BufferedImage img = new BufferedImage(p.width(), p.height(), BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, p.width(), p.height(), p.argb(), 0, p.width());
        return img;
    }

    public static ArgbPicture toPicture(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        return new ArgbPicture(w, h, img.getRGB(0, 0, w, h, null, 0, w));
    }

    private static String fit(String s, FontMetrics m, int width) {
        if (s == null) return "";
        if (m.stringWidth(s) <= width) return s;
        String t = s;
        while (t.length() > 1 && m.stringWidth(t + "…") > width) t = t.substring(0, t.length() - 1);
        return t + "…";
    }

    static List<String> wrap(String text, FontMetrics m, int width, int maxRows) {
        List<String> rows = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = row.length() == 0 ? word : row + " " + word;
            if (m.stringWidth(candidate) <= width || row.length() == 0) {
                row.setLength(0);
                row.append(candidate);
            } else {
                rows.add(row.toString());
                row.setLength(0);
                row.append(word);
            }
        }
        if (row.length() > 0) rows.add(row.toString());
        if (rows.size() > maxRows) {
            List<String> cut = new ArrayList<>(rows.subList(0, maxRows));
            cut.set(maxRows - 1, fit(cut.get(maxRows - 1) + " " + rows.get(maxRows), m, width));
            return cut;
        }
        for (int i = 0; i < rows.size(); i++) rows.set(i, fit(rows.get(i), m, width));
        return rows;
    }
}
