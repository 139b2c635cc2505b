package dev.gradlens.app.view;

import dev.gradlens.app.render.ArgbPicture;
import dev.gradlens.app.viewmodel.ExplanationViewModel;
import dev.gradlens.app.viewmodel.PanelItem;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The panels side by side, the counterfactual banner, the empty-state hint and the enlarged panel. */
public final class PanelsView extends StackPane {
    private final ExplanationViewModel vm;
    private final Function<PanelItem, ContextMenu> menus;
    private final PanelGrid grid = new PanelGrid();
    private final BorderPane enlargedPane = new BorderPane();
    private final ImageView enlargedImage = new ImageView();
    private final Label enlargedTitle = new Label();
    private final Label enlargedCaption = new Label();
    private PanelItem shownEnlarged;

    public PanelsView(ExplanationViewModel vm, Function<PanelItem, ContextMenu> menus, String emptyHint) {
        this.vm = vm;
        this.menus = menus;
        getStyleClass().add("panels-view");

        Label banner = new Label();
        banner.setId("counterfactual-banner");
        banner.getStyleClass().add("counterfactual-banner");
        banner.setGraphic(Icons.icon(Icons.COUNTERFACTUAL));
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.textProperty().bind(Bindings.createStringBinding(() -> {
            var set = vm.getPanelSet();
            String cls = set == null || set.target() == null ? "this class" : "'" + set.target().label() + "'";
            return "Counterfactual: highlighted regions would make the model less sure of " + cls;
        }, vm.panelSetProperty()));
        banner.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.getPanelSet() != null && vm.getPanelSet().counterfactual(),
                vm.panelSetProperty()));
        banner.managedProperty().bind(banner.visibleProperty());

        // The grid fills the area; in a window too small for five cards with pictures of PanelGrid.MIN_IMAGE px it
        // keeps that height (its min height) and the area scrolls, instead of the cards running past its edge.
        javafx.scene.control.ScrollPane scroller = new javafx.scene.control.ScrollPane(grid);
        scroller.setId("panels-scroller");
        scroller.getStyleClass().add("panels-scroller");
        scroller.setFitToWidth(true);
        scroller.setFitToHeight(true);
        scroller.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroller.setVbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.AS_NEEDED);
        VBox main = new VBox(8, banner, scroller);
        VBox.setVgrow(scroller, Priority.ALWAYS);
        main.setPadding(new Insets(10));

        Label empty = new Label(emptyHint);
        empty.setId("empty-hint");
        empty.getStyleClass().add("empty-hint");
        empty.setWrapText(true);
        empty.visibleProperty().bind(Bindings.isEmpty(vm.panels()));
        empty.setMouseTransparent(true);

        buildEnlarged();
        getChildren().addAll(main, empty, enlargedPane);

        vm.panels().addListener((ListChangeListener<PanelItem>) c -> rebuild());
        vm.enlargedProperty().addListener((o, a, b) -> showEnlarged(b));
        rebuild();
        showEnlarged(vm.enlargedProperty().get());
    }

    public PanelGrid grid() {
        return grid;
    }

    /** The card showing the panel with this slot id ("gradcam", "original"...), or null. */
    public PanelCard card(String id) {
        for (PanelCard c : grid.cards()) if (c.item().id().equals(id)) return c;
        return null;
    }

    private void rebuild() {
        List<PanelCard> cards = new ArrayList<>();
        for (PanelItem item : vm.panels()) cards.add(new PanelCard(item, vm, menus));
        grid.setCards(cards);
    }

    private void buildEnlarged() {
        enlargedPane.setId("enlarged-panel");
        enlargedPane.getStyleClass().add("enlarged-panel");
        enlargedPane.setVisible(false);
        enlargedTitle.getStyleClass().add("enlarged-title");
        enlargedCaption.getStyleClass().add("panel-caption");
        enlargedCaption.setWrapText(true);
        Button close = new Button(null, Icons.icon(Icons.CLOSE));
        close.getStyleClass().add("flat-button");
        close.setOnAction(e -> vm.closeEnlarged());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, enlargedTitle, spacer, close);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox head = new VBox(4, top, enlargedCaption);
        head.setPadding(new Insets(12, 16, 8, 16));
        enlargedPane.setTop(head);
        StackPane holder = new StackPane(enlargedImage);
        holder.setMinSize(0, 0);
        holder.setPadding(new Insets(8, 16, 16, 16));
        enlargedImage.setPreserveRatio(true);
        enlargedImage.setSmooth(false);
        enlargedImage.fitWidthProperty().bind(Bindings.max(10, holder.widthProperty().subtract(32)));
        enlargedImage.fitHeightProperty().bind(Bindings.max(10, holder.heightProperty().subtract(24)));
        enlargedPane.setCenter(holder);
        enlargedImage.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            if (shownEnlarged == null) return;
            Bounds b = enlargedImage.getLayoutBounds();
            ArgbPicture p = shownEnlarged.getPicture();
            if (p == null || b.getWidth() <= 0) return;
            vm.hover(shownEnlarged, (int) (e.getX() / b.getWidth() * p.width()), (int) (e.getY() / b.getHeight() * p.height()));
        });
        enlargedImage.addEventHandler(MouseEvent.MOUSE_EXITED, e -> vm.hoverExit());
        holder.setOnMouseClicked(e -> vm.closeEnlarged());
    }

    private void showEnlarged(PanelItem item) {
        shownEnlarged = item;
        enlargedPane.setVisible(item != null);
        if (item == null) {
            enlargedImage.imageProperty().unbind();
            enlargedImage.setImage(null);
            return;
        }
        enlargedTitle.setText(item.title());
        enlargedCaption.setText(item.caption());
        enlargedImage.imageProperty().bind(Bindings.createObjectBinding(
                () -> item.getPicture() == null ? null : FxImages.toFx(item.getPicture()), item.pictureProperty()));
        ContextMenu menu = menus.apply(item);
        enlargedImage.setOnContextMenuRequested(menu == null ? null : e -> menu.show(enlargedImage, e.getScreenX(), e.getScreenY()));
    }
}
