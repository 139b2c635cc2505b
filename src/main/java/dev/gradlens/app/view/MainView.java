package dev.gradlens.app.view;

import dev.gradlens.app.FileDialogs;
import dev.gradlens.app.viewmodel.CatalogViewModel;
import dev.gradlens.app.viewmodel.DatasetViewModel;
import dev.gradlens.app.viewmodel.ExplanationViewModel;
import dev.gradlens.app.viewmodel.MainViewModel;
import dev.gradlens.app.viewmodel.PanelItem;
import dev.gradlens.app.viewmodel.StatusViewModel;
import dev.gradlens.app.viewmodel.StatusViewModel.Notification;
import dev.gradlens.explain.MethodId;
import dev.gradlens.service.ModelInfo;
import dev.gradlens.service.SampleImage;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.event.ActionEvent;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.action.Action;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The window's content, built in code: menus and toolbar, the class sidebar, the settings bar and
 * panels, the notification bar and the status bar. It binds to the view models and forwards
 * events; keyboard shortcuts cover every class and panel action (lecture mode).
 */
public final class MainView extends BorderPane {
    public static final String EMPTY_HINT = "Open an image (Ctrl+O), drop one here, paste one (Ctrl+V) or pick a sample";

    private final MainViewModel vm;
    private final FileDialogs dialogs;
    private final NotificationPane notifications;
    private final ClassesView classesView;
    private final ControlsView controlsView;
    private final PanelsView panelsView;
    private final StatusBarView statusBar;
    private final Menu samplesMenu = new Menu("Samples");
    private final Menu recentMenu = new Menu("Open recent");
    private final MenuButton samplesButton = new MenuButton(null, Icons.icon(Icons.SAMPLES));
    private final PauseTransition autoHide = new PauseTransition(Duration.seconds(6));
    private PreprocessingDialog openDialog;
    private final Supplier<CatalogViewModel> catalog;
    private CatalogViewModel catalogViewModel;
    private CatalogDialog catalogDialog;
    private Menu fileMenu;
    private DatasetViewModel dataset;
    private DatasetView datasetView;
    private SplitPane withDataset;

    /** Without a model catalog: "Models…" is disabled. */
    public MainView(MainViewModel vm, FileDialogs dialogs) {
        this(vm, dialogs, null);
    }

    /** @param catalog makes the "Models…" view model when the dialog is first opened (null: no catalog) */
    public MainView(MainViewModel vm, FileDialogs dialogs, Supplier<CatalogViewModel> catalog) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.catalog = catalog;
        getStyleClass().add("main-view");
        setId("main-view");

        classesView = new ClassesView(vm.classes(), vm.status());
        controlsView = new ControlsView(vm.explanation());
        panelsView = new PanelsView(vm.explanation(), this::panelMenu, EMPTY_HINT);
        statusBar = new StatusBarView(vm.model(), vm.explanation(), vm.status());

        VBox centre = new VBox(controlsView, panelsView);
        VBox.setVgrow(panelsView, Priority.ALWAYS);
        SplitPane split = new SplitPane(classesView, centre);
        split.setDividerPositions(0.24);
        SplitPane.setResizableWithParent(classesView, false);
        notifications = new NotificationPane(split);
        notifications.setId("notifications");
        notifications.setShowFromTop(true);
        notifications.setCloseButtonVisible(true);
        notifications.setOnHidden(e -> vm.status().dismiss());

        setTop(new VBox(menuBar(), toolBar()));
        setCenter(notifications);
        setBottom(statusBar);

        vm.status().notificationProperty().addListener((o, a, n) -> showNotification(n));
        autoHide.setOnFinished(e -> notifications.hide());
        vm.model().preprocessingOfferProperty().addListener((o, a, info) -> {
            if (info != null) offerPreprocessing(info);
        });
        vm.samples().addListener((ListChangeListener<SampleImage>) c -> fillSamples());
        vm.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent());
        fillSamples();
        fillRecent();
        vm.lectureModeProperty().addListener((o, a, on) -> {
            getStyleClass().remove("lecture");
            if (on) getStyleClass().add("lecture");
        });
        installDragAndDrop();
    }

    public ClassesView classesView() {
        return classesView;
    }

    public ControlsView controlsView() {
        return controlsView;
    }

    public PanelsView panelsView() {
        return panelsView;
    }

    public NotificationPane notifications() {
        return notifications;
    }

    public StatusBarView statusBar() {
        return statusBar;
    }

    /** Stylesheets (theme) and the keyboard shortcuts, once the view is in its scene. */
    public void install(Scene scene) {
        applyTheme(scene, vm.themeProperty().get());
        vm.themeProperty().addListener((o, a, t) -> applyTheme(scene, t));
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        // The "/" shortcut moves the focus to the search field on KEY_PRESSED; the KEY_TYPED event
        // of the same key then reaches the field and would type "/" into it: swallow that one.
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowTypedSlash && "/".equals(e.getCharacter())) e.consume();
            swallowTypedSlash = false;
        });
    }

    private boolean swallowTypedSlash;

    private static void applyTheme(Scene scene, MainViewModel.Theme theme) {
        String base = MainView.class.getResource("/dev/gradlens/app/gradlens.css").toExternalForm();
        String colours = MainView.class.getResource(theme == MainViewModel.Theme.DARK
                ? "/dev/gradlens/app/gradlens-dark.css" : "/dev/gradlens/app/gradlens-light.css").toExternalForm();
        scene.getStylesheets().setAll(base, colours);
    }

    // ---- menus ---------------------------------------------------------------------------------

    private MenuBar menuBar() {
        Menu file = new Menu("File");
        fileMenu = file;
        file.getItems().addAll(
                item("Open image…", Icons.OPEN_IMAGE, "Shortcut+O", e -> openImage()),
                recentMenu,
                samplesMenu,
                item("Paste image", Icons.PASTE, "Shortcut+V", e -> paste()),
                new SeparatorMenuItem(),
                item("Save figure as PNG…", Icons.SAVE, "Shortcut+S", e -> saveFigure()),
                item("Copy figure", Icons.COPY, "Shortcut+Shift+C", e -> copyFigure()),
                item("Save raw maps (.npy)…", Icons.RAW, "Shortcut+E", e -> saveAllRaw()),
                new SeparatorMenuItem(),
                item("Quit", null, "Shortcut+Q", e -> {
                    Window w = getScene() == null ? null : getScene().getWindow();
                    if (w != null) w.hide();
                }));
        samplesMenu.setGraphic(Icons.icon(Icons.SAMPLES));
        recentMenu.setGraphic(Icons.icon(Icons.RECENT));

        Menu model = new Menu("Model");
        MenuItem prep = item("Preprocessing…", Icons.PREPROCESSING, null, e -> {
            ModelInfo m = vm.model().getModel();
            if (m != null) showPreprocessingDialog(m);
        });
        prep.disableProperty().bind(vm.model().modelProperty().isNull());
        MenuItem models = item("Models…", Icons.CATALOG, "Shortcut+Shift+M", e -> showModelsDialog());
        models.setId("menu-models");
        models.setDisable(catalog == null);
        Menu teaching = new Menu("Teaching models");
        teaching.setId("menu-teaching");
        for (String name : vm.model().embeddedModels()) {
            MenuItem t = item(name + (name.contains("biased") ? " (bias demo)" : ""), null, null, e -> vm.model().openEmbedded(name));
            t.setId("menu-teaching-" + name);
            teaching.getItems().add(t);
        }
        teaching.setDisable(teaching.getItems().isEmpty());
        model.getItems().addAll(
                item("Open model…", Icons.MODEL, "Shortcut+Shift+O", e -> openModel()),
                models,
                item("Default model", null, null, e -> vm.model().openDefault()),
                teaching,
                prep);

        ExplanationViewModel ex = vm.explanation();
        CheckMenuItem cf = new CheckMenuItem("Counterfactual");
        cf.selectedProperty().bindBidirectional(ex.counterfactualProperty());
        CheckMenuItem gpp = new CheckMenuItem("Guided Grad-CAM++ instead of Guided Grad-CAM");
        gpp.selectedProperty().bindBidirectional(ex.guidedPlusPlusProperty());
        Menu methods = new Menu("Extra method");
        ToggleGroup group = new ToggleGroup();
        RadioMenuItem none = new RadioMenuItem("None");
        none.setToggleGroup(group);
        none.setOnAction(e -> ex.extraMethodProperty().set(null));
        methods.getItems().add(none);
        for (MethodId m : ExplanationViewModel.EXTRA_METHODS) {
            RadioMenuItem r = new RadioMenuItem(m.title());
            r.setUserData(m);
            r.setToggleGroup(group);
            r.setOnAction(e -> ex.extraMethodProperty().set(m));
            methods.getItems().add(r);
        }
        ex.extraMethodProperty().addListener((o, a, b) -> group.getToggles().forEach(t -> t.setSelected(t.getUserData() == b)));
        none.setSelected(true);
        Menu explain = new Menu("Explain");
        explain.getItems().addAll(cf, gpp, methods, new SeparatorMenuItem(),
                item("Next layer", Icons.LAYER, null, e -> ex.stepLayer(1)),
                item("Next colormap", Icons.COLORMAP, null, e -> ex.nextColormap()),
                item("Recompute", null, "F5", e -> ex.invalidate()),
                item("Cancel", Icons.CANCEL, null, e -> vm.status().cancelAll()));

        Menu view = new Menu("View");
        CheckMenuItem lecture = new CheckMenuItem("Lecture mode (full screen, large type)");
        lecture.setAccelerator(KeyCombination.keyCombination("F11"));
        lecture.selectedProperty().bindBidirectional(vm.lectureModeProperty());
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(vm.themeProperty().get() == MainViewModel.Theme.DARK);
        dark.setOnAction(e -> vm.themeProperty().set(dark.isSelected() ? MainViewModel.Theme.DARK : MainViewModel.Theme.LIGHT));
        vm.themeProperty().addListener((o, a, t) -> dark.setSelected(t == MainViewModel.Theme.DARK));
        dark.setAccelerator(KeyCombination.keyCombination("Shortcut+T"));
        view.getItems().addAll(lecture, dark);

        Menu help = new Menu("Help");
        help.getItems().add(item("Keyboard shortcuts", Icons.KEYBOARD, "F1", e -> showShortcuts()));
        MenuBar bar = new MenuBar(file, model, explain, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private static MenuItem item(String text, String icon, String accelerator, EventHandler<ActionEvent> action) {
        MenuItem m = new MenuItem(text, icon == null ? null : Icons.icon(icon));
        if (accelerator != null) m.setAccelerator(KeyCombination.keyCombination(accelerator));
        m.setOnAction(action);
        return m;
    }

    private ToolBar toolBar() {
        Button open = tool(Icons.OPEN_IMAGE, "Open image", "Open an image (Ctrl+O)", e -> openImage());
        open.setId("open-image");
        samplesButton.setId("samples");
        samplesButton.setText("Samples");
        samplesButton.setTooltip(new Tooltip("Bundled sample images"));
        Button paste = tool(Icons.PASTE, null, "Paste an image or file from the clipboard (Ctrl+V)", e -> paste());
        Button model = tool(Icons.MODEL, "Open model", "Open any .onnx classifier (Ctrl+Shift+O)", e -> openModel());
        model.setId("open-model");
        Button models = tool(Icons.CATALOG, "Models", "Download or open a pretrained classifier (Ctrl+Shift+M)", e -> showModelsDialog());
        models.setId("models");
        models.setDisable(catalog == null);
        Button save = tool(Icons.SAVE, "Save figure", "Save the side-by-side figure as PNG with its caption (Ctrl+S)", e -> saveFigure());
        save.setId("save-figure");
        Button copy = tool(Icons.COPY, null, "Copy the figure to the clipboard (Ctrl+Shift+C)", e -> copyFigure());
        Button raw = tool(Icons.RAW, null, "Save the raw maps as .npy (Ctrl+E)", e -> saveAllRaw());
        for (Button b : List.of(save, copy, raw)) b.disableProperty().bind(Bindings.isEmpty(vm.explanation().panels()));
        ToggleButton lecture = new ToggleButton(null, Icons.icon(Icons.LECTURE));
        lecture.setId("lecture-mode");
        lecture.setTooltip(new Tooltip("Lecture mode: full screen, large type (F11)"));
        lecture.selectedProperty().bindBidirectional(vm.lectureModeProperty());
        Button theme = tool(Icons.THEME, null, "Light / dark theme (Ctrl+T)", e -> vm.toggleTheme());
        theme.setId("theme");
        Button keys = tool(Icons.KEYBOARD, null, "Keyboard shortcuts (F1)", e -> showShortcuts());
        Pane spacer = new Pane();
        javafx.scene.layout.HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(open, samplesButton, paste, new javafx.scene.control.Separator(), model, models,
                new javafx.scene.control.Separator(), save, copy, raw, spacer, lecture, theme, keys);
        bar.setId("tool-bar");
        return bar;
    }

    private static Button tool(String icon, String text, String tip, EventHandler<ActionEvent> action) {
        Button b = new Button(text, Icons.icon(icon));
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(action);
        return b;
    }

    private void fillSamples() {
        samplesMenu.getItems().clear();
        samplesButton.getItems().clear();
        for (SampleImage s : vm.samples()) {
            samplesMenu.getItems().add(item(s.title(), null, null, e -> vm.openSample(s)));
            MenuItem b = item(s.title(), null, null, e -> vm.openSample(s));
            b.setId("sample-" + s.title().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase());
            samplesButton.getItems().add(b);
        }
        samplesMenu.setDisable(vm.samples().isEmpty());
        samplesButton.setDisable(vm.samples().isEmpty());
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : vm.recentFiles()) {
            MenuItem m = new MenuItem(p.getFileName() + "  —  " + (p.getParent() == null ? "" : p.getParent()));
            m.setMnemonicParsing(false);
            m.setOnAction(e -> vm.openImage(p));
            recentMenu.getItems().add(m);
        }
        if (!vm.recentFiles().isEmpty()) {
            recentMenu.getItems().addAll(new SeparatorMenuItem(), item("Clear recent files", null, null, e -> vm.clearRecentFiles()));
        }
        recentMenu.setDisable(vm.recentFiles().isEmpty());
    }

    private ContextMenu panelMenu(PanelItem item) {
        ContextMenu menu = new ContextMenu();
        menu.getItems().add(item("Enlarge", Icons.ENLARGE, null, e -> vm.explanation().enlarge(item)));
        menu.getItems().add(item("Save panel as PNG…", Icons.SAVE, null,
                e -> dialogs.save("Save panel", vm.suggestedPanelName(item, "png"), "png").ifPresent(p -> vm.exportPanel(item, p))));
        menu.getItems().add(item("Copy panel", Icons.COPY, null, e -> copy(FxImages.toFx(item.getPicture()))));
        if (item.panel() != null && item.panel().raw() != null) {
            menu.getItems().add(item("Save raw map (.npy)…", Icons.RAW, null,
                    e -> dialogs.save("Save raw map", vm.suggestedPanelName(item, "npy"), "npy").ifPresent(p -> vm.exportRaw(item, p))));
        }
        return menu;
    }

    // ---- actions -------------------------------------------------------------------------------

    public void openImage() {
        dialogs.openImage(vm.imageExtensions()).ifPresent(vm::openImage);
    }

    public void openModel() {
        dialogs.openModel().ifPresent(p -> vm.model().openModel(p));
    }

    public void saveFigure() {
        if (vm.explanation().panels().isEmpty()) {
            vm.status().warn("Nothing to export yet: open an image first");
            return;
        }
        dialogs.save("Save figure", vm.suggestedFigureName(), "png").ifPresent(vm::exportFigure);
    }

    public void saveAllRaw() {
        if (vm.explanation().panels().isEmpty()) {
            vm.status().warn("Nothing to export yet: open an image first");
            return;
        }
        dialogs.chooseDirectory("Folder for the raw maps").ifPresent(vm::exportAllRaw);
    }

    public void copyFigure() {
        try {
            copy(FxImages.toFx(vm.figurePicture()));
            vm.status().info("Figure copied to the clipboard");
        } catch (RuntimeException e) {
            vm.status().error(e);
        }
    }

    private static void copy(javafx.scene.image.Image image) {
        ClipboardContent content = new ClipboardContent();
        content.putImage(image);
        Clipboard.getSystemClipboard().setContent(content);
    }

    public void paste() {
        Clipboard cb = Clipboard.getSystemClipboard();
        if (cb.hasFiles()) {
            vm.openFiles(cb.getFiles().stream().map(File::toPath).toList());
        } else if (cb.hasImage()) {
            try {
                vm.openPicture(FxImages.toSource(cb.getImage(), "pasted image"));
            } catch (RuntimeException e) {
                vm.status().error(e);
            }
        } else if (cb.hasString() && !cb.getString().isBlank()) {
            Path p;
            try {
                p = Path.of(cb.getString().trim());
            } catch (RuntimeException e) {
                vm.status().warn("The clipboard holds no image");
                return;
            }
            vm.openFiles(List.of(p));
        } else {
            vm.status().warn("The clipboard holds no image");
        }
    }

    private void installDragAndDrop() {
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() || e.getDragboard().hasImage()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        setOnDragEntered(e -> {
            if (!getStyleClass().contains("drop-target")) getStyleClass().add("drop-target");
        });
        setOnDragExited(e -> getStyleClass().removeAll("drop-target"));
        setOnDragDropped((DragEvent e) -> {
            boolean ok = false;
            if (e.getDragboard().hasFiles()) {
                vm.openFiles(e.getDragboard().getFiles().stream().map(File::toPath).toList());
                ok = true;
            } else if (e.getDragboard().hasImage()) {
                vm.openPicture(FxImages.toSource(e.getDragboard().getImage(), "dropped image"));
                ok = true;
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    // ---- notifications and dialogs ---------------------------------------------------------------

    private void showNotification(Notification n) {
        autoHide.stop();
        if (n == null) {
            if (notifications.isShowing()) notifications.hide();
            return;
        }
        notifications.getStyleClass().removeAll("error", "warning", "info");
        notifications.getStyleClass().add(n.severity().name().toLowerCase());
        List<Action> actions = new ArrayList<>();
        if (n.action() != null) actions.add(new Action(n.actionText(), e -> {
            notifications.hide();
            n.action().run();
        }));
        Node graphic = Icons.icon(n.severity() == StatusViewModel.Severity.INFO ? Icons.INFO : Icons.ERROR);
        notifications.show(n.message(), graphic, actions.toArray(new Action[0]));
        // never in the way for long: information goes after a few seconds, problems after a while (or on ×)
        autoHide.setDuration(n.severity() == StatusViewModel.Severity.INFO ? Duration.seconds(6) : Duration.seconds(20));
        if (n.action() == null) autoHide.playFromStart();
    }

    private void offerPreprocessing(ModelInfo info) {
        vm.status().show(info.name() + ": no descriptor found, ImageNet preprocessing was assumed", StatusViewModel.Severity.WARNING,
                "Set preprocessing…", () -> showPreprocessingDialog(info));
    }

    public void showPreprocessingDialog(ModelInfo info) {
        if (openDialog != null && openDialog.isShowing()) return;
        Window owner = getScene() == null ? null : getScene().getWindow();
        PreprocessingDialog d = new PreprocessingDialog(owner, info.name(), info.preprocessing());
        // the dialog's default header says that ImageNet conventions were guessed: not so for a model with a descriptor
        if (!info.preprocessingGuessed()) d.setHeaderText("How should images be prepared for " + info.name() + "?\n"
                + "These settings replace the descriptor's until the model is opened again.");
        openDialog = d;
        d.setOnHidden(e -> {
            openDialog = null;
            if (d.getResult() != null) vm.model().applyPreprocessing(d.getResult());
            else vm.model().declinePreprocessingOffer();
        });
        d.show();
    }

    /** The model catalog ("Models…"): one dialog, made on first use and shown again later. */
    public void showModelsDialog() {
        if (catalog == null) return;
        if (catalogDialog == null) {
            try {
                catalogViewModel = catalog.get();
            } catch (RuntimeException e) {
                vm.status().error(e);
                return;
            }
            Window owner = getScene() == null ? null : getScene().getWindow();
            catalogDialog = new CatalogDialog(owner, catalogViewModel);
        }
        if (catalogDialog.isShowing()) {
            Window w = catalogDialog.getDialogPane().getScene() == null ? null : catalogDialog.getDialogPane().getScene().getWindow();
            if (w instanceof javafx.stage.Stage s) s.toFront();
            return;
        }
        catalogDialog.show();
    }

    /** The catalog dialog once it has been opened, for tests. */
    public Optional<CatalogDialog> catalogDialog() {
        return Optional.ofNullable(catalogDialog);
    }

    public void showShortcuts() {
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION);
        if (getScene() != null) a.initOwner(getScene().getWindow());
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        // two aligned columns (tabs in an Alert's text do not line up)
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setHgap(18);
        grid.setVgap(4);
        for (int i = 0; i < SHORTCUTS.size(); i++) {
            String[] parts = SHORTCUTS.get(i).split("\t", 2);
            javafx.scene.control.Label keys = new javafx.scene.control.Label(parts[0]);
            keys.setStyle("-fx-font-weight: bold");
            grid.addRow(i, keys, new javafx.scene.control.Label(parts.length > 1 ? parts[1] : ""));
        }
        a.getDialogPane().setContent(grid);
        a.show();
    }

    /** "keys\taction" for the shortcut list (F1). */
    static final List<String> SHORTCUTS = List.of(
            "1–9\tpick the n-th most probable class",
            "↑ / ↓\tprevious / next class by probability",
            "Ctrl+F or /\tsearch a class by name or index",
            "K / Shift+K\tshow more / fewer top classes",
            "C\tcounterfactual on / off",
            "[ / ]  (or − / +)\topacity − / + 10 %",
            "M\tnext colormap",
            "L / Shift+L\tnext / previous layer",
            "G\tGuided Grad-CAM ↔ Guided Grad-CAM++",
            "X\tnext extra method",
            "Z / Shift+Z\tenlarge next / previous panel",
            "Esc\tclose the enlarged panel, else cancel the running computation",
            "Ctrl+O / Ctrl+Shift+O\topen image / model",
            "Ctrl+Shift+M\tmodels to download (catalog)",
            "Ctrl+V\tpaste image",
            "Ctrl+S / Ctrl+Shift+C\tsave figure / copy figure",
            "Ctrl+E\tsave raw maps (.npy)",
            "F5\trecompute",
            "Ctrl+D / Ctrl+R\topen a data set (run it) / open a run",
            "↑ / ↓, Enter (run table)\twalk the images / show the selected one again",
            "T / P\tthe selected run image's true / predicted class",
            "F11\tlecture mode (Esc also leaves it)",
            "Ctrl+T\tlight / dark theme",
            "F1\tthis list",
            "Ctrl+Q\tquit");

    // ---- data-set runs ---------------------------------------------------------------------------

    /**
     * Adds the data-set runs: File › Open dataset… / Open run… / Close run, and the data-set view
     * under the panels while a run is open.
     */
    public void attachDataset(DatasetViewModel d) {
        this.dataset = d;
        datasetView = new DatasetView(d);
        MenuItem openData = item("Open dataset…", Icons.OPEN_IMAGE, "Shortcut+D", e -> openDataset());
        openData.setId("menu-open-dataset");
        MenuItem openRun = item("Open run…", null, "Shortcut+R", e -> openRun());
        openRun.setId("menu-open-run");
        MenuItem openParquet = item("Open run folder (Parquet)…", null, null,
                e -> dialogs.chooseDirectory("Run folder (Parquet tables)").ifPresent(d::openRun));
        MenuItem close = item("Close run", null, null, e -> d.closeRun());
        close.setId("menu-close-run");
        close.disableProperty().bind(d.runFileProperty().isNull());
        int at = fileMenu.getItems().indexOf(samplesMenu) + 2;
        fileMenu.getItems().addAll(Math.min(at, fileMenu.getItems().size()),
                List.of(new SeparatorMenuItem(), openData, openRun, openParquet, close));
        Node content = notifications.getContent();
        withDataset = new SplitPane(content);
        withDataset.setOrientation(javafx.geometry.Orientation.VERTICAL);
        notifications.setContent(withDataset);
        d.runFileProperty().addListener((o, a, f) -> showDataset(f != null));
        showDataset(d.isOpen());
    }

    private void showDataset(boolean show) {
        boolean shown = withDataset.getItems().contains(datasetView);
        if (show && !shown) {
            withDataset.getItems().add(datasetView);
            withDataset.setDividerPositions(0.5);
        } else if (!show && shown) {
            withDataset.getItems().remove(datasetView);
        }
    }

    /** The data-set view once {@link #attachDataset} ran. */
    public Optional<DatasetView> datasetView() {
        return Optional.ofNullable(datasetView);
    }

    // ---- sanity check ----------------------------------------------------------------------------

    private dev.gradlens.app.viewmodel.SanityViewModel sanity;
    private javafx.stage.Stage sanityStage;
    private SanityView sanityView;

    /** Adds Tools › Sanity check…: the Sanity page in a window of its own, on the shown image and class. */
    public void attachSanity(dev.gradlens.app.viewmodel.SanityViewModel s) {
        this.sanity = s;
        MenuItem open = item("Sanity check…", null, null, e -> showSanity());
        open.setId("menu-sanity");
        Menu tools = new Menu("Tools");
        tools.setId("menu-tools");
        tools.getItems().add(open);
        MenuBar bar = (MenuBar) lookup("#menu-bar");
        bar.getMenus().add(Math.max(0, bar.getMenus().size() - 1), tools); // before Help
    }

    /** The Sanity page (opened once, then brought to the front). */
    public void showSanity() {
        if (sanity == null) return;
        if (sanityStage == null) {
            sanityView = new SanityView(sanity);
            sanityStage = new javafx.stage.Stage();
            Window owner = getScene() == null ? null : getScene().getWindow();
            if (owner != null) sanityStage.initOwner(owner);
            sanityStage.setTitle("GradLens — Sanity check (Adebayo et al. 2018)");
            Scene scene = new Scene(sanityView, 1100, 760);
            if (getScene() != null) scene.getStylesheets().setAll(getScene().getStylesheets());
            sanityStage.setScene(scene);
        }
        sanityStage.show();
        sanityStage.toFront();
    }

    /** The Sanity page once {@link #showSanity()} made it. */
    public Optional<SanityView> sanityView() {
        return Optional.ofNullable(sanityView);
    }

    public Optional<javafx.stage.Stage> sanityStage() {
        return Optional.ofNullable(sanityStage);
    }

    public void openRun() {
        if (dataset == null) return;
        dialogs.openFile("Open run", "GradLens runs (DuckDB)", List.of("duckdb")).ifPresent(dataset::openRun);
    }

    public void openDataset() {
        if (dataset == null) return;
        ModelInfo m = vm.model().getModel();
        if (m == null) {
            vm.status().warn("Open a model first: the data set is run through the model that is open");
            return;
        }
        Window owner = getScene() == null ? null : getScene().getWindow();
        DatasetRunDialog d = new DatasetRunDialog(owner, dataset, dialogs, m.name());
        d.setOnHidden(e -> {
            if (d.getResult() != null) dataset.startRun(d.getResult());
        });
        d.show();
    }

    private boolean inDatasetTable(Node focus) {
        for (Node n = focus; n != null; n = n.getParent()) if (datasetView != null && n == datasetView.table()) return true;
        return false;
    }

    // ---- keyboard ------------------------------------------------------------------------------

    private void onKey(KeyEvent e) {
        if (e.isShortcutDown() && e.getCode() == KeyCode.F) {
            focusSearch();
            e.consume();
            return;
        }
        if (e.isShortcutDown() || e.isAltDown()) return;
        Node focus = getScene() == null ? null : getScene().getFocusOwner();
        if (focus instanceof TextInputControl) {
            if (e.getCode() == KeyCode.ESCAPE) {
                requestFocus();
                e.consume();
            }
            return;
        }
        ExplanationViewModel ex = vm.explanation();
        boolean shift = e.isShiftDown();
        KeyCode code = e.getCode();
        boolean arrows = code == KeyCode.UP || code == KeyCode.DOWN;
        // the data-set table walks its rows with the arrows (and opens with Enter) itself
        if ((arrows || code == KeyCode.ENTER || code == KeyCode.PAGE_UP || code == KeyCode.PAGE_DOWN) && inDatasetTable(focus)) return;
        if (dataset != null && dataset.selectedProperty().get() != null && !shift && (code == KeyCode.T || code == KeyCode.P)) {
            if (code == KeyCode.T) dataset.showTrueClass();
            else dataset.showPredictedClass();
            e.consume();
            return;
        }
        if (arrows && (focus instanceof javafx.scene.control.ComboBoxBase<?> || focus instanceof javafx.scene.control.Spinner<?>
                || focus instanceof javafx.scene.control.MenuButton)) return;
        boolean handled = true;
        if (code.isDigitKey() && !shift) {
            int n = digit(code);
            if (n >= 1) vm.classes().pickTop(n);
            else handled = false;
        } else {
            switch (code) {
                case UP -> vm.classes().moveUp();
                case DOWN -> vm.classes().moveDown();
                case C -> ex.toggleCounterfactual();
                case OPEN_BRACKET, MINUS, SUBTRACT -> ex.adjustOpacity(-0.1);
                case CLOSE_BRACKET, PLUS, ADD, EQUALS -> ex.adjustOpacity(+0.1);
                case M -> ex.nextColormap();
                case L -> ex.stepLayer(shift ? -1 : 1);
                case G -> ex.toggleGuidedVariant();
                case X -> ex.stepExtraMethod();
                case Z -> ex.enlargeNext(shift ? -1 : 1);
                case K -> vm.classes().kProperty().set(vm.classes().kProperty().get() + (shift ? -1 : 1));
                case SLASH -> {
                    focusSearch();
                    swallowTypedSlash = true;
                }
                case ESCAPE -> {
                    if (ex.enlargedProperty().get() != null) ex.closeEnlarged();
                    else if (vm.status().isBusy()) vm.status().cancelAll();
                    else handled = false;
                }
                default -> handled = false;
            }
        }
        if (handled) e.consume();
    }

    private static int digit(KeyCode code) {
        String name = code.getName();
        char c = name.charAt(name.length() - 1);
        return Character.isDigit(c) ? c - '0' : -1;
    }

    public void focusSearch() {
        classesView.searchField().requestFocus();
        classesView.searchField().selectAll();
    }

    /** For tests and scripting: the dialogs seam in use. */
    public Optional<FileDialogs> fileDialogs() {
        return Optional.of(dialogs);
    }
}
