package dev.gradlens.run.report;

import dev.gradlens.imaging.Colormap;
import dev.gradlens.run.browse.ConfusionMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cell colours are the viridis colour of the cell's share of its row (counted by hand). */
class ConfusionMatrixPictureTest {
    @Test
    void cellColourIsTheRowShare() {
        // cat row: 1 cat, 2 dog, 1 other → shares 1/4, 2/4, 0 (fox), 1/4 (other)
        ConfusionMatrix m = new ConfusionMatrix(List.of(0, 1, 2), List.of("cat", "dog", "fox"),
                new long[][] {{1, 2, 0, 1}, {0, 3, 0, 0}, {0, 0, 0, 0}});
        ConfusionMatrixPicture.Drawn d = ConfusionMatrixPicture.draw(m);
        assertEquals(Colormap.VIRIDIS.argb(0.25f), pixel(d, 0, 0));
        assertEquals(Colormap.VIRIDIS.argb(0.5f), pixel(d, 0, 1));
        assertEquals(Colormap.VIRIDIS.argb(0f), pixel(d, 0, 2));
        assertEquals(Colormap.VIRIDIS.argb(0.25f), pixel(d, 0, 3));
        assertEquals(Colormap.VIRIDIS.argb(1f), pixel(d, 1, 1));
        assertEquals(Colormap.VIRIDIS.argb(0f), pixel(d, 2, 2), "an empty row is drawn as share 0, not NaN");
        assertEquals(d.left() + 4 * d.cell() + 12, d.image().getWidth(), "three classes and the other column");
    }

    @Test
    void noOtherColumnWhenEveryPredictionIsATrueClass() {
        ConfusionMatrix m = new ConfusionMatrix(List.of(0, 1), List.of("a", "b"), new long[][] {{5, 0, 0}, {1, 4, 0}});
        ConfusionMatrixPicture.Drawn d = ConfusionMatrixPicture.draw(m);
        assertEquals(d.left() + 2 * d.cell() + 12, d.image().getWidth());
        assertEquals(Colormap.VIRIDIS.argb(0.2f), pixel(d, 1, 0));
    }

    /** A corner pixel of the cell (the count text sits in the middle). */
    private static int pixel(ConfusionMatrixPicture.Drawn d, int row, int col) {
        return d.image().getRGB(d.left() + col * d.cell() + 1, d.top() + row * d.cell() + 1);
    }
}
