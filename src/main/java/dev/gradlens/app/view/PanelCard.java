package dev.gradlens.app.view;

import dev.gradlens.app.render.ArgbPicture;
import dev.gradlens.app.viewmodel.ExplanationViewModel;
import dev.gradlens.app.viewmodel.PanelItem;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

import java.util.function.Function;

/**
 * One captioned panel: title (with a counterfactual/flat badge), the picture scaled to fit, the
 * engine's caption. Click enlarges, hover reports the value under the pointer, right-click offers export.
 */
public final class PanelCard extends Region {
    private final PanelItem item;
    private final HBox header = new HBox(6);
    private final ImageView imageView = new ImageView();
    private final StackPane frame = new StackPane(imageView);
    private final Label caption = new Label();
    private final PanelScoreView score;
    /** The score's clip: cut at the card's edge in a window too small for it. */
    private final javafx.scene.shape.Rectangle scoreClip = new javafx.scene.shape.Rectangle();

    public PanelCard(PanelItem item, ExplanationViewModel vm, Function<PanelItem, ContextMenu> menus) {
        this.item = item;
        getStyleClass().add("panel-card");
        setId("panel-" + item.id());
        Label title = new Label(item.title());
        title.getStyleClass().add("panel-title");
        title.setMinWidth(0);
        // Long titles ("Counterfactual Guided Grad-CAM++") wrap onto a second line instead of being cut;
        // the grid sizes the picture from the header's height at the card's width (chromeHeight).
        title.setWrapText(true);
        header.getChildren().add(title);
        header.setAlignment(Pos.CENTER_LEFT);
        if (item.counterfactual()) {
            // The title already starts with "Counterfactual" and the card is outlined in the
            // counterfactual colour: a badge as well would only squeeze the title.
            Tooltip.install(title, new Tooltip(item.title() + ": regions that would make the model less sure of the class"));
            getStyleClass().add("counterfactual");
        }
        if (item.flat()) {
            Label badge = new Label("flat map");
            badge.getStyleClass().addAll("badge", "badge-flat");
            Tooltip.install(badge, new Tooltip("The map was constant (e.g. an all-zero CAM): shown as zeros"));
            header.getChildren().add(badge);
        }
        caption.setText(item.caption());
        caption.getStyleClass().add("panel-caption");
        caption.setWrapText(true);
        caption.setMinWidth(0);
        Tooltip.install(caption, new Tooltip(item.caption()));
        imageView.setPreserveRatio(true);
        imageView.setSmooth(false);
        frame.getStyleClass().add("panel-frame");
        frame.setCursor(Cursor.HAND);
        getChildren().addAll(header, frame, caption);
        // the Score action of panels with a map: a button in the header, the numbers and curves under the caption
        var scoreVm = vm.scores().of(item);
        score = scoreVm == null ? null : new PanelScoreView(scoreVm, () -> vm.scores().score(item), item.id());
        if (score != null) {
            Region spacer = new Region();
            HBox.setHgrow(spacer, javafx.scene.layout.Priority.ALWAYS);
            header.getChildren().addAll(spacer, score.button());
            getChildren().add(score);
            score.setClip(scoreClip);
            score.managedProperty().addListener((o, a, b) -> {
                if (getParent() != null) getParent().requestLayout();
            });
        }

        show(item.getPicture());
        item.pictureProperty().addListener((o, a, b) -> show(b));

        frame.addEventHandler(MouseEvent.MOUSE_MOVED, e -> vm.hover(item, pixelX(e), pixelY(e)));
        frame.addEventHandler(MouseEvent.MOUSE_EXITED, e -> vm.hoverExit());
        frame.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY) vm.enlarge(item);
        });
        ContextMenu menu = menus.apply(item);
        if (menu != null) frame.setOnContextMenuRequested(e -> menu.show(frame, e.getScreenX(), e.getScreenY()));
    }

    public PanelItem item() {
        return item;
    }

    public ImageView imageView() {
        return imageView;
    }

    /** The Score action's view, or null for a panel without a map. */
    public PanelScoreView scoreView() {
        return score;
    }

    private double scoreHeight(double width) {
        return score == null || !score.isManaged() ? 0 : score.prefHeight(width) + 4;
    }

    private void show(ArgbPicture p) {
        if (p == null) imageView.setImage(null);
        else imageView.setImage(FxImages.update(imageView.getImage(), p));
    }

    private int pixelX(MouseEvent e) {
        Bounds b = imageView.getBoundsInParent();
        ArgbPicture p = item.getPicture();
        if (p == null || b.getWidth() <= 0) return -1;
        return (int) Math.floor((e.getX() - b.getMinX()) / b.getWidth() * p.width());
    }

    private int pixelY(MouseEvent e) {
        Bounds b = imageView.getBoundsInParent();
        ArgbPicture p = item.getPicture();
        if (p == null || b.getHeight() <= 0) return -1;
        return (int) Math.floor((e.getY() - b.getMinY()) / b.getHeight() * p.height());
    }

    /**
     * Height taken by the title, caption and score at this card width, with the score's curves shown or not (the
     * grid's choice for a small window), so the grid can size the picture.
     */
    double chromeHeight(double width, boolean compactScore) {
        double inner = width - snappedLeftInset() - snappedRightInset();
        double sh = score == null || !score.isManaged() ? 0 : score.heightFor(inner, compactScore) + 4;
        return header.prefHeight(inner) + caption.prefHeight(inner) + sh + snappedTopInset() + snappedBottomInset() + 8;
    }

    /** Shows the score's numbers only (true) or with its curves. */
    void compactScore(boolean compact) {
        if (score != null) score.setCompact(compact);
    }

    double aspect() {
        ArgbPicture p = item.getPicture();
        return p == null || p.height() == 0 ? 1 : (double) p.width() / p.height();
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset(), y = snappedTopInset();
        double w = getWidth() - x - snappedRightInset();
        double h = getHeight() - y - snappedBottomInset();
        double hh = header.prefHeight(w);
        double ch = caption.prefHeight(w);
        double sh = scoreHeight(w);
        header.resizeRelocate(x, y, w, hh);
        double imgH = Math.max(1, h - hh - ch - sh - 8);
        double a = aspect();
        double iw = Math.min(w, imgH * a), ih = iw / a;
        imageView.setFitWidth(iw);
        imageView.setFitHeight(ih);
        frame.resizeRelocate(x, y + hh + 4, w, ih);
        caption.resizeRelocate(x, y + hh + 4 + ih + 4, w, ch);
        if (sh > 0) {
            // however small the window, the score is cut at the card's edge rather than drawn over the next card
            double sy = y + hh + 4 + ih + 4 + ch + 4;
            double sHeight = Math.max(0, Math.min(sh - 4, y + h - sy));
            score.resizeRelocate(x, sy, w, sHeight);
            scoreClip.setWidth(w);
            scoreClip.setHeight(sHeight);
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return 240;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 240 / aspect() + chromeHeight(width, score != null && score.isCompact());
    }
}
