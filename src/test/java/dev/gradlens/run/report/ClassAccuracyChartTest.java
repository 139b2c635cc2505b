package dev.gradlens.run.report;

import dev.gradlens.run.browse.ClassAccuracy;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bar lengths are proportional to accuracy: a 1/4 bar is a quarter of the full one. */
class ClassAccuracyChartTest {
    @Test
    void barLengthsFollowAccuracy() {
        BufferedImage img = ClassAccuracyChart.render(List.of(new ClassAccuracy(0, "cat", 4, 4), new ClassAccuracy(1, "dog", 4, 1),
                new ClassAccuracy(2, "fox", 3, 0)), Double.NaN);
        int full = barLength(img, 0), quarter = barLength(img, 1), none = barLength(img, 2);
        assertEquals(420, full);
        assertEquals(105, quarter);
        assertEquals(0, none);
        assertEquals(28 + 3 * ClassAccuracyChart.ROW + 30, img.getHeight());
    }

    /** Pixels of bar colour along the middle of row i. */
    private static int barLength(BufferedImage img, int row) {
        int y = 28 + row * ClassAccuracyChart.ROW + ClassAccuracyChart.ROW / 2;
        int n = 0;
        for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == (ClassAccuracyChart.BAR.getRGB() & 0xFFFFFF)) n++;
        return n;
    }
}
