package dev.gradlens.scenes;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Procedural backgrounds (gradients, value noise, stripes, checks, dots, landscapes) and clutter shapes. */
final class Backgrounds {
    static final String[] KINDS = {"solid", "linear-gradient", "radial-gradient", "noise", "stripes", "checker", "dots", "landscape"};

    private Backgrounds() {
    }

    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    /** Paints a random background with clutter into {@code img}; returns its kind. */
    static String paint(BufferedImage img, Rng r) {
        int w = img.getWidth(), h = img.getHeight();
        String kind = KINDS[r.nextInt(KINDS.length)];
        Graphics2D g = img.createGraphics();
        hints(g);
        int c1 = randomColour(r), c2 = randomColour(r);
        switch (kind) {
            case "solid" -> fill(g, c1, w, h);
            case "linear-gradient" -> {
                double a = r.uniform(0, 2 * StrictMath.PI);
                float cx = w / 2f, cy = h / 2f, len = (float) (0.5 * Math.max(w, h) * r.uniform(0.7, 1.4));
                Point2D p0 = new Point2D.Float(cx - (float) StrictMath.cos(a) * len, cy - (float) StrictMath.sin(a) * len);
                Point2D p1 = new Point2D.Float(cx + (float) StrictMath.cos(a) * len, cy + (float) StrictMath.sin(a) * len);
                int c3 = randomColour(r);
                g.setPaint(new LinearGradientPaint(p0, p1, new float[] {0f, 0.5f, 1f},
                        new Color[] {new Color(c1), new Color(r.chance(0.5) ? c3 : mixColour(c1, c2, 0.5)), new Color(c2)},
                        MultipleGradientPaint.CycleMethod.NO_CYCLE));
                g.fillRect(0, 0, w, h);
            }
            case "radial-gradient" -> {
                Point2D c = new Point2D.Double(r.uniform(0, w), r.uniform(0, h));
                float rad = (float) (Math.max(w, h) * r.uniform(0.4, 1.2));
                g.setPaint(new RadialGradientPaint(c, rad, new float[] {0f, 1f}, new Color[] {new Color(c1), new Color(c2)},
                        MultipleGradientPaint.CycleMethod.REFLECT));
                g.fillRect(0, 0, w, h);
            }
            case "noise" -> valueNoise(img, r, c1, c2);
            case "stripes" -> {
                fill(g, c1, w, h);
                AffineTransform t = g.getTransform();
                g.rotate(r.uniform(0, StrictMath.PI), w / 2.0, h / 2.0);
                g.setColor(new Color(c2));
                double period = r.uniform(6, 28) * w / 128.0, width = period * r.uniform(0.25, 0.6);
                for (double x = -w; x < 2 * w; x += period) g.fill(new Rectangle2D.Double(x, -h, width, 3 * h));
                g.setTransform(t);
            }
            case "checker" -> {
                fill(g, c1, w, h);
                g.setColor(new Color(c2));
                double cell = r.uniform(8, 32) * w / 128.0;
                AffineTransform t = g.getTransform();
                if (r.chance(0.5)) g.rotate(r.uniform(0, StrictMath.PI / 2), w / 2.0, h / 2.0);
                int n = (int) (2 * Math.max(w, h) / cell) + 2;
                for (int i = -n; i < n; i++) {
                    for (int j = -n; j < n; j++) {
                        if (((i + j) & 1) == 0) g.fill(new Rectangle2D.Double(i * cell, j * cell, cell, cell));
                    }
                }
                g.setTransform(t);
            }
            case "dots" -> {
                fill(g, c1, w, h);
                g.setColor(new Color(c2));
                double step = r.uniform(8, 22) * w / 128.0, rad = step * r.uniform(0.15, 0.4);
                double off = r.uniform(0, step);
                for (double y = -step + off; y < h + step; y += step) {
                    for (double x = -step + off; x < w + step; x += step) {
                        g.fill(new Ellipse2D.Double(x - rad, y - rad, 2 * rad, 2 * rad));
                    }
                }
            }
            default -> { // landscape: sky gradient over a ground band
                int sky1 = r.hsv(0.52, 0.66, 0.2, 0.7, 0.7, 1.0), sky2 = r.hsv(0.5, 0.7, 0.05, 0.4, 0.85, 1.0);
                g.setPaint(new LinearGradientPaint(new Point2D.Float(0, 0), new Point2D.Float(0, h),
                        new float[] {0f, 1f}, new Color[] {new Color(sky1), new Color(sky2)}));
                g.fillRect(0, 0, w, h);
                int ground = r.hsv(0.05, 0.4, 0.3, 0.8, 0.3, 0.8);
                double horizon = r.uniform(0.45, 0.85) * h;
                Path2D hill = new Path2D.Double();
                hill.moveTo(0, h);
                int steps = 8;
                double phase = r.uniform(0, 6.28), amp = r.uniform(0, 0.08) * h, freq = r.uniform(0.5, 2.5);
                for (int i = 0; i <= steps; i++) {
                    double x = w * i / (double) steps;
                    hill.lineTo(x, horizon + amp * StrictMath.sin(phase + freq * 6.283 * i / steps));
                }
                hill.lineTo(w, h);
                hill.closePath();
                g.setColor(new Color(ground));
                g.fill(hill);
            }
        }
        int clutter = r.range(0, 9);
        for (int i = 0; i < clutter; i++) {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) r.uniform(0.35, 1.0)));
            drawShape(g, r, w, h, 4 * w / 128.0, 40 * w / 128.0, randomColour(r));
        }
        g.dispose();
        return kind;
    }

    static void fill(Graphics2D g, int rgb, int w, int h) {
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, w, h);
    }

    static int randomColour(Rng r) {
        double v = r.nextDouble();
        if (v < 0.15) return r.hsv(0, 1, 0, 0.1, 0.15, 1.0);       // greys
        if (v < 0.55) return r.hsv(0, 1, 0.1, 0.45, 0.6, 1.0);     // pastels
        return r.hsv(0, 1, 0.3, 1.0, 0.25, 1.0);                   // anything
    }

    static int mixColour(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
        int bl = (int) Math.round((a & 255) * (1 - t) + (b & 255) * t);
        return 0xFF000000 | (r << 16) | (g << 8) | bl;
    }

    /** A random clutter shape: ellipse, rectangle, rounded rectangle, polygon, line, arc or star. */
    static Shape randomShape(Rng r, double cx, double cy, double size) {
        double a = r.uniform(0, StrictMath.PI);
        double sx = size * r.uniform(0.4, 1.0), sy = size * r.uniform(0.4, 1.0);
        Shape s;
        switch (r.nextInt(7)) {
            case 0 -> s = new Ellipse2D.Double(-sx / 2, -sy / 2, sx, sy);
            case 1 -> s = new Rectangle2D.Double(-sx / 2, -sy / 2, sx, sy);
            case 2 -> s = new RoundRectangle2D.Double(-sx / 2, -sy / 2, sx, sy, sx / 3, sy / 3);
            case 3 -> {
                Path2D p = new Path2D.Double();
                int n = r.range(3, 6);
                for (int i = 0; i < n; i++) {
                    double t = 2 * StrictMath.PI * i / n + r.uniform(-0.3, 0.3);
                    double rad = size / 2 * r.uniform(0.5, 1.0);
                    if (i == 0) p.moveTo(rad * StrictMath.cos(t), rad * StrictMath.sin(t));
                    else p.lineTo(rad * StrictMath.cos(t), rad * StrictMath.sin(t));
                }
                p.closePath();
                s = p;
            }
            case 4 -> s = new BasicStroke((float) (size * r.uniform(0.06, 0.2)), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                    .createStrokedShape(new Line2D.Double(-sx / 2, 0, sx / 2, 0));
            case 5 -> s = new BasicStroke((float) (size * r.uniform(0.06, 0.18)))
                    .createStrokedShape(new Arc2D.Double(-sx / 2, -sy / 2, sx, sy, r.uniform(0, 360), r.uniform(90, 300), Arc2D.OPEN));
            default -> {
                Path2D p = new Path2D.Double();
                int n = r.range(4, 8);
                double outer = size / 2, inner = outer * r.uniform(0.3, 0.6);
                for (int i = 0; i < 2 * n; i++) {
                    double t = StrictMath.PI * i / n;
                    double rad = (i & 1) == 0 ? outer : inner;
                    if (i == 0) p.moveTo(rad * StrictMath.cos(t), rad * StrictMath.sin(t));
                    else p.lineTo(rad * StrictMath.cos(t), rad * StrictMath.sin(t));
                }
                p.closePath();
                s = p;
            }
        }
        AffineTransform t = new AffineTransform();
        t.translate(cx, cy);
        t.rotate(a);
        return t.createTransformedShape(s);
    }

    static void drawShape(Graphics2D g, Rng r, int w, int h, double minSize, double maxSize, int rgb) {
        Shape s = randomShape(r, r.uniform(0, w), r.uniform(0, h), r.uniform(minSize, maxSize));
        g.setColor(new Color(rgb));
        g.fill(s);
    }

    /** Two-colour fractal value noise (three octaves, smoothstep interpolation). */
    static void valueNoise(BufferedImage img, Rng r, int c1, int c2) {
        int w = img.getWidth(), h = img.getHeight();
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        double[] acc = new double[w * h];
        double amp = 1, total = 0;
        int cells = r.range(2, 6);
        for (int oct = 0; oct < 3; oct++) {
            int n = cells << oct;
            double[] grid = new double[(n + 1) * (n + 1)];
            for (int k = 0; k < grid.length; k++) grid[k] = r.nextDouble();
            for (int y = 0; y < h; y++) {
                double gy = (y + 0.5) * n / h;
                int iy = Math.min((int) gy, n - 1);
                double fy = smooth(gy - iy);
                for (int x = 0; x < w; x++) {
                    double gx = (x + 0.5) * n / w;
                    int ix = Math.min((int) gx, n - 1);
                    double fx = smooth(gx - ix);
                    double a = grid[iy * (n + 1) + ix], b = grid[iy * (n + 1) + ix + 1];
                    double c = grid[(iy + 1) * (n + 1) + ix], d = grid[(iy + 1) * (n + 1) + ix + 1];
                    acc[y * w + x] += amp * ((a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy);
                }
            }
            total += amp;
            amp *= 0.5;
        }
        double contrast = r.uniform(1.0, 2.5);
        for (int i = 0; i < acc.length; i++) {
            double t = (acc[i] / total - 0.5) * contrast + 0.5;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            px[i] = mixColour(c1, c2, t);
        }
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }
}
