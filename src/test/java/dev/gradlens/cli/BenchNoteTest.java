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

    @Test
    void aTopFiveRatioBelowOneIsExplainedAsNoise() {
        // Grad-CAM one class 5.5 ms, top-5 5.2 ms (a reading of MobileNet-v2 on a drifting machine); 5 panels fine
        String note = BenchCommand.topFiveNote(5.5, 5.2, 21.9, 76.2);
        assertTrue(note != null && note.startsWith("a top-5 / one-class ratio below 1 is measurement noise"), note);
        assertTrue(BenchCommand.topFiveNote(5.5, 6.0, 21.9, 20.0) != null, "the 5-panel pair is checked too");
        assertNull(BenchCommand.topFiveNote(5.5, 6.0, 21.9, 76.2));
    }
}
