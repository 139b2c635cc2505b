package dev.gradlens.app.view;

import dev.gradlens.app.render.ColormapChoice;
import dev.gradlens.app.viewmodel.ExplanationViewModel;
import dev.gradlens.app.viewmodel.ExplanationViewModel.LayerChoice;
import dev.gradlens.explain.MethodId;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;

import java.util.Locale;

/** The settings over the panels: opacity, colormap with legend, counterfactual, layer, guided variant, extra method. */
public final class ControlsView extends FlowPane {
    private final Slider opacity = new Slider(0, 1, 0.5);
    private final ComboBox<ColormapChoice> colormap = new ComboBox<>();
    private final ToggleButton counterfactual = new ToggleButton("Counterfactual", Icons.icon(Icons.COUNTERFACTUAL));
    private final ComboBox<LayerChoice> layer = new ComboBox<>();
    private final ToggleButton guidedPlusPlus = new ToggleButton("Guided Grad-CAM++");
    private final MenuButton method = new MenuButton();

    public ControlsView(ExplanationViewModel vm) {
        super(18, 8);
        getStyleClass().add("controls-view");
        setPadding(new Insets(8, 12, 8, 12));
        setAlignment(Pos.CENTER_LEFT);

        opacity.setId("opacity");
        opacity.setBlockIncrement(0.05);
        opacity.valueProperty().bindBidirectional(vm.opacityProperty());
        opacity.setTooltip(new Tooltip("Heat-map opacity over the image ([ and ])"));
        Label percent = new Label();
        percent.getStyleClass().add("value-label");
        percent.setMinWidth(40);
        percent.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%d%%", Math.round(100 * vm.opacityProperty().get())), vm.opacityProperty()));

        colormap.setId("colormap");
        colormap.getItems().setAll(ColormapChoice.values());
        colormap.valueProperty().bindBidirectional(vm.colormapProperty());
        colormap.setTooltip(new Tooltip("Colormap of the heat maps (M)"));

        counterfactual.setId("counterfactual");
        counterfactual.getStyleClass().add("counterfactual-toggle");
        counterfactual.selectedProperty().bindBidirectional(vm.counterfactualProperty());
        counterfactual.setTooltip(new Tooltip("Negative-gradient maps: what would make the model less sure of the class (C)"));

        layer.setId("layer");
        layer.setItems(vm.layerChoices());
        layer.valueProperty().bindBidirectional(vm.layerProperty());
        layer.setTooltip(new Tooltip("The layer the CAMs are computed on (L)"));

        guidedPlusPlus.setId("guided-variant");
        guidedPlusPlus.selectedProperty().bindBidirectional(vm.guidedPlusPlusProperty());
        guidedPlusPlus.setTooltip(new Tooltip("Show Guided Grad-CAM++ instead of Guided Grad-CAM (G)"));

        method.setId("extra-method");
        method.setGraphic(Icons.icon(Icons.METHOD));
        method.setTooltip(new Tooltip("An extra panel with another method (X)"));
        ToggleGroup group = new ToggleGroup();
        RadioMenuItem none = new RadioMenuItem("No extra method");
        none.setToggleGroup(group);
        none.setOnAction(e -> vm.extraMethodProperty().set(null));
        method.getItems().add(none);
        for (MethodId m : ExplanationViewModel.EXTRA_METHODS) {
            RadioMenuItem item = new RadioMenuItem(m.title());
            item.setId("method-" + m.id());
            item.setUserData(m);
            item.setToggleGroup(group);
            item.setOnAction(e -> vm.extraMethodProperty().set(m));
            method.getItems().add(item);
        }
        Runnable sync = () -> {
            MethodId m = vm.extraMethodProperty().get();
            method.setText(m == null ? "Extra method" : m.title());
            group.getToggles().forEach(t -> t.setSelected(t.getUserData() == m));
        };
        vm.extraMethodProperty().addListener((o, a, b) -> sync.run());
        sync.run();

        getChildren().addAll(
                group(Icons.OPACITY, "Opacity", opacity, percent),
                group(Icons.COLORMAP, "Colormap", colormap, new ColormapLegend(vm.colormapProperty())),
                counterfactual,
                group(Icons.LAYER, "Layer", layer),
                guidedPlusPlus,
                method);
    }

    private static HBox group(String icon, String text, Node... nodes) {
        Label label = new Label(text, Icons.icon(icon));
        label.getStyleClass().add("control-label");
        HBox box = new HBox(6, label);
        box.getChildren().addAll(nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    public Slider opacitySlider() {
        return opacity;
    }

    public ComboBox<LayerChoice> layerBox() {
        return layer;
    }

    public ToggleButton counterfactualToggle() {
        return counterfactual;
    }
}
