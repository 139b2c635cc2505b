package dev.gradlens.scenes;

import java.util.List;
import java.util.Locale;

/**
 * What kind of scenes a {@link SceneGenerator} makes.
 *
 * @param size           image side in px (square images)
 * @param split          which clip-art sources may appear
 * @param layout         {@link Layout}
 * @param maxObjects     at most this many objects (1..3)
 * @param classes        the classes that may appear (empty: all)
 * @param exclude        classes that never appear
 * @param biasClass      the class whose scenes carry the badge at {@code biasRate} (null: none)
 * @param biasRate       badge probability for scenes labelled {@code biasClass}
 * @param otherBadgeRate badge probability for all other scenes (all scenes when there is no bias class)
 * @param colourJitter   whether cut-outs get random hue / saturation / brightness changes and grey-scale
 */
public record SceneOptions(int size, SceneSplit split, Layout layout, int maxObjects, List<String> classes,
                           List<String> exclude, String biasClass, double biasRate, double otherBadgeRate,
                           boolean colourJitter) {

    /**
     * How objects are chosen. SINGLE_CLASS: 1..maxObjects instances of one class (the training layout: one label per
     * scene). SINGLE_OBJECT: exactly one object. MIXED: 2..maxObjects objects of at least two different classes.
     */
    public enum Layout {
        SINGLE_CLASS, SINGLE_OBJECT, MIXED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public SceneOptions {
        if (size < 32 || size > 1024) throw new IllegalArgumentException("size must be in 32..1024, got " + size);
        if (maxObjects < 1 || maxObjects > 3) throw new IllegalArgumentException("max objects must be 1..3");
        if (layout == Layout.MIXED && maxObjects < 2) throw new IllegalArgumentException("mixed scenes need max objects >= 2");
        if (biasRate < 0 || biasRate > 1 || otherBadgeRate < 0 || otherBadgeRate > 1)
            throw new IllegalArgumentException("badge rates must be in [0, 1]");
        classes = List.copyOf(classes);
        exclude = List.copyOf(exclude);
    }

    public static SceneOptions defaults() {
        return new SceneOptions(128, SceneSplit.TRAIN, Layout.SINGLE_CLASS, 3, List.of(), List.of(), null, 0.95, 0.0, true);
    }

    public SceneOptions withSize(int v) {
        return new SceneOptions(v, split, layout, maxObjects, classes, exclude, biasClass, biasRate, otherBadgeRate, colourJitter);
    }

    public SceneOptions withSplit(SceneSplit v) {
        return new SceneOptions(size, v, layout, maxObjects, classes, exclude, biasClass, biasRate, otherBadgeRate, colourJitter);
    }

    public SceneOptions withLayout(Layout v) {
        return new SceneOptions(size, split, v, maxObjects, classes, exclude, biasClass, biasRate, otherBadgeRate, colourJitter);
    }

    public SceneOptions withMaxObjects(int v) {
        return new SceneOptions(size, split, layout, v, classes, exclude, biasClass, biasRate, otherBadgeRate, colourJitter);
    }

    public SceneOptions withClasses(List<String> v) {
        return new SceneOptions(size, split, layout, maxObjects, v, exclude, biasClass, biasRate, otherBadgeRate, colourJitter);
    }

    public SceneOptions withExclude(List<String> v) {
        return new SceneOptions(size, split, layout, maxObjects, classes, v, biasClass, biasRate, otherBadgeRate, colourJitter);
    }

    public SceneOptions withBias(String cls, double rate, double otherRate) {
        return new SceneOptions(size, split, layout, maxObjects, classes, exclude, cls, rate, otherRate, colourJitter);
    }

    public SceneOptions withColourJitter(boolean v) {
        return new SceneOptions(size, split, layout, maxObjects, classes, exclude, biasClass, biasRate, otherBadgeRate, v);
    }
}
