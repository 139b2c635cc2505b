package dev.gradlens.app.viewmodel;

import dev.gradlens.app.render.ArgbPicture;
import dev.gradlens.app.render.PanelRenderer;
import dev.gradlens.app.render.ColormapChoice;
import dev.gradlens.explain.MethodId;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.service.Panel;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.Locale;

/** One tile of the side-by-side figure: the original view or one method's panel, with its rendered pixels. */
public final class PanelItem {
    public enum Kind {
        /** The part of the photo the model saw. */
        ORIGINAL,
        /** A [0,1] heat map drawn over the view: follows opacity and colormap. */
        HEATMAP,
        /** An RGB picture (guided backprop and the like): drawn as is. */
        PICTURE
    }

    private final Kind kind;
    private final Panel panel;
    private final RgbImage view;
    private final String title;
    private final String caption;
    private final ReadOnlyObjectWrapper<ArgbPicture> picture = new ReadOnlyObjectWrapper<>(this, "picture");
    private int[] heat;
    private ColormapChoice heatColormap;

    PanelItem(RgbImage view, Panel panel, String originalCaption) {
        this.view = view;
        this.panel = panel;
        if (panel == null) {
            kind = Kind.ORIGINAL;
            title = "Original";
            caption = originalCaption;
            picture.set(ArgbPicture.of(view));
        } else {
            kind = panel.channels() == 1 ? Kind.HEATMAP : Kind.PICTURE;
            title = titleOf(panel.method(), panel.counterfactual());
            caption = panel.caption() == null || panel.caption().isBlank() ? title : panel.caption();
            if (kind == Kind.PICTURE) picture.set(PanelRenderer.rgb(panel));
        }
    }

    /** The tile title: counterfactual CAMs are visibly labelled as such. */
    public static String titleOf(MethodId method, boolean counterfactual) {
        if (!counterfactual) return method.title();
        return switch (method) {
            case GRADCAM, GRADCAM_COUNTERFACTUAL -> MethodId.GRADCAM_COUNTERFACTUAL.title();
            case GRADCAMPP, GRADCAMPP_COUNTERFACTUAL -> MethodId.GRADCAMPP_COUNTERFACTUAL.title();
            default -> "Counterfactual " + method.title();
        };
    }

    /** Heat maps: re-colours only when the colormap changed, then blends (an opacity step is a blend only). */
    void render(double opacity, ColormapChoice colormap) {
        if (kind != Kind.HEATMAP) return;
        if (heat == null || heatColormap != colormap) {
            heat = PanelRenderer.colour(view, panel, colormap);
            heatColormap = colormap;
        }
        picture.set(PanelRenderer.blend(view, heat, opacity));
    }

    public Kind kind() {
        return kind;
    }

    /** The engine's panel, or null for the original. */
    public Panel panel() {
        return panel;
    }

    public MethodId method() {
        return panel == null ? null : panel.method();
    }

    /** A stable slot id ("original", "gradcam", "gradcam-counterfactual"...), used for file names and re-enlarging. */
    public String id() {
        if (panel == null) return "original";
        String id = panel.method().id();
        return panel.counterfactual() && !id.endsWith("-counterfactual") ? id + "-counterfactual" : id;
    }

    public String title() {
        return title;
    }

    /** The slot regardless of counterfactual ("gradcam" for both Grad-CAM variants): keeps a panel enlarged across toggles. */
    String slot() {
        if (panel == null) return "original";
        return switch (panel.method()) {
            case GRADCAM_COUNTERFACTUAL -> MethodId.GRADCAM.id();
            case GRADCAMPP_COUNTERFACTUAL -> MethodId.GRADCAMPP.id();
            case GUIDED_GRADCAMPP -> MethodId.GUIDED_GRADCAM.id();
            default -> panel.method().id();
        };
    }

    public String caption() {
        return caption;
    }

    public boolean counterfactual() {
        return panel != null && panel.counterfactual();
    }

    public boolean flat() {
        return panel != null && panel.flat();
    }

    public ReadOnlyObjectProperty<ArgbPicture> pictureProperty() {
        return picture.getReadOnlyProperty();
    }

    public ArgbPicture getPicture() {
        return picture.get();
    }

    /** What the pointer is over, at (x, y) in picture pixels. */
    public String readout(int x, int y) {
        ArgbPicture p = picture.get();
        if (p == null || x < 0 || y < 0 || x >= p.width() || y >= p.height()) return "";
        String at = " at (" + x + ", " + y + ")";
        switch (kind) {
            case HEATMAP -> {
                int px = Math.min(panel.width() - 1, x * panel.width() / p.width());
                int py = Math.min(panel.height() - 1, y * panel.height() / p.height());
                return title + ": " + String.format(Locale.ROOT, "%.3f", panel.valueAt(px, py)) + at;
            }
            case PICTURE -> {
                int n = panel.width() * panel.height(), i = y * panel.width() + x;
                float[] d = panel.display();
                if (panel.channels() >= 3) {
                    return title + ": " + String.format(Locale.ROOT, "r %.2f  g %.2f  b %.2f", d[i], d[n + i], d[2 * n + i]) + at;
                }
                return title + ": " + String.format(Locale.ROOT, "%.3f", d[i]) + at;
            }
            default -> {
                int c = view.get(x, y);
                return "Original: " + String.format(Locale.ROOT, "#%06X", c & 0xFFFFFF) + at;
            }
        }
    }

    @Override
    public String toString() {
        return "PanelItem[" + id() + ", " + title + "]";
    }
}
