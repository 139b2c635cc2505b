package dev.gradlens.app.view;

import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;

/** A chart drawn on one canvas that fills the region: resized and redrawn when the region's size changes. */
abstract class CanvasChart extends Region {
    protected final Canvas canvas = new Canvas();

    CanvasChart() {
        getChildren().add(canvas);
    }

    /** Paints the whole chart at the canvas's current size. */
    protected abstract void draw();

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth()), h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }
}
