package dev.gradlens.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The ../shared test data (absent in a user's fresh clone: tests that need it skip). */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        return Path.of(System.getProperty("gradlens.shared", "../shared")).toAbsolutePath().normalize();
    }

    /** Skips the calling test when the file or folder under ../shared is absent (fails it in CI: {@link RequiredTestData}). */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        RequiredTestData.require(Files.exists(p), RequiredTestData.SHARED_PROPERTY, "shared test data absent: " + p);
        return p;
    }
}
