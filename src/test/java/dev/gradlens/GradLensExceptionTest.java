package dev.gradlens;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A name quoted in a user-facing message keeps it one line even with control characters (found by the fuzz test). */
class GradLensExceptionTest {
    @Test
    void controlCharactersOfQuotedNamesAreEscaped() {
        assertEquals("a\\nb\\tc\\u0000", GradLensException.oneLine("a\nb\tc\0"));
        assertEquals("plain – ünïcode stays", GradLensException.oneLine("plain – ünïcode stays"));
    }
}
