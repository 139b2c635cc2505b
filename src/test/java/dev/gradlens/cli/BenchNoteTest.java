package dev.gradlens.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bench explains a ratio below 1 instead of leaving "Grad-CAM faster than a forward" unexplained. */
class BenchNoteTest {
    @Test
    void aRatioBelowOneIsExplainedAsNoise() {
        String note = BenchCommand.belowOneNote(40.5, 15.8, 105.3);
        assertTrue(note != null && note.startsWith("a ratio below 1 is measurement noise") && note.contains("40.5 ms"), note);
        assertNull(BenchCommand.belowOneNote(10, 15, 50, 12));
    }
}
