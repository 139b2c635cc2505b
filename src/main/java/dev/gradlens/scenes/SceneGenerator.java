package dev.gradlens.scenes;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Composes clip-art cut-outs onto procedural backgrounds and records exact ground truth (class, box, visible mask per
 * object; the badge when there is one). Deterministic: scene {@code index} of a generator with seed {@code seed} is the
 * same, byte for byte, whatever else is generated, in whatever order or thread. Three independent random streams per
 * scene (layout, badge, look) keep the rest of a scene unchanged when only the badge options change: the badge spot is
 * drawn from the badge stream and kept free of objects in every scene, badge or not.
 */
public final class SceneGenerator {
    private static final long STREAM_LAYOUT = 1, STREAM_BADGE = 2, STREAM_LOOK = 3;
    /** Every object keeps at least this fraction of its cut-out visible (occlusion and borders together). */
    static final double MIN_VISIBLE = 0.55;
    /** Every object has at least this fraction of its cut-out inside the image. */
    static final double MIN_IN_IMAGE = 0.75;
    private static final int ALPHA_IN = 128;
    private static final int OWNER_NONE = -1, OWNER_OCCLUDER = -2, OWNER_BADGE = -3;

    private final ClipArtLibrary library;
    private final SceneOptions options;
    private final long seed;
    private final List<String> allowed;

    public SceneGenerator(ClipArtLibrary library, SceneOptions options, long seed) {
        this.library = library;
        this.options = options;
        this.seed = seed;
        ClipArtClasses cat = library.classes();
        for (String c : options.classes()) cat.get(c);
        for (String c : options.exclude()) cat.get(c);
        if (options.biasClass() != null) cat.get(options.biasClass());
        List<String> a = new ArrayList<>();
        for (String c : cat.names()) {
            if ((options.classes().isEmpty() || options.classes().contains(c)) && !options.exclude().contains(c)) a.add(c);
        }
        if (a.isEmpty()) throw new IllegalArgumentException("no class left to draw (check --classes / --exclude)");
        if (options.layout() == SceneOptions.Layout.MIXED && a.size() < 2)
            throw new IllegalArgumentException("mixed scenes need at least two classes");
        this.allowed = List.copyOf(a);
        library.preload(options.split(), allowed);
    }

    public SceneOptions options() {
        return options;
    }

    public long seed() {
        return seed;
    }

    /** The classes this generator draws, in label order. */
    public List<String> allowedClasses() {
        return allowed;
    }

    private record Placed(String cls, String source, BufferedImage layer, boolean[] mask, int fullArea,
                          double cx, double cy, double side, double rotationDeg, boolean flipped) {
    }

    private record Jitter(boolean grey, double hue, double saturation, double contrast, double brightness, int silhouette) {
        static final Jitter NONE = new Jitter(false, 0, 1, 1, 1, 0);
    }

    public Scene generate(long index) {
        int w = options.size(), h = options.size(), pad = w / 2;
        Rng lay = Rng.forScene(seed, index, STREAM_LAYOUT);
        Rng badgeRng = Rng.forScene(seed, index, STREAM_BADGE);
        Rng look = Rng.forScene(seed, index, STREAM_LOOK);
        Badge.Spot spot = Badge.spot(badgeRng, w, h);
        int badgeMargin = Math.max(2, w / 40);

        List<String> wanted = chooseClasses(lay, index);
        double[] sideRange = switch (wanted.size()) {
            case 1 -> new double[] {0.40, 0.78};
            case 2 -> new double[] {0.30, 0.55};
            default -> new double[] {0.25, 0.45};
        };
        int[] owner = new int[w * h];
        java.util.Arrays.fill(owner, OWNER_NONE);
        List<Placed> placed = new ArrayList<>();
        for (String cls : wanted) {
            ClipArtLibrary.Sprite sprite = library.sprite(cls, lay.pick(library.classes().get(cls).sources(options.split())));
            double rot = lay.chance(0.6) ? lay.uniform(-30, 30) : 0;
            boolean flip = lay.chance(0.5);
            double aspect = StrictMath.exp(lay.uniform(-0.18, 0.18));
            double shear = lay.chance(0.5) ? lay.uniform(-0.15, 0.15) : 0;
            Jitter jitter = options.colourJitter() ? randomJitter(lay) : Jitter.NONE;
            BufferedImage jittered = null, jitteredSource = null;
            Placed ok = null;
            for (int attempt = 0; attempt < 120 && ok == null; attempt++) {
                double shrink = attempt < 40 ? 1 : attempt < 80 ? 0.8 : 0.6;
                double side = lay.uniform(sideRange[0], sideRange[1]) * w * shrink;
                BufferedImage level = sprite.levelFor(side);
                if (level != jitteredSource) {
                    jittered = applyJitter(level, jitter);
                    jitteredSource = level;
                }
                double s = side / Math.max(level.getWidth(), level.getHeight());
                double sa = StrictMath.sqrt(aspect);
                AffineTransform core = new AffineTransform();
                core.rotate(StrictMath.toRadians(rot));
                core.shear(shear, 0);
                core.scale((flip ? -s : s) * sa, s / sa);
                core.translate(-level.getWidth() / 2.0, -level.getHeight() / 2.0);
                java.awt.geom.Rectangle2D bounds = core.createTransformedShape(
                        new java.awt.geom.Rectangle2D.Double(0, 0, level.getWidth(), level.getHeight())).getBounds2D();
                double cx = sample(lay, bounds.getWidth(), w), cy = sample(lay, bounds.getHeight(), h);
                BufferedImage layer = new BufferedImage(w + 2 * pad, h + 2 * pad, BufferedImage.TYPE_INT_ARGB_PRE);
                Graphics2D g = layer.createGraphics();
                Backgrounds.hints(g);
                AffineTransform at = AffineTransform.getTranslateInstance(cx + pad, cy + pad);
                at.concatenate(core);
                g.drawImage(jittered, at, null);
                g.dispose();
                int[] px = ((DataBufferInt) layer.getRaster().getDataBuffer()).getData();
                int lw = w + 2 * pad, full = 0, inside = 0;
                boolean[] mask = new boolean[w * h];
                boolean hitsBadge = false;
                for (int y = 0; y < lw; y++) {
                    for (int x = 0; x < lw; x++) {
                        if ((px[y * lw + x] >>> 24) < ALPHA_IN) continue;
                        full++;
                        int ix = x - pad, iy = y - pad;
                        if (ix >= 0 && iy >= 0 && ix < w && iy < h) {
                            inside++;
                            mask[iy * w + ix] = true;
                            if (spot.near(ix, iy, badgeMargin)) hitsBadge = true;
                        }
                    }
                }
                if (full == 0 || hitsBadge || inside < MIN_IN_IMAGE * full) continue;
                int id = placed.size();
                int[] trial = owner.clone();
                for (int p = 0; p < mask.length; p++) if (mask[p]) trial[p] = id;
                if (!visibleEnough(trial, placed, id + 1, full)) continue;
                System.arraycopy(trial, 0, owner, 0, owner.length);
                ok = new Placed(cls, sprite.source(), layer, mask, full, cx, cy, side, rot, flip);
            }
            if (ok != null) placed.add(ok);
        }
        if (placed.isEmpty()) throw new IllegalStateException("could not place any object in scene " + index);

        // An occluder in front of an object now and then (never taking an object below MIN_VISIBLE).
        BufferedImage occluder = null;
        if (lay.chance(0.3)) {
            for (int attempt = 0; attempt < 8 && occluder == null; attempt++) {
                Placed target = placed.get(lay.nextInt(placed.size()));
                int[] box = MaskRle.box(target.mask(), w, h);
                double size = Math.sqrt(box[2] * box[3]) * lay.uniform(0.3, 0.6);
                Shape shape = Backgrounds.randomShape(lay, box[0] + lay.uniform(0, box[2]), box[1] + lay.uniform(0, box[3]), size);
                int colour = Backgrounds.randomColour(lay);
                BufferedImage layer = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
                Graphics2D g = layer.createGraphics();
                Backgrounds.hints(g);
                g.setColor(new Color(colour));
                g.fill(shape);
                g.dispose();
                int[] px = ((DataBufferInt) layer.getRaster().getDataBuffer()).getData();
                int[] trial = owner.clone();
                boolean hitsBadge = false;
                for (int p = 0; p < px.length; p++) {
                    if ((px[p] >>> 24) >= ALPHA_IN) {
                        trial[p] = OWNER_OCCLUDER;
                        if (spot.near(p % w, p / w, badgeMargin)) hitsBadge = true;
                    }
                }
                if (hitsBadge || !visibleEnough(trial, placed, placed.size(), -1)) continue;
                System.arraycopy(trial, 0, owner, 0, owner.length);
                occluder = layer;
            }
        }

        int[] visible = new int[placed.size()];
        for (int o : owner) if (o >= 0) visible[o]++;
        int best = 0;
        for (int i = 1; i < placed.size(); i++) if (visible[i] > visible[best]) best = i;
        String label = placed.get(best).cls();
        double badgeRate = label.equals(options.biasClass()) ? options.biasRate() : options.otherBadgeRate();
        boolean withBadge = badgeRng.chance(badgeRate);

        // Paint: background and clutter, objects in order, occluder, sensor noise, badge.
        BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        String background = Backgrounds.paint(canvas, look);
        Graphics2D g = canvas.createGraphics();
        Backgrounds.hints(g);
        g.setComposite(AlphaComposite.SrcOver);
        for (Placed p : placed) g.drawImage(p.layer(), -pad, -pad, null);
        if (occluder != null) g.drawImage(occluder, 0, 0, null);
        g.dispose();
        if (look.chance(0.5)) addNoise(canvas, look, look.uniform(2, 8));
        SceneTruth.BadgeInfo badgeInfo = null;
        if (withBadge) {
            BufferedImage layer = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
            Graphics2D bg = layer.createGraphics();
            Backgrounds.hints(bg);
            Badge.paint(bg, spot);
            bg.dispose();
            int[] px = ((DataBufferInt) layer.getRaster().getDataBuffer()).getData();
            boolean[] bm = new boolean[w * h];
            for (int p = 0; p < px.length; p++) {
                if ((px[p] >>> 24) >= ALPHA_IN) {
                    bm[p] = true;
                    owner[p] = OWNER_BADGE;
                }
            }
            Graphics2D cg = canvas.createGraphics();
            cg.drawImage(layer, 0, 0, null);
            cg.dispose();
            badgeInfo = new SceneTruth.BadgeInfo(new int[] {spot.x(), spot.y(), spot.size(), spot.size()}, spot.corner(), bm);
        }

        List<SceneTruth.SceneObject> objects = new ArrayList<>();
        LinkedHashSet<String> present = new LinkedHashSet<>();
        for (int i = 0; i < placed.size(); i++) {
            Placed p = placed.get(i);
            boolean[] m = new boolean[w * h];
            int area = 0;
            for (int q = 0; q < m.length; q++) {
                if (owner[q] == i) {
                    m[q] = true;
                    area++;
                }
            }
            present.add(p.cls());
            objects.add(new SceneTruth.SceneObject(p.cls(), p.source(), MaskRle.box(m, w, h), area,
                    area / (double) p.fullArea(), p.cx(), p.cy(), p.side(), p.rotationDeg(), p.flipped(), m));
        }
        SceneTruth truth = new SceneTruth(w, h, seed, index, options.split(), options.layout().id(), background, label,
                library.classes().indexOf(label), new ArrayList<>(present), objects, badgeInfo);
        return new Scene(canvas, truth);
    }

    private List<String> chooseClasses(Rng r, long index) {
        int n = allowed.size();
        String first = allowed.get((int) Math.floorMod(index, (long) n));
        List<String> out = new ArrayList<>();
        switch (options.layout()) {
            case SINGLE_OBJECT -> out.add(first);
            case SINGLE_CLASS -> {
                double u = r.nextDouble();
                int k = u < 0.55 ? 1 : u < 0.85 ? 2 : 3;
                for (int i = 0; i < Math.min(k, options.maxObjects()); i++) out.add(first);
            }
            default -> {
                int k = options.maxObjects() == 2 || r.chance(0.65) ? 2 : 3;
                List<String> pool = new ArrayList<>(allowed);
                out.add(pool.remove(r.nextInt(pool.size())));
                out.add(pool.remove(r.nextInt(pool.size())));
                if (k == 3) out.add(allowed.get(r.nextInt(n)));
            }
        }
        return out;
    }

    /** A centre coordinate for an object whose rotated box spans {@code extent} px along an image side of {@code size}. */
    private static double sample(Rng r, double extent, int size) {
        double lo = extent * 0.35, hi = size - extent * 0.35;
        return lo < hi ? r.uniform(lo, hi) : size / 2.0 + r.uniform(-1, 1);
    }

    /** Whether objects 0..count-1 keep at least MIN_VISIBLE of their full area under {@code owner}. */
    private static boolean visibleEnough(int[] owner, List<Placed> placed, int count, int newFull) {
        int[] vis = new int[count];
        for (int o : owner) if (o >= 0 && o < count) vis[o]++;
        for (int i = 0; i < count; i++) {
            int full = i < placed.size() ? placed.get(i).fullArea() : newFull;
            if (vis[i] < MIN_VISIBLE * full) return false;
        }
        return true;
    }

    private static Jitter randomJitter(Rng r) {
        boolean grey = r.chance(0.1);
        double hue = r.chance(0.3) ? r.uniform(-StrictMath.PI, StrictMath.PI) : r.uniform(-0.15, 0.15);
        int silhouette = r.chance(0.06) ? Backgrounds.randomColour(r) : 0;
        return new Jitter(grey, hue, r.uniform(0.7, 1.3), r.uniform(0.8, 1.2), r.uniform(0.8, 1.15), silhouette);
    }

    /**
     * A copy of a premultiplied sprite level with its colours changed (YIQ hue rotation, saturation, contrast,
     * brightness; now and then grey-scale, or a one-colour silhouette that leaves only the shape).
     */
    private static BufferedImage applyJitter(BufferedImage src, Jitter j) {
        int w = src.getWidth(), h = src.getHeight();
        int[] px = src.getRGB(0, 0, w, h, null, 0, w); // non-premultiplied ARGB
        if (j != Jitter.NONE) {
            double cos = StrictMath.cos(j.hue()), sin = StrictMath.sin(j.hue());
            for (int i = 0; i < px.length; i++) {
                int a = px[i] >>> 24;
                if (a == 0) continue;
                if (j.silhouette() != 0) {
                    px[i] = (a << 24) | (j.silhouette() & 0xFFFFFF);
                    continue;
                }
                double r = (px[i] >> 16) & 255, g = (px[i] >> 8) & 255, b = px[i] & 255;
                double y = 0.299 * r + 0.587 * g + 0.114 * b;
                double ii = 0.596 * r - 0.274 * g - 0.322 * b;
                double q = 0.211 * r - 0.523 * g + 0.312 * b;
                if (j.grey()) {
                    ii = 0;
                    q = 0;
                }
                double i2 = (ii * cos - q * sin) * j.saturation(), q2 = (ii * sin + q * cos) * j.saturation();
                y = ((y - 128) * j.contrast() + 128) * j.brightness();
                r = y + 0.956 * i2 + 0.621 * q2;
                g = y - 0.272 * i2 - 0.647 * q2;
                b = y - 1.106 * i2 + 1.703 * q2;
                px[i] = (a << 24) | (Rng.clamp8(r) << 16) | (Rng.clamp8(g) << 8) | Rng.clamp8(b);
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    private static void addNoise(BufferedImage img, Rng r, double sigma) {
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            int c = px[i];
            int rr = Rng.clamp8(((c >> 16) & 255) + sigma * r.gaussian());
            int gg = Rng.clamp8(((c >> 8) & 255) + sigma * r.gaussian());
            int bb = Rng.clamp8((c & 255) + sigma * r.gaussian());
            px[i] = (rr << 16) | (gg << 8) | bb;
        }
    }
}
