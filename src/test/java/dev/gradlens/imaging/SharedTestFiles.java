package dev.gradlens.imaging;

import dev.gradlens.testsupport.RequiredTestData;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The optional shared test data (photos, awkward inputs, models) outside the repository.
 * Tests that need it skip, rather than fail, when it is absent, except in CI ({@link RequiredTestData}).
 */
public final class SharedTestFiles {
    private SharedTestFiles() {
    }

    public static Path root() {
        return Path.of(System.getProperty("gradlens.shared", "../shared"));
    }

    /** The shared file or folder at {@code relative}, skipping the calling test if it is missing. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        RequiredTestData.require(Files.exists(p), RequiredTestData.SHARED_PROPERTY, "shared test data not present: " + p);
        return p;
    }
}
