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
        // Scored cards show their deletion/insertion curves while the pictures keep MIN_PICTURE px; in a smaller
        // window the scores keep their numbers only, rather than push the grid past the window's edge. Decided from
        // both heights, never from the cards' current state, so one layout pass cannot undo the other's choice.
        boolean compact = false;
        int bestCols = bestColumns(cards, w, h, aspect, false);
        double bestImg = imageHeight(cards, w, h, aspect, bestCols, false);
        if (bestImg < MIN_PICTURE) {
            compact = true;
            bestCols = bestColumns(cards, w, h, aspect, true);
            bestImg = imageHeight(cards, w, h, aspect, bestCols, true);
        }
        for (Node c : cards) ((PanelCard) c).compactScore(compact);
        int cols = bestCols, rows = (n + cols - 1) / cols;
        double imgH = Math.max(MIN_IMAGE, bestImg);
        double colW = columnWidth(w, cols);
        double cellW = Math.max(MIN_IMAGE, Math.min(colW, imgH * aspect));
        double chrome = chromeHeight(cards, cellW, compact);
        if (cellW < colW && imgH + chrome > (h - GAP * (rows - 1)) / rows + 0.5) {
            // a card as narrow as its picture wraps its caption onto more lines than the column count was chosen
            // with, and no longer fits the row (900 x 600: two rows of 232 px cards in 361 px): keep the column's
            // width, as when the choice was made
            cellW = colW;
            chrome = chromeHeight(cards, cellW, compact);
        }
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

    /** Below this picture height the scores drop their curves. */
    static final double MIN_PICTURE = 64;

    /** The column count that gives the largest pictures. */
    private static int bestColumns(List<Node> cards, double w, double h, double aspect, boolean compact) {
        int best = 1;
        double bestImg = -1;
        for (int cols = 1; cols <= maxColumns(cards.size(), w); cols++) {
            double img = imageHeight(cards, w, h, aspect, cols, compact);
            if (img > bestImg + 0.5) {
                bestImg = img;
                best = cols;
            }
        }
        return best;
    }

    private static double imageHeight(List<Node> cards, double w, double h, double aspect, int cols, boolean compact) {
        int rows = (cards.size() + cols - 1) / cols;
        double cellW = columnWidth(w, cols);
        double cellH = (h - GAP * (rows - 1)) / rows;
        return Math.min(cellW / aspect, cellH - chromeHeight(cards, cellW, compact));
    }

    private static double columnWidth(double w, int cols) {
        return (w - GAP * (cols - 1)) / cols;
    }

    /** The most columns of at least {@link #MIN_CARD_WIDTH} (one at any width). */
    private static int maxColumns(int cards, double w) {
        int cols = 1;
        while (cols < cards && columnWidth(w, cols + 1) >= MIN_CARD_WIDTH) cols++;
        return cols;
    }

    /** The tallest title + caption (+ score) at this width: captions differ in length, and none may be cut off. */
    private static double chromeHeight(List<Node> cards, double width, boolean compact) {
        double h = 0;
        for (Node n : cards) h = Math.max(h, ((PanelCard) n).chromeHeight(width, compact));
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

    /**
     * Narrowest column: below it titles and captions wrap word by word (760 x 520 gave five 70 px cards with one
     * letter per line); fewer, wider columns and a scrolling area instead.
     */
    static final double MIN_CARD_WIDTH = 150;

    /** Width allowed for the panels' vertical scroll bar when the min height is worked out. */
    private static final double SCROLL_BAR = 16;

    /** The least picture height the grid keeps; below it the area scrolls (see {@link #computeMinHeight}). */
    static final double MIN_IMAGE = 48;

    /**
     * The least height in which some column count gives every picture {@link #MIN_IMAGE} px with the scores' numbers
     * only: in a shorter area the panels' scroll pane scrolls instead of the cards running past its edge.
     */
    @Override
    protected double computeMinHeight(double width) {
        List<Node> cards = getManagedChildren();
        // ScrollPane asks for the min height at width −1 (fitToHeight): the width the grid has now stands in
        double full = width > 0 ? width : getWidth();
        if (full <= 0 || cards.isEmpty()) return 100;
        // less the vertical scroll bar that a taller grid brings (captions wrap at the narrower width)
        double w = full - snappedLeftInset() - snappedRightInset() - SCROLL_BAR;
        double best = Double.MAX_VALUE;
        for (int cols = 1; cols <= maxColumns(cards.size(), w); cols++) {
            int rows = (cards.size() + cols - 1) / cols;
            best = Math.min(best, rows * (MIN_IMAGE + chromeHeight(cards, columnWidth(w, cols), true)) + (rows - 1) * GAP);
        }
        return Math.max(100, best + snappedTopInset() + snappedBottomInset());
    }
}
