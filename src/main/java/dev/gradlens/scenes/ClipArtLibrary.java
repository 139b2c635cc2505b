package dev.gradlens.scenes;

import dev.gradlens.GradLensException;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clip-art cut-outs, loaded from the openclipart-png package: each source PNG is cropped to its alpha bounding box
 * and kept as a small mip pyramid of premultiplied ARGB images (largest side at most {@value #MAX_SIDE} px), so that
 * drawing a sprite at scene scale never downsamples by more than 2x in one bilinear step.
 */
public final class ClipArtLibrary {
    /** System property naming another clip-art root (the directory holding {@code animals/}, {@code plants/}, ...). */
    public static final String ROOT_PROPERTY = "gradlens.clipart";
    /** Environment variable with the same meaning as {@link #ROOT_PROPERTY}. */
    public static final String ROOT_ENV = "GRADLENS_CLIPART";
    static final int MAX_SIDE = 256;
    private static final int MIN_LEVEL_SIDE = 24;

    /** A cut-out: the source path and its pyramid, level 0 the largest. */
    public record Sprite(String className, String source, List<BufferedImage> levels) {
        public int width() {
            return levels.get(0).getWidth();
        }

        public int height() {
            return levels.get(0).getHeight();
        }

        /** The smallest level whose longer side is still at least {@code side} px (level 0 if none is). */
        BufferedImage levelFor(double side) {
            BufferedImage best = levels.get(0);
            for (BufferedImage l : levels) {
                if (Math.max(l.getWidth(), l.getHeight()) >= side) best = l;
            }
            return best;
        }
    }

    private final ClipArtClasses classes;
    private final Path root;
    private final Map<String, Sprite> cache = new ConcurrentHashMap<>();

    private ClipArtLibrary(ClipArtClasses classes, Path root) {
        this.classes = classes;
        this.root = root;
    }

    /** The clip-art root: {@link #ROOT_PROPERTY}, else {@link #ROOT_ENV}, else the package's {@code /usr/share/openclipart/png}. */
    public static Path defaultRoot() {
        String p = System.getProperty(ROOT_PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv(ROOT_ENV);
        if (p == null || p.isBlank()) p = ClipArtClasses.load().defaultRoot();
        return Path.of(p);
    }

    /** Whether the clip-art is there (tests skip when it is not). */
    public static boolean isInstalled() {
        return Files.isDirectory(defaultRoot());
    }

    public static ClipArtLibrary open() {
        return open(ClipArtClasses.load(), defaultRoot());
    }

    /** Opens the library, failing with one actionable line when the openclipart-png package is missing. */
    public static ClipArtLibrary open(ClipArtClasses classes, Path root) {
        if (!Files.isDirectory(root)) throw new GradLensException(missingMessage(classes, root));
        return new ClipArtLibrary(classes, root);
    }

    static String missingMessage(ClipArtClasses classes, Path root) {
        return "Clip-art not found at " + root + ": install it with `sudo apt-get install " + classes.packageName()
                + "` (or point -D" + ROOT_PROPERTY + " / " + ROOT_ENV + " at a copy)";
    }

    public ClipArtClasses classes() {
        return classes;
    }

    public Path root() {
        return root;
    }

    /** Loads every sprite of the given classes and split now (generation threads then only read the cache). */
    public void preload(SceneSplit split, Collection<String> classNames) {
        for (String c : classNames) {
            for (String s : classes.get(c).sources(split)) sprite(c, s);
        }
    }

    public Sprite sprite(String className, String source) {
        return cache.computeIfAbsent(source, s -> load(className, s));
    }

    private Sprite load(String className, String source) {
        Path file = root.resolve(source);
        if (!Files.isRegularFile(file)) {
            throw new GradLensException("Clip-art file missing: " + file + " (the " + classes.packageName()
                    + " package looks incomplete: `sudo apt-get install --reinstall " + classes.packageName() + "`)");
        }
        BufferedImage raw;
        try {
            raw = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new GradLensException("Cannot read clip-art " + file + ": " + e.getMessage(), e);
        }
        if (raw == null) throw new GradLensException("Not a readable PNG: " + file);
        BufferedImage pre = toPremultiplied(raw);
        int[] box = alphaBox(pre, 8);
        if (box == null) throw new GradLensException("Clip-art has no opaque pixels: " + file);
        BufferedImage crop = pre.getSubimage(box[0], box[1], box[2], box[3]);
        List<BufferedImage> levels = new ArrayList<>();
        BufferedImage l0 = crop;
        while (Math.max(l0.getWidth(), l0.getHeight()) > 2 * MAX_SIDE) l0 = halve(l0);
        int side = Math.max(l0.getWidth(), l0.getHeight());
        if (side > MAX_SIDE) {
            double f = (double) MAX_SIDE / side;
            l0 = resize(l0, Math.max(1, (int) Math.round(l0.getWidth() * f)), Math.max(1, (int) Math.round(l0.getHeight() * f)));
        } else {
            l0 = copy(l0);
        }
        levels.add(l0);
        BufferedImage l = l0;
        while (Math.max(l.getWidth(), l.getHeight()) >= 2 * MIN_LEVEL_SIDE) {
            l = halve(l);
            levels.add(l);
        }
        return new Sprite(className, source, List.copyOf(levels));
    }

    static BufferedImage toPremultiplied(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage copy(BufferedImage src) {
        return resize(src, src.getWidth(), src.getHeight());
    }

    private static BufferedImage halve(BufferedImage src) {
        return resize(src, (src.getWidth() + 1) / 2, (src.getHeight() + 1) / 2);
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** {x, y, w, h} of the pixels with alpha above {@code threshold}, or null if none. */
    static int[] alphaBox(BufferedImage img, int threshold) {
        int w = img.getWidth(), h = img.getHeight();
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((px[y * w + x] >>> 24) > threshold) {
                    if (x < x0) x0 = x;
                    if (x > x1) x1 = x;
                    if (y < y0) y0 = y;
                    if (y > y1) y1 = y;
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }
}
