package dev.gradlens.app.view;

import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;

/** The Material Design 2 icon literals the window uses (one place, so a test can check they all resolve). */
public final class Icons {
    public static final String OPEN_IMAGE = "mdi2f-folder-open-outline";
    public static final String SAMPLES = "mdi2i-image-multiple-outline";
    public static final String PASTE = "mdi2c-content-paste";
    public static final String RECENT = "mdi2h-history";
    public static final String MODEL = "mdi2b-brain";
    public static final String PREPROCESSING = "mdi2t-tune-variant";
    public static final String SAVE = "mdi2c-content-save-outline";
    public static final String COPY = "mdi2c-content-copy";
    public static final String RAW = "mdi2d-database-export-outline";
    public static final String LECTURE = "mdi2p-projector-screen";
    public static final String THEME = "mdi2t-theme-light-dark";
    public static final String SEARCH = "mdi2m-magnify";
    public static final String CLOSE = "mdi2c-close";
    public static final String CANCEL = "mdi2c-close-circle-outline";
    public static final String ERROR = "mdi2a-alert-circle-outline";
    public static final String INFO = "mdi2i-information-outline";
    public static final String COUNTERFACTUAL = "mdi2s-swap-horizontal";
    public static final String LAYER = "mdi2l-layers-outline";
    public static final String COLORMAP = "mdi2p-palette-outline";
    public static final String OPACITY = "mdi2o-opacity";
    public static final String KEEP = "mdi2p-pin-outline";
    public static final String DEVICE = "mdi2c-chip";
    public static final String METHOD = "mdi2f-flask-outline";
    public static final String KEYBOARD = "mdi2k-keyboard-outline";
    public static final String ENLARGE = "mdi2m-magnify-plus-outline";
    public static final String CATALOG = "mdi2c-cloud-download-outline";
    public static final String DOWNLOAD = "mdi2d-download";
    public static final String CACHED = "mdi2c-check-circle-outline";
    public static final String PARTIAL = "mdi2d-download-circle-outline";

    public static final List<String> ALL = List.of(OPEN_IMAGE, SAMPLES, PASTE, RECENT, MODEL, PREPROCESSING, SAVE, COPY,
            RAW, LECTURE, THEME, SEARCH, CLOSE, CANCEL, ERROR, INFO, COUNTERFACTUAL, LAYER, COLORMAP, OPACITY, KEEP,
            DEVICE, METHOD, KEYBOARD, ENLARGE, CATALOG, DOWNLOAD, CACHED, PARTIAL);

    private Icons() {
    }

    public static FontIcon icon(String literal) {
        FontIcon icon = new FontIcon(literal);
        icon.getStyleClass().add("gl-icon");
        return icon;
    }
}
