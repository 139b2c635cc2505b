package dev.gradlens;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A user-facing message stays one line even when it quotes a name with control characters (found by the fuzz test). */
class GradLensExceptionTest {
    @Test
    void controlCharactersAreEscaped() {
        assertEquals("input 'a\\nb\\tc\\u0000' is odd", new GradLensException("input 'a\nb\tc\0' is odd").getMessage());
        assertEquals("plain – ünïcode stays", new GradLensException("plain – ünïcode stays").getMessage());
    }
}
