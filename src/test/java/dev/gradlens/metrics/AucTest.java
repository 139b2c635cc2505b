package dev.gradlens.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Trapezoidal AUC over [0, 1] by hand, and the step counts n_k = ⌊k·N/S⌋. */
class AucTest {
    @Test
    void trapezoidOverEvenlySpacedPoints() {
        assertEquals(0.5, Auc.trapezoid(new float[] {1, 0}), 1e-12);
        // points 1, 0.5, 0.5, 0 at x = 0, 1/3, 2/3, 1: (0.75 + 0.5 + 0.25) / 3
        assertEquals(0.5, Auc.trapezoid(new float[] {1, 0.5f, 0.5f, 0}), 1e-7);
        assertEquals(1.0, Auc.trapezoid(new float[] {1, 1, 1}), 1e-12);
    }

    @Test
    void stepsCoverEveryPixelExactlyAtTheLastStep() {
        assertEquals(0, DeletionInsertion.affected(0, 50176, 32));
        assertEquals(1568, DeletionInsertion.affected(1, 50176, 32));
        assertEquals(50176, DeletionInsertion.affected(32, 50176, 32));
        assertEquals(3, DeletionInsertion.affected(1, 10, 3));
        assertEquals(1003, Road.removed(10, 10036));
    }

    @Test
    void averageDropIsTheRelativeLossAndNeverNegative() {
        assertEquals(0.25, AverageDrop.value(0.8, 0.6), 1e-12);
        assertEquals(0.0, AverageDrop.value(0.5, 0.9), 0);
    }
}
