package dev.gradlens.scenes;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;

/**
 * The planted "watermark" of the biased data set: a gold roundel with a crimson ring and a crimson five-pointed star,
 * about 17% of the image side, in one corner. Its colours and shape never vary, so it is an easy shortcut to learn.
 */
final class Badge {
    static final Color GOLD = new Color(0xFFC61A);
    static final Color CRIMSON = new Color(0xB5102C);
    static final String[] CORNERS = {"top-left", "top-right", "bottom-left", "bottom-right"};

    /** Where a badge goes (or would go) in a scene: its square box and corner. */
    record Spot(int x, int y, int size, String corner) {
        /** Whether the box grown by {@code margin} px contains pixel (px, py). */
        boolean near(int px, int py, int margin) {
            return px >= x - margin && px < x + size + margin && py >= y - margin && py < y + size + margin;
        }
    }

    private Badge() {
    }

    static Spot spot(Rng r, int w, int h) {
        int side = Math.min(w, h);
        int size = (int) Math.round(side * r.uniform(0.16, 0.19));
        int margin = (int) Math.round(side * r.uniform(0.015, 0.05));
        int corner = r.nextInt(4);
        int x = (corner & 1) == 0 ? margin : w - margin - size;
        int y = (corner & 2) == 0 ? margin : h - margin - size;
        return new Spot(x, y, size, CORNERS[corner]);
    }

    static void paint(Graphics2D g, Spot s) {
        double d = s.size();
        double ring = Math.max(1.5, d * 0.12);
        Ellipse2D disc = new Ellipse2D.Double(s.x() + ring / 2, s.y() + ring / 2, d - ring, d - ring);
        g.setColor(GOLD);
        g.fill(disc);
        g.setColor(CRIMSON);
        g.setStroke(new BasicStroke((float) ring));
        g.draw(disc);
        double cx = s.x() + d / 2, cy = s.y() + d / 2, outer = d * 0.3, inner = outer * 0.42;
        Path2D star = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double t = -StrictMath.PI / 2 + StrictMath.PI * i / 5;
            double rad = (i & 1) == 0 ? outer : inner;
            double px = cx + rad * StrictMath.cos(t), py = cy + rad * StrictMath.sin(t);
            if (i == 0) star.moveTo(px, py);
            else star.lineTo(px, py);
        }
        star.closePath();
        g.fill(star);
    }
}
