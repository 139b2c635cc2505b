package dev.gradlens.app.view;

import dev.gradlens.app.render.ColormapChoice;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;

/** A small horizontal colour bar of the chosen colormap with its 0 and 1 ends. */
public final class ColormapLegend extends HBox {
    private static final int W = 128, H = 12;
    private final ImageView bar = new ImageView();

    public ColormapLegend(ObservableValue<ColormapChoice> colormap) {
        super(4);
        getStyleClass().add("colormap-legend");
        setAlignment(Pos.CENTER_LEFT);
        Label low = new Label("0");
        Label high = new Label("1");
        low.getStyleClass().add("legend-end");
        high.getStyleClass().add("legend-end");
        bar.getStyleClass().add("legend-bar");
        getChildren().addAll(low, bar, high);
        draw(colormap.getValue());
        colormap.addListener((o, a, b) -> draw(b));
    }

    private void draw(ColormapChoice c) {
        if (c == null) return;
        WritableImage img = new WritableImage(W, H);
        PixelWriter w = img.getPixelWriter();
        for (int x = 0; x < W; x++) {
            int argb = c.argb(x / (float) (W - 1));
            for (int y = 0; y < H; y++) w.setArgb(x, y, argb);
        }
        bar.setImage(img);
    }
}
