package dev.gradlens.scenes;

import java.util.Locale;

/** Which clip-art sources a scene may use: disjoint per class (see {@code clipart-classes.json}). */
public enum SceneSplit {
    TRAIN, TEST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SceneSplit parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "train" -> TRAIN;
            case "test" -> TEST;
            default -> throw new IllegalArgumentException("split must be train or test, got " + s);
        };
    }
}
