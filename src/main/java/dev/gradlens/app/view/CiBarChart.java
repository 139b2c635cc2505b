package dev.gradlens.app.view;

import dev.gradlens.app.viewmodel.CiBar;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Grouped bars with 95 % interval whiskers on a Canvas (JavaFX's BarChart has no error bars): one group
 * per category, one bar per series, an optional dashed reference mark per bar (a region's area). Values
 * are shares in [0, 1] (axis in %) or, with {@link #setSigned}, differences in [-1, 1] (axis in points
 * around a zero line). Hovering a bar shows its tip; clicking anywhere in its column calls the click
 * handler with the bar. The same look as the report's PNG charts (audit.BarChart), for the window.
 */
public final class CiBarChart extends CanvasChart {
    private static final Color[] PALETTE = {Color.web("#1f77b4"), Color.web("#ff7f0e"), Color.web("#2ca02c"), Color.web("#d62728"),
            Color.web("#9467bd"), Color.web("#8c564b"), Color.web("#e377c2"), Color.web("#7f7f7f"), Color.web("#bcbd22"), Color.web("#17becf")};
    private static final double BAR_W = 20, GAP = 18, LEFT = 58, RIGHT = 16, TOP = 30, BOTTOM = 64, LEGEND_ROW = 18, NOTE = 18;

    private final Tooltip tip = new Tooltip();
    private List<CiBar> bars = List.of();
    private final List<String> categories = new ArrayList<>();
    private final List<String> series = new ArrayList<>();
    private final Map<CiBar, double[]> columns = new LinkedHashMap<>(); // bar → {x, width} of its clickable column
    private String title = "";
    private String yLabel = "";
    private boolean signed;
    private Consumer<CiBar> onClick = b -> { };
    private CiBar hovered;

    public CiBarChart() {
        getStyleClass().add("ci-bar-chart");
        tip.setShowDelay(Duration.millis(150));
        setMinHeight(240);
        setPrefHeight(300);
        canvas.setOnMouseMoved(e -> hover(barAt(e.getX(), e.getY())));
        canvas.setOnMouseExited(e -> hover(null));
        canvas.setOnMouseClicked(e -> {
            CiBar b = barAt(e.getX(), e.getY());
            if (b != null) onClick.accept(b);
        });
    }

    public void setTitle(String title) {
        this.title = title == null ? "" : title;
        draw();
    }

    public void setYLabel(String label) {
        this.yLabel = label == null ? "" : label;
        draw();
    }

    /** Differences in [-1, 1] around a zero line instead of shares in [0, 1]. */
    public void setSigned(boolean signed) {
        this.signed = signed;
        draw();
    }

    public void setOnBarClicked(Consumer<CiBar> handler) {
        this.onClick = handler == null ? b -> { } : handler;
    }

    public void setBars(List<CiBar> list) {
        bars = List.copyOf(list);
        categories.clear();
        series.clear();
        for (CiBar b : bars) {
            if (!categories.contains(b.category())) categories.add(b.category());
            if (!series.contains(b.series())) series.add(b.series());
        }
        setPrefWidth(Math.max(420, LEFT + RIGHT + GAP + categories.size() * (Math.max(1, series.size()) * BAR_W + GAP)));
        requestLayout();
        draw();
    }

    public List<CiBar> bars() {
        return bars;
    }

    /** Where a bar's clickable column lies, in this chart's coordinates (for tests and tours). */
    public Bounds columnOf(CiBar bar) {
        double[] c = columns.get(bar);
        return c == null ? null : new BoundingBox(c[0], TOP, c[1], plotHeight());
    }

    /** The bar whose column holds the point, or null. */
    public CiBar barAt(double x, double y) {
        if (y < TOP || y > TOP + plotHeight()) return null;
        for (Map.Entry<CiBar, double[]> e : columns.entrySet()) {
            double[] c = e.getValue();
            if (x >= c[0] && x < c[0] + c[1]) return e.getKey();
        }
        return null;
    }

    private void hover(CiBar b) {
        if (b == hovered) return;
        hovered = b;
        if (b == null) {
            Tooltip.uninstall(canvas, tip);
            setCursor(javafx.scene.Cursor.DEFAULT);
        } else {
            tip.setText(b.tip() + (b.empty() ? "" : "\nclick: these images in the failure browser"));
            Tooltip.install(canvas, tip);
            setCursor(javafx.scene.Cursor.HAND);
        }
    }

    @Override
    protected double computePrefHeight(double width) {
        return 300;
    }

    private int legendRows() {
        return Math.max(1, (series.size() + 3) / 4);
    }

    private double plotHeight() {
        return Math.max(60, canvas.getHeight() - TOP - BOTTOM - legendRows() * LEGEND_ROW - NOTE);
    }

    private double y(double v, double plotH) {
        double lo = signed ? -1 : 0;
        double c = Math.max(lo, Math.min(1, v));
        return TOP + plotH * (1 - (c - lo) / (1 - lo));
    }

    @Override
    protected void draw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        columns.clear();
        if (w <= 0 || h <= 0) return;
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFill(Color.BLACK);
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BASELINE);
        g.fillText(title, 8, 18);
        double plotH = plotHeight(), plotW = w - LEFT - RIGHT;
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        // grid and axis labels
        for (int t = signed ? -10 : 0; t <= 10; t += signed ? 5 : 2) {
            double yy = Math.round(y(t / 10.0, plotH)) + 0.5;
            g.setStroke(t == 0 && signed ? Color.web("#555555") : Color.web("#dddddd"));
            g.setLineWidth(1);
            g.strokeLine(LEFT, yy, LEFT + plotW, yy);
            g.setFill(Color.web("#333333"));
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(signed ? String.format(Locale.ROOT, "%+d", t * 10).replace("+0", "0") : (t * 10) + " %", LEFT - 6, yy);
        }
        g.save();
        g.translate(12, TOP + plotH / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(yLabel, 0, 0);
        g.restore();
        if (bars.isEmpty()) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setFill(Color.GRAY);
            g.fillText("nothing to show", LEFT + plotW / 2, TOP + plotH / 2);
            return;
        }
        int ns = Math.max(1, series.size());
        double baseY = y(0, plotH);
        for (CiBar b : bars) {
            int c = categories.indexOf(b.category()), s = series.indexOf(b.series());
            double gx = LEFT + GAP + c * (ns * BAR_W + GAP), x = gx + s * BAR_W;
            columns.put(b, new double[] {x, BAR_W});
            Color colour = PALETTE[s % PALETTE.length];
            if (b.empty()) {
                g.setFill(Color.GRAY);
                g.setTextAlign(TextAlignment.CENTER);
                g.fillText("–", x + BAR_W / 2, baseY - 8);
            } else {
                double top = y(b.mean(), plotH);
                g.setFill(colour);
                g.fillRect(x + 1, Math.min(top, baseY), BAR_W - 2, Math.max(1, Math.abs(baseY - top)));
                if (!Double.isNaN(b.lo()) && !Double.isNaN(b.hi())) {
                    double yl = y(b.lo(), plotH), yh = y(b.hi(), plotH), cx = x + BAR_W / 2;
                    g.setStroke(Color.BLACK);
                    g.setLineWidth(1.2);
                    g.strokeLine(cx, yl, cx, yh);
                    g.strokeLine(cx - 4, yl, cx + 4, yl);
                    g.strokeLine(cx - 4, yh, cx + 4, yh);
                }
            }
            if (!Double.isNaN(b.reference())) {
                double yr = y(b.reference(), plotH);
                g.setStroke(Color.web("#333333"));
                g.setLineWidth(2);
                g.setLineDashes(3, 2);
                g.strokeLine(x - 1, yr, x + BAR_W, yr);
                g.setLineDashes();
            }
            if (b == hovered) {
                g.setStroke(Color.web("#000000", 0.5));
                g.setLineWidth(1);
                g.strokeRect(x + 0.5, TOP + 0.5, BAR_W - 1, plotH - 1);
            }
        }
        // category labels under the groups, turned 30°
        g.setFill(Color.BLACK);
        for (int c = 0; c < categories.size(); c++) {
            double cx = LEFT + GAP + c * (ns * BAR_W + GAP) + ns * BAR_W / 2;
            g.save();
            g.translate(cx, TOP + plotH + 8);
            g.rotate(-30);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.TOP);
            g.fillText(shorten(categories.get(c), 22), 0, 0);
            g.restore();
        }
        g.setStroke(Color.BLACK);
        g.setLineWidth(1);
        g.strokeLine(LEFT, TOP + plotH + 0.5, LEFT + plotW, TOP + plotH + 0.5);
        // legend: series colours, then what the marks mean
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        double ly = TOP + plotH + BOTTOM + LEGEND_ROW / 2, col = Math.max(120, (w - LEFT) / 4);
        for (int s = 0; s < series.size(); s++) {
            double lx = LEFT + (s % 4) * col, yy = ly + (s / 4) * LEGEND_ROW;
            g.setFill(PALETTE[s % PALETTE.length]);
            g.fillRect(lx, yy - 6, 12, 12);
            g.setFill(Color.BLACK);
            g.fillText(shorten(series.get(s), (int) (col / 7)), lx + 16, yy);
        }
        boolean refs = bars.stream().anyMatch(b -> !Double.isNaN(b.reference()));
        g.setFill(Color.web("#444444"));
        g.fillText("whiskers: 95 % bootstrap interval" + (refs ? "; dashed: the region's mean area" : "") + "; –: no images", LEFT, h - NOTE / 2);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 1)) + "…";
    }
}
