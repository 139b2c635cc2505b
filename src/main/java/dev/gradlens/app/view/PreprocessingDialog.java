package dev.gradlens.app.view;

import dev.gradlens.inference.Layout;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.inference.ResizeMode;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.Locale;

/**
 * How images become the model's input when no descriptor says so: input size, resize/crop,
 * scale and mean/std, RGB/BGR, channels, layout; with presets for the common conventions.
 */
public final class PreprocessingDialog extends Dialog<Preprocessing> {
    private final Spinner<Integer> width = new Spinner<>(1, 4096, 224);
    private final Spinner<Integer> height = new Spinner<>(1, 4096, 224);
    private final ComboBox<ResizeMode> resize = new ComboBox<>();
    private final Spinner<Integer> shorter = new Spinner<>(1, 8192, 256);
    private final TextField scale = new TextField();
    private final TextField mean = new TextField();
    private final TextField std = new TextField();
    private final ComboBox<String> order = new ComboBox<>();
    private final ComboBox<Integer> channels = new ComboBox<>();
    private final ComboBox<Layout> layout = new ComboBox<>();

    public PreprocessingDialog(Window owner, String modelName, Preprocessing current) {
        if (owner != null) initOwner(owner);
        setTitle("Preprocessing");
        setHeaderText("How should images be prepared for " + modelName + "?\n"
                + "No descriptor was found: ImageNet conventions were assumed.");
        setResizable(true);
        resize.getItems().setAll(ResizeMode.values());
        resize.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ResizeMode m) {
                if (m == null) return "";
                return switch (m) {
                    case STRETCH -> "Stretch to the input size";
                    case STRETCH_ALIGN_CORNERS -> "Stretch (align corners, no antialiasing)";
                    case SHORTER_SIDE_CENTER_CROP -> "Shorter side, then centre crop";
                };
            }

            @Override
            public ResizeMode fromString(String s) {
                return null;
            }
        });
        order.getItems().setAll("RGB", "BGR");
        channels.getItems().setAll(3, 1);
        layout.getItems().setAll(Layout.values());
        for (Spinner<Integer> s : java.util.List.of(width, height, shorter)) {
            s.setEditable(true);
            s.setPrefWidth(96);
        }
        shorter.disableProperty().bind(resize.valueProperty().isNotEqualTo(ResizeMode.SHORTER_SIDE_CENTER_CROP));
        set(current);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        int r = 0;
        grid.addRow(r++, new Label("Input size"), new HBox(6, width, new Label("×"), height));
        grid.addRow(r++, new Label("Resize"), resize);
        grid.addRow(r++, new Label("Shorter side"), shorter);
        grid.addRow(r++, new Label("Scale"), scale, hint("pixel × scale, e.g. 1/255 = 0.0039215"));
        grid.addRow(r++, new Label("Mean"), mean, hint("per channel, comma-separated (or one value)"));
        grid.addRow(r++, new Label("Std"), std, hint("value = (pixel × scale − mean) / std"));
        grid.addRow(r++, new Label("Colour order"), order);
        grid.addRow(r++, new Label("Channels"), channels);
        grid.addRow(r++, new Label("Layout"), layout);

        Button imagenet = preset("ImageNet mean/std", () -> set(Preprocessing.imagenet(width.getValue(), height.getValue(), layout.getValue(), channels.getValue())));
        Button unit = preset("[0, 1]", () -> setValues(1f / 255f, "0", "1"));
        Button inception = preset("[−1, 1]", () -> setValues(1f / 127.5f, "1", "1"));
        Button raw = preset("[0, 255]", () -> setValues(1f, "0", "1"));
        Button caffe = preset("Caffe (BGR, mean 0–255)", () -> {
            setValues(1f, "103.939, 116.779, 123.68", "1");
            order.setValue("BGR");
        });
        HBox presets = new HBox(6, new Label("Presets:"), imagenet, unit, inception, raw, caffe);

        Label error = new Label();
        error.getStyleClass().add("error-text");
        VBox content = new VBox(12, grid, presets, error);
        content.setPadding(new Insets(8));
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Node ok = getDialogPane().lookupButton(ButtonType.OK);
        ((Button) ok).setText("Re-open model");

        BooleanBinding invalid = Bindings.createBooleanBinding(() -> {
            String e = validate();
            error.setText(e == null ? "" : e);
            return e != null;
        }, scale.textProperty(), mean.textProperty(), std.textProperty(), channels.valueProperty(),
                width.valueProperty(), height.valueProperty());
        ok.disableProperty().bind(invalid);
        setResultConverter(b -> b != null && b.getButtonData() == ButtonBar.ButtonData.OK_DONE ? build() : null);
    }

    private static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint");
        return l;
    }

    private static Button preset(String text, Runnable action) {
        Button b = new Button(text);
        b.getStyleClass().add("small-button");
        b.setOnAction(e -> action.run());
        return b;
    }

    private void setValues(float s, String m, String sd) {
        scale.setText(fmt(s));
        mean.setText(m);
        std.setText(sd);
    }

    private void set(Preprocessing p) {
        if (p == null) p = Preprocessing.imagenet(224, 224, Layout.NCHW, 3);
        width.getValueFactory().setValue(p.width());
        height.getValueFactory().setValue(p.height());
        resize.setValue(p.resize());
        shorter.getValueFactory().setValue(Math.max(1, p.resizeShorter()));
        scale.setText(fmt(p.scale()));
        mean.setText(join(p.mean()));
        std.setText(join(p.std()));
        order.setValue(p.bgr() ? "BGR" : "RGB");
        channels.setValue(p.channels());
        layout.setValue(p.layout());
    }

    private String validate() {
        try {
            build();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** The chosen preprocessing; throws IllegalArgumentException with a readable message when a field is wrong. */
    public Preprocessing build() {
        float s = number(scale.getText(), "Scale");
        float[] m = numbers(mean.getText(), "Mean");
        float[] sd = numbers(std.getText(), "Std");
        for (float v : sd) if (v == 0) throw new IllegalArgumentException("Std must not be 0");
        int ch = channels.getValue() == null ? 3 : channels.getValue();
        return new Preprocessing(width.getValue(), height.getValue(), layout.getValue(), ch, "BGR".equals(order.getValue()),
                resize.getValue(), shorter.getValue(), s, m, sd);
    }

    private static float number(String text, String what) {
        String t = text == null ? "" : text.trim();
        try {
            int slash = t.indexOf('/');
            if (slash > 0) return Float.parseFloat(t.substring(0, slash).trim()) / Float.parseFloat(t.substring(slash + 1).trim());
            return Float.parseFloat(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + t + "' is not a number");
        }
    }

    private static float[] numbers(String text, String what) {
        String[] parts = (text == null ? "" : text).split("[,;\\s]+");
        java.util.List<Float> out = new java.util.ArrayList<>();
        for (String p : parts) if (!p.isBlank()) out.add(number(p, what));
        if (out.isEmpty()) throw new IllegalArgumentException(what + " needs a value");
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }

    private static String join(float[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) b.append(", ");
            b.append(fmt(values[i]));
        }
        return b.toString();
    }

    private static String fmt(float v) {
        String s = String.format(Locale.ROOT, "%.7g", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
