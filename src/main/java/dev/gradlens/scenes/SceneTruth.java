package dev.gradlens.scenes;

import java.util.List;

/**
 * The ground truth of one scene (written next to its PNG as JSON, format {@value #FORMAT}; see {@link #toJson}).
 *
 * @param label      class of the object with the largest visible area (the only class in single-class scenes)
 * @param labelIndex its index in the class list of {@code clipart-classes.json}
 * @param classes    the distinct classes present, in order of first appearance
 * @param badge      the badge, or null when the scene has none
 */
public record SceneTruth(int width, int height, long seed, long index, SceneSplit split, String layout,
                         String background, String label, int labelIndex, List<String> classes,
                         List<SceneObject> objects, BadgeInfo badge) {
    public static final String FORMAT = "gradlens-scene/1";

    public SceneTruth {
        classes = List.copyOf(classes);
        objects = List.copyOf(objects);
    }

    /**
     * One object instance. {@code box} = {x, y, w, h} (pixels, x/y of the top-left pixel) of its visible mask;
     * {@code mask} = the visible pixels (alpha of the cut-out at least 50% and not covered by anything drawn later),
     * {@code area} = their count, {@code visibleFraction} = area / area of the whole cut-out (occlusion and image
     * borders both reduce it).
     */
    public record SceneObject(String className, String source, int[] box, int area, double visibleFraction,
                              double centerX, double centerY, double sidePx, double rotationDeg, boolean flipped,
                              boolean[] mask) {
    }

    /** The badge: its square box {x, y, w, h}, corner and pixel mask. */
    public record BadgeInfo(int[] box, String corner, boolean[] mask) {
    }

    public boolean hasBadge() {
        return badge != null;
    }

    /** The JSON document; {@code imageName} is the PNG file name it describes. */
    public String toJson(String imageName) {
        StringBuilder b = new StringBuilder(4096);
        b.append("{\n");
        field(b, "format", MiniJson.quote(FORMAT));
        field(b, "image", MiniJson.quote(imageName));
        field(b, "width", Integer.toString(width));
        field(b, "height", Integer.toString(height));
        field(b, "seed", Long.toString(seed));
        field(b, "index", Long.toString(index));
        field(b, "split", MiniJson.quote(split.id()));
        field(b, "layout", MiniJson.quote(layout));
        field(b, "background", MiniJson.quote(background));
        field(b, "label", MiniJson.quote(label));
        field(b, "label_index", Integer.toString(labelIndex));
        b.append("  \"classes\": [");
        for (int i = 0; i < classes.size(); i++) b.append(i == 0 ? "" : ", ").append(MiniJson.quote(classes.get(i)));
        b.append("],\n");
        b.append("  \"mask_encoding\": ").append(MiniJson.quote(MaskRle.ENCODING)).append(",\n");
        b.append("  \"objects\": [");
        for (int i = 0; i < objects.size(); i++) {
            SceneObject o = objects.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"class\": ").append(MiniJson.quote(o.className()))
                    .append(", \"source\": ").append(MiniJson.quote(o.source()))
                    .append(",\n     \"box\": ").append(ints(o.box()))
                    .append(", \"area\": ").append(o.area())
                    .append(", \"visible_fraction\": ").append(MiniJson.num(o.visibleFraction(), 4))
                    .append(",\n     \"center\": [").append(MiniJson.num(o.centerX(), 2)).append(", ").append(MiniJson.num(o.centerY(), 2))
                    .append("], \"side_px\": ").append(MiniJson.num(o.sidePx(), 2))
                    .append(", \"rotation_deg\": ").append(MiniJson.num(o.rotationDeg(), 2))
                    .append(", \"flipped\": ").append(o.flipped())
                    .append(",\n     \"mask\": ").append(ints(MaskRle.encode(o.mask()))).append("}");
        }
        b.append(objects.isEmpty() ? "],\n" : "\n  ],\n");
        b.append("  \"badge\": ");
        if (badge == null) {
            b.append("null\n");
        } else {
            b.append("{\"box\": ").append(ints(badge.box())).append(", \"corner\": ").append(MiniJson.quote(badge.corner()))
                    .append(",\n            \"mask\": ").append(ints(MaskRle.encode(badge.mask()))).append("}\n");
        }
        b.append("}\n");
        return b.toString();
    }

    private static void field(StringBuilder b, String k, String v) {
        b.append("  ").append(MiniJson.quote(k)).append(": ").append(v).append(",\n");
    }

    private static String ints(int[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ", ").append(v[i]);
        return b.append(']').toString();
    }
}
