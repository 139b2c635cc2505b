package dev.gradlens.inference;

/** How a photo is brought to the model's input size. Names are the descriptor's "resize" values. */
public enum ResizeMode {
    /** Stretch to the input size (aspect not kept), bilinear with antialiasing when shrinking (as PIL). */
    STRETCH("stretch"),
    /** Stretch, bilinear with align_corners=true and no antialiasing (TF.js / ml5 style). */
    STRETCH_ALIGN_CORNERS("stretch-align-corners"),
    /** Scale the shorter side to {@code resizeShorter} (antialiased bilinear), then centre-crop the input size. */
    SHORTER_SIDE_CENTER_CROP("shorter-side-center-crop");

    private final String id;

    ResizeMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ResizeMode fromId(String id) {
        for (ResizeMode m : values()) if (m.id.equals(id)) return m;
        throw new IllegalArgumentException("unknown resize mode '" + id + "' (use stretch, stretch-align-corners or shorter-side-center-crop)");
    }
}
