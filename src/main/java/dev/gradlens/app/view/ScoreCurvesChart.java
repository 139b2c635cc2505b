package dev.gradlens.app.view;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.Locale;

/**
 * A small chart of a map's deletion and insertion curves (Petsiuk et al. 2018): the class score
 * against the fraction of pixels removed (deletion, red) or inserted (insertion, green), with their
 * AUC in the legend. Drawn on a canvas: a panel card has room for a thumbnail-sized chart, not for
 * a LineChart's axes and legend. Its own light background keeps it legible in both themes.
 */
public final class ScoreCurvesChart extends CanvasChart {
    static final Color DELETION = Color.web("#d62728");
    static final Color INSERTION = Color.web("#2ca02c");

    private float[] deletion, insertion;
    private Double deletionAuc, insertionAuc;

    public ScoreCurvesChart() {
        getStyleClass().add("score-curves");
        setMinHeight(60);
        setPrefHeight(86);
    }

    public void setCurves(float[] deletion, Double deletionAuc, float[] insertion, Double insertionAuc) {
        this.deletion = deletion;
        this.insertion = insertion;
        this.deletionAuc = deletionAuc;
        this.insertionAuc = insertionAuc;
        draw();
    }

    /** The curves' points as drawn (for tests): deletion, then insertion. */
    public float[][] curves() {
        return new float[][] {deletion, insertion};
    }

    @Override
    protected double computePrefWidth(double height) {
        return 200;
    }

    @Override
    protected void draw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w < 20 || h < 20) return;
        g.setFill(Color.web("#fafafa"));
        g.fillRect(0, 0, w, h);
        double left = 22, right = 4, top = 4, bottom = 14;
        double pw = w - left - right, ph = h - top - bottom;
        g.setStroke(Color.web("#dddddd"));
        g.setLineWidth(1);
        g.strokeLine(left, top + ph / 2, left + pw, top + ph / 2);
        g.setStroke(Color.web("#888888"));
        g.strokeRect(left, top, pw, ph);
        g.setFill(Color.web("#555555"));
        g.setFont(Font.font(9));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText("1", left - 3, top + 2);
        g.fillText("0", left - 3, top + ph - 2);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.fillText("pixels removed / inserted →", left + pw / 2, top + ph + 1);
        curve(g, deletion, DELETION, left, top, pw, ph);
        curve(g, insertion, INSERTION, left, top, pw, ph);
        g.setFont(Font.font(10));
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.TOP);
        g.setFill(Color.color(0.98, 0.98, 0.98, 0.8)); // the legend stays legible over a curve
        g.fillRect(left + pw - 110, top + 1, 108, 26);
        g.setFill(DELETION);
        g.fillText("deletion AUC " + num(deletionAuc), left + pw - 3, top + 2);
        g.setFill(INSERTION);
        g.fillText("insertion AUC " + num(insertionAuc), left + pw - 3, top + 14);
    }

    private static void curve(GraphicsContext g, float[] c, Color colour, double left, double top, double pw, double ph) {
        if (c == null || c.length < 2) return;
        g.setStroke(colour);
        g.setLineWidth(1.6);
        g.beginPath();
        for (int i = 0; i < c.length; i++) {
            double x = left + pw * i / (c.length - 1);
            double y = top + ph * (1 - Math.max(0, Math.min(1, c[i])));
            if (i == 0) g.moveTo(x, y);
            else g.lineTo(x, y);
        }
        g.stroke();
    }

    private static String num(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%.3f", v);
    }
}
