package dev.gradlens.app.view;

import javafx.scene.Node;
import javafx.scene.layout.Region;

import java.util.List;

/**
 * Lays panels out in the column count that gives each the largest picture for the space it has:
 * one row on a wide projector, two or three rows on a narrow window.
 */
public final class PanelGrid extends Region {
    private static final double GAP = 14;

    public PanelGrid() {
        getStyleClass().add("panel-grid");
    }

    public void setCards(List<PanelCard> cards) {
        getChildren().setAll(cards);
    }

    public List<PanelCard> cards() {
        return getChildren().stream().map(PanelCard.class::cast).toList();
    }

    @Override
    protected void layoutChildren() {
        List<Node> cards = getManagedChildren();
        int n = cards.size();
        if (n == 0) return;
        double left = snappedLeftInset(), top = snappedTopInset();
        double w = getWidth() - left - snappedRightInset();
        double h = getHeight() - top - snappedBottomInset();
        PanelCard first = (PanelCard) cards.get(0);
        double aspect = first.aspect();
        int bestCols = 1;
        double bestImg = -1;
        for (int cols = 1; cols <= n; cols++) {
            int rows = (n + cols - 1) / cols;
            double cellW = (w - GAP * (cols - 1)) / cols;
            double cellH = (h - GAP * (rows - 1)) / rows;
            double chrome = chromeHeight(cards, cellW);
            double img = Math.min(cellW / aspect, cellH - chrome);
            if (img > bestImg + 0.5) {
                bestImg = img;
                bestCols = cols;
            }
        }
        int cols = bestCols, rows = (n + cols - 1) / cols;
        double imgH = Math.max(48, bestImg);
        double cellW = Math.max(48, Math.min((w - GAP * (cols - 1)) / cols, imgH * aspect));
        double chrome = chromeHeight(cards, cellW);
        double cellH = imgH + chrome;
        double gridW = cols * cellW + (cols - 1) * GAP;
        double gridH = rows * cellH + (rows - 1) * GAP;
        double x0 = left + Math.max(0, (w - gridW) / 2);
        double y0 = top + Math.max(0, (h - gridH) / 2);
        for (int i = 0; i < n; i++) {
            int r = i / cols, c = i % cols;
            cards.get(i).resizeRelocate(snapPositionX(x0 + c * (cellW + GAP)), snapPositionY(y0 + r * (cellH + GAP)),
                    snapSizeX(cellW), snapSizeY(cellH));
        }
    }

    /** The tallest title + caption at this width: captions differ in length, and none may be cut off. */
    private static double chromeHeight(List<Node> cards, double width) {
        double h = 0;
        for (Node n : cards) h = Math.max(h, ((PanelCard) n).chromeHeight(width));
        return h;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 900;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 500;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 100;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 100;
    }
}
