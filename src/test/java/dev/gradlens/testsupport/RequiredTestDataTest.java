package dev.gradlens.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Missing data skips a test in a user's clone and fails it in CI (the property .ci/run sets). */
class RequiredTestDataTest {
    private final String saved = System.getProperty(RequiredTestData.SHARED_PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) System.clearProperty(RequiredTestData.SHARED_PROPERTY);
        else System.setProperty(RequiredTestData.SHARED_PROPERTY, saved);
    }

    @Test
    void missingDataSkipsWithoutTheProperty() {
        System.clearProperty(RequiredTestData.SHARED_PROPERTY);
        assertThrows(TestAbortedException.class, () -> RequiredTestData.require(false, RequiredTestData.SHARED_PROPERTY, "absent"));
        assertThrows(TestAbortedException.class, () -> SharedData.require("no/such/file-" + System.nanoTime()));
    }

    @Test
    void missingDataFailsWithTheProperty() {
        System.setProperty(RequiredTestData.SHARED_PROPERTY, "true");
        assertThrows(AssertionFailedError.class, () -> RequiredTestData.require(false, RequiredTestData.SHARED_PROPERTY, "absent"));
        assertThrows(AssertionFailedError.class, () -> SharedData.require("no/such/file-" + System.nanoTime()));
        assertThrows(AssertionFailedError.class, () -> dev.gradlens.imaging.SharedTestFiles.require("no/such/file-" + System.nanoTime()));
        assertDoesNotThrow(() -> RequiredTestData.require(true, RequiredTestData.SHARED_PROPERTY, "present"));
    }
}
