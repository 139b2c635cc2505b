package dev.gradlens.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Win % counted by hand: ties are reported, undefined drops leave the image out. */
class WinPercentTest {
    @Test
    void countsWinsTiesAndLossesOverImagesWithBothDropsDefined() {
        Double[] a = {0.1, 0.5, 0.0, null, 0.3};
        Double[] b = {0.2, 0.4, 0.0, 0.1, 0.9};
        WinPercent w = WinPercent.of(a, b);
        assertEquals(new WinPercent(2, 1, 1), w);
        assertEquals(50.0, w.winPercent(), 1e-12);
        assertEquals(25.0, w.tiePercent(), 1e-12);
    }

    @Test
    void noComparableImageGivesNoPercentage() {
        assertNull(WinPercent.of(new Double[] {null}, new Double[] {0.1}).winPercent());
    }
}
