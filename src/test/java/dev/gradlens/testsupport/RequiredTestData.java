package dev.gradlens.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides what a test does when data outside the repository is missing: a user's fresh clone
 * skips (the data is optional there), CI fails. {@code .ci/run} sets
 * {@value #SHARED_PROPERTY}=true and {@value #CLIPART_PROPERTY}=true, so a broken data path or a
 * failed {@code apt-get install openclipart-png} cannot pass CI as a row of skipped tests.
 */
public final class RequiredTestData {
    /** When true, a missing ../shared file fails the test instead of skipping it. */
    public static final String SHARED_PROPERTY = "gradlens.requireSharedData";
    /** When true, a missing openclipart-png fails the test instead of skipping it. */
    public static final String CLIPART_PROPERTY = "gradlens.requireClipArt";

    private RequiredTestData() {
    }

    /** Skips (or, when {@code property} is true, fails) the calling test unless {@code present}. */
    public static void require(boolean present, String property, String what) {
        if (present) return;
        if (Boolean.getBoolean(property)) Assertions.fail(what + " (required: -D" + property + "=true)");
        Assumptions.assumeTrue(false, what);
    }

    /** The clip-art check of the scene tests. */
    public static void requireClipArt(boolean installed) {
        require(installed, CLIPART_PROPERTY, "openclipart-png not installed (apt-get install openclipart-png)");
    }
}
