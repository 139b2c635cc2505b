package dev.gradlens.audit;

/**
 * One named region of one image, as stored in the run's {@code regions} table (docs/run-database.md):
 * {@code object} with its class, {@code badge}, or a manifest {@code region:NAME}; its pixels are the
 * decoded mask, or the box when it has none (or when the audit is asked to use boxes).
 */
public record Region(String name, Integer classIndex, PixelSet pixels) {
    public static final String OBJECT = "object";
    public static final String OTHER_OBJECTS = "other-objects";
    public static final String BACKGROUND = "background";
}
