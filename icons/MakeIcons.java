import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint.CycleMethod;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the GradLens application icon: a magnifier over a Grad-CAM-like heat map (viridis colours,
 * hot spot under the lens, the map outside the lens dimmed so the lens "reveals" it).
 *
 * <p>One description of the drawing, two outputs: {@code gradlens.svg} (the scalable source, for
 * desktop environments and documentation) and PNGs rendered with Java2D at each size (ImageMagick 6's
 * built-in SVG renderer draws no gradients, so the PNGs are not rasterised from the SVG file).
 * Coordinates are in a 256 x 256 design space.
 *
 * <p>Run from the repository root: {@code java icons/MakeIcons.java icons} (or {@code icons/make-icons.sh}).
 */
public final class MakeIcons {

    static final double S = 256;
    /** Tile: rounded square with a margin, as desktop icon themes expect. */
    static final double TILE_X = 12, TILE_W = 232, TILE_R = 52;
    /** Lens centre and radius (ring centre line) and ring width. */
    static final double LX = 108, LY = 106, LR = 58, RING = 14;
    /** Handle: from just outside the ring, at 45 degrees, to the lower right. */
    static final double HX1 = LX + (LR + RING / 2 - 2) * Math.sqrt(0.5), HY1 = LY + (LR + RING / 2 - 2) * Math.sqrt(0.5);
    static final double HX2 = 198, HY2 = 196, HANDLE_W = 26;
    /** Grip: the darker outer part of the handle. */
    static final double GX1 = HX1 + (HX2 - HX1) * 0.38, GY1 = HY1 + (HY2 - HY1) * 0.38;

    /** Viridis, sampled: hot (yellow) at the centre, cool (violet) at the rim. */
    static final float[] HEAT_STOPS = {0f, 0.18f, 0.4f, 0.66f, 1f};
    static final String[] HEAT_COLOURS = {"#fde725", "#7ad151", "#22a884", "#2a788e", "#3b2f6b"};
    /** Heat-map centre (slightly above-left of the lens centre) and radius outside / inside the lens. */
    static final double HCX = 100, HCY = 96, H_OUT = 175, H_IN = 100;
    /** Cells per side of the coarse map outside the lens. */
    static final int GRID = 8;
    static final double CELL = TILE_W / GRID;

    /** Colour of a coarse cell: the smooth map sampled at the cell centre. */
    static String cellColour(int row, int col) {
        double x = TILE_X + (col + 0.5) * CELL, y = TILE_X + (row + 0.5) * CELL;
        return ramp(Math.hypot(x - HCX, y - HCY) / H_OUT);
    }

    /** The heat ramp at t in [0, 1], interpolated between the stops, as "#rrggbb". */
    static String ramp(double t) {
        t = Math.max(0, Math.min(1, t));
        int k = 0;
        while (k < HEAT_STOPS.length - 2 && t > HEAT_STOPS[k + 1]) k++;
        double u = (t - HEAT_STOPS[k]) / (HEAT_STOPS[k + 1] - HEAT_STOPS[k]);
        int a = Integer.parseInt(HEAT_COLOURS[k].substring(1), 16), b = Integer.parseInt(HEAT_COLOURS[k + 1].substring(1), 16);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double ca = (a >> shift) & 255, cb = (b >> shift) & 255;
            rgb |= (int) Math.round(ca + (cb - ca) * u) << shift;
        }
        return String.format("#%06x", rgb);
    }

    /** Veil over the map outside the lens. */
    static final String VEIL = "#0d1326";
    static final float VEIL_ALPHA = 0.3f;
    static final String RING_COLOUR = "#f4f6fb";
    static final String GRIP_COLOUR = "#c9d2e3";
    static final String GLINT = "#ffffff";
    static final float GLINT_ALPHA = 0.55f;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "icons");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("gradlens.svg"), svg(), StandardCharsets.UTF_8);
        write(render(256), dir.resolve("gradlens.png"));
        for (int size : new int[] {48, 128}) {
            write(render(size), dir.resolve("gradlens-" + size + ".png"));
        }
        System.out.println("wrote " + dir.resolve("gradlens.svg") + ", gradlens.png (256) and gradlens-48/-128.png");
    }

    static void write(BufferedImage img, Path p) throws IOException {
        if (!ImageIO.write(img, "png", new File(p.toString()))) throw new IOException("no PNG writer");
    }

    // ---------------------------------------------------------------- Java2D

    static BufferedImage render(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / S, size / S);

        Shape tile = new RoundRectangle2D.Double(TILE_X, TILE_X, TILE_W, TILE_W, 2 * TILE_R, 2 * TILE_R);
        Shape lensDisc = new Ellipse2D.Double(LX - LR, LY - LR, 2 * LR, 2 * LR);

        // coarse heat map (as a CAM is: a few cells per side) over the tile, then the veil outside the lens
        Shape saved = g.getClip();
        g.clip(tile);
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                g.setColor(colour(cellColour(i, j), 1f));
                // cells overlap by a hair so antialiased edges leave no seams
                g.fill(new java.awt.geom.Rectangle2D.Double(TILE_X + j * CELL, TILE_X + i * CELL, CELL + 0.5, CELL + 0.5));
            }
        }
        g.setClip(saved);
        java.awt.geom.Area outside = new java.awt.geom.Area(tile);
        outside.subtract(new java.awt.geom.Area(lensDisc));
        g.setColor(colour(VEIL, VEIL_ALPHA));
        g.fill(outside);

        // inside the lens: the same map, smooth and magnified (a wider hot spot), undimmed
        g.clip(lensDisc);
        g.setPaint(heatMagnified());
        g.fill(lensDisc);
        g.setClip(saved);

        // handle: light shaft, darker grip
        g.setColor(colour(RING_COLOUR, 1f));
        g.setStroke(new BasicStroke((float) HANDLE_W, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(HX1, HY1, HX2, HY2));
        g.setColor(colour(GRIP_COLOUR, 1f));
        g.draw(new Line2D.Double(GX1, GY1, HX2, HY2));

        // ring
        g.setColor(colour(RING_COLOUR, 1f));
        g.setStroke(new BasicStroke((float) RING));
        g.draw(lensDisc);

        // glint on the glass, upper left
        g.setColor(colour(GLINT, GLINT_ALPHA));
        g.setStroke(new BasicStroke(6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double gr = LR - 16;
        g.draw(new Arc2D.Double(LX - gr, LY - gr, 2 * gr, 2 * gr, 110, 55, Arc2D.OPEN));
        g.dispose();
        return img;
    }

    /** The map inside the lens: centred on the lens (magnification about the lens centre) and wider. */
    static RadialGradientPaint heatMagnified() {
        Color[] c = new Color[HEAT_COLOURS.length];
        for (int i = 0; i < c.length; i++) c[i] = colour(HEAT_COLOURS[i], 1f);
        Point2D centre = magnifiedHeatCentre();
        return new RadialGradientPaint(centre, (float) H_IN, HEAT_STOPS, c, CycleMethod.NO_CYCLE);
    }

    static Point2D magnifiedHeatCentre() {
        double m = 1.6; // the hot spot moves away from the lens centre as it is magnified
        return new Point2D.Double(LX + (HCX - LX) * m, LY + (HCY - LY) * m);
    }

    static Color colour(String hex, float alpha) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return new Color((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, Math.round(alpha * 255));
    }

    // ---------------------------------------------------------------- SVG

    static String svg() {
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<!-- GradLens application icon. Generated by icons/MakeIcons.java (edit that, then run icons/make-icons.sh). -->\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\" viewBox=\"0 0 256 256\">\n");
        s.append("  <title>GradLens</title>\n");
        s.append("  <defs>\n");
        Point2D mc = magnifiedHeatCentre();
        s.append(radial("heatLens", mc.getX(), mc.getY(), H_IN));
        s.append(f("    <clipPath id=\"tile\"><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"%s\"/></clipPath>\n",
                TILE_X, TILE_X, TILE_W, TILE_W, TILE_R));
        s.append(f("    <mask id=\"outside\"><rect width=\"256\" height=\"256\" fill=\"#fff\"/>"
                + "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"#000\"/></mask>\n", LX, LY, LR));
        s.append("  </defs>\n");
        String tile = f("x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"%s\"", TILE_X, TILE_X, TILE_W, TILE_W, TILE_R);
        s.append("  <g clip-path=\"url(#tile)\" shape-rendering=\"crispEdges\">\n");
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                s.append(f("    <rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>\n",
                        TILE_X + j * CELL, TILE_X + i * CELL, CELL + 0.5, CELL + 0.5, cellColour(i, j)));
            }
        }
        s.append("  </g>\n");
        s.append("  <rect ").append(tile).append(f(" fill=\"%s\" fill-opacity=\"%s\" mask=\"url(#outside)\"/>\n", VEIL, VEIL_ALPHA));
        s.append(f("  <circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"url(#heatLens)\"/>\n", LX, LY, LR));
        s.append(f("  <line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\" stroke-linecap=\"round\"/>\n",
                HX1, HY1, HX2, HY2, RING_COLOUR, HANDLE_W));
        s.append(f("  <line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\" stroke-linecap=\"round\"/>\n",
                GX1, GY1, HX2, HY2, GRIP_COLOUR, HANDLE_W));
        s.append(f("  <circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"/>\n",
                LX, LY, LR, RING_COLOUR, RING));
        // glint: arc from 110 to 165 degrees (counter-clockwise, y up as in Arc2D)
        double gr = LR - 16;
        double a0 = Math.toRadians(110), a1 = Math.toRadians(165);
        s.append(f("  <path d=\"M %s %s A %s %s 0 0 0 %s %s\" fill=\"none\" stroke=\"%s\" stroke-opacity=\"%s\""
                + " stroke-width=\"6\" stroke-linecap=\"round\"/>\n",
                LX + gr * Math.cos(a0), LY - gr * Math.sin(a0), gr, gr,
                LX + gr * Math.cos(a1), LY - gr * Math.sin(a1), GLINT, GLINT_ALPHA));
        s.append("</svg>\n");
        return s.toString();
    }

    static String radial(String id, double cx, double cy, double r) {
        StringBuilder s = new StringBuilder();
        s.append(f("    <radialGradient id=\"%s\" gradientUnits=\"userSpaceOnUse\" cx=\"%s\" cy=\"%s\" r=\"%s\">\n", id, cx, cy, r));
        for (int i = 0; i < HEAT_STOPS.length; i++) {
            s.append(f("      <stop offset=\"%s\" stop-color=\"%s\"/>\n", (double) HEAT_STOPS[i], HEAT_COLOURS[i]));
        }
        s.append("    </radialGradient>\n");
        return s.toString();
    }

    /** Formats numbers compactly (at most 2 decimals, no trailing zeros); strings pass through. */
    static String f(String fmt, Object... args) {
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Number n) {
                String v = String.format(Locale.ROOT, "%.2f", n.doubleValue());
                v = v.contains(".") ? v.replaceAll("0+$", "").replaceAll("\\.$", "") : v;
                out[i] = v;
            } else {
                out[i] = args[i];
            }
        }
        return String.format(Locale.ROOT, fmt, out);
    }
}
