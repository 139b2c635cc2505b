package dev.gradlens.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit's regions of one image, in the run's fixed order ({@link RegionNames}): {@code object}
 * (the objects of the map's class), {@code other-objects} (every other object), each named region
 * (badge, manifest region:NAME; several rows of one name are one region), and {@code background}
 * (everything outside every region). Object regions depend on the class whose map is measured, so
 * they are built per class and cached; pull-backs are computed once per image and shared by all
 * methods and classes.
 */
public final class ImageRegions {
    private final Placement placement;
    private final RegionNames names;
    private final List<Region> regions;
    private final Integer trueClass;
    private final int width;
    private final int height;
    private final Placement.Pullback all;
    private final PixelSet[] fixed; // named regions and background, at their slots (object slots null)
    private final Placement.Pullback[] fixedPullbacks;
    private final Map<Integer, Measured> byClass = new HashMap<>();

    /** Pixel sets and pull-backs of every region slot for one map class. */
    record Measured(PixelSet[] sets, Placement.Pullback[] pullbacks) {
    }

    public ImageRegions(Placement placement, RegionNames names, List<Region> regions, Integer trueClass) {
        this.placement = placement;
        this.names = names;
        this.regions = regions;
        this.trueClass = trueClass;
        this.width = placement.imageWidth();
        this.height = placement.imageHeight();
        this.all = placement.all();
        int n = names.size();
        fixed = new PixelSet[n];
        fixedPullbacks = new Placement.Pullback[n];
        for (int r = 0; r < n; r++) {
            String name = names.get(r);
            if (names.isObjectSlot(r) || name.equals(Region.BACKGROUND)) continue;
            List<PixelSet> parts = new ArrayList<>();
            for (Region g : regions) if (g.name().equals(name)) parts.add(g.pixels());
            fixed[r] = PixelSet.union(parts, width);
            fixedPullbacks[r] = fixed[r].pullback(placement);
        }
        int bg = names.indexOf(Region.BACKGROUND);
        List<PixelSet> every = new ArrayList<>();
        for (Region g : regions) every.add(g.pixels());
        PixelSet union = PixelSet.union(every, width);
        PixelSet background;
        Placement.Pullback bgPull;
        if (union.area() == 0) {
            background = PixelSet.box(0, 0, width, height, width, height);
            bgPull = all;
        } else {
            background = new Outside(union, (long) width * height);
            bgPull = all.minus(union.pullback(placement));
        }
        fixed[bg] = background;
        fixedPullbacks[bg] = bgPull;
    }

    public Placement placement() {
        return placement;
    }

    /** Region sets for maps of {@code mapClass}. */
    Measured forClass(int mapClass) {
        return byClass.computeIfAbsent(mapClass, k -> {
            PixelSet[] sets = fixed.clone();
            Placement.Pullback[] pulls = fixedPullbacks.clone();
            if (names.hasObjects()) {
                List<PixelSet> own = new ArrayList<>(), other = new ArrayList<>();
                for (Region g : regions) {
                    if (!g.name().equals(Region.OBJECT)) continue;
                    // An object row without a class is the image's labelled object (manifest boxes).
                    Integer c = g.classIndex() != null ? g.classIndex() : trueClass;
                    (c != null && c == k ? own : other).add(g.pixels());
                }
                int o = names.indexOf(Region.OBJECT), oo = names.indexOf(Region.OTHER_OBJECTS);
                sets[o] = PixelSet.union(own, width);
                sets[oo] = PixelSet.union(other, width);
                pulls[o] = sets[o].pullback(placement);
                pulls[oo] = sets[oo].pullback(placement);
            }
            return new Measured(sets, pulls);
        });
    }

    /**
     * Energy share and pointing game of one raw map of {@code mapClass} in every region slot.
     * share[r] = positive mass of the upsampled map inside region r / its total positive mass
     * (NaN for a map without positive mass); hit[r] = 1 when the peak lies in r, 0 when not, NaN for a
     * map without a peak (flat). area[r] = region r's share of the image's pixels.
     */
    public MapMeasure measure(int mapClass, float[] rawMap) {
        Measured m = forClass(mapClass);
        float[] relu = Placement.relu(rawMap);
        int n = names.size();
        double total = Placement.mass(relu, all);
        int peak = placement.peak(relu);
        double[] share = new double[n], hit = new double[n], area = new double[n];
        double pixels = (double) width * height;
        for (int r = 0; r < n; r++) {
            share[r] = total > 0 ? Math.max(0, Placement.mass(relu, m.pullbacks()[r])) / total : Double.NaN;
            hit[r] = peak < 0 ? Double.NaN : m.sets()[r].contains(peak) ? 1 : 0;
            area[r] = m.sets()[r].area() / pixels;
        }
        return new MapMeasure(share, hit, area, peak);
    }

    /** Everything outside a set: the background. Its pull-back is computed as all minus the set's. */
    private record Outside(PixelSet inside, long pixels) implements PixelSet {
        @Override
        public long area() {
            return pixels - inside.area();
        }

        @Override
        public boolean contains(int index) {
            return !inside.contains(index);
        }

        @Override
        public Placement.Pullback pullback(Placement p) {
            return p.all().minus(inside.pullback(p));
        }

        @Override
        public PixelSet.Runs runs() {
            throw new UnsupportedOperationException("the background is not unioned with other regions");
        }
    }

    /** One map's measures per region slot (see {@link #measure}); {@code peak} = -1 when flat. */
    public record MapMeasure(double[] share, double[] hit, double[] area, int peak) {
    }
}
