package dev.gradlens.app;

import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.app.view.AuditWindow;
import dev.gradlens.app.view.FxFileDialogs;
import dev.gradlens.app.view.MainView;
import dev.gradlens.app.viewmodel.AuditViewModel;
import dev.gradlens.app.viewmodel.CatalogViewModel;
import dev.gradlens.app.viewmodel.CompareViewModel;
import dev.gradlens.app.viewmodel.DatasetViewModel;
import dev.gradlens.service.DatasetRuns;
import dev.gradlens.service.ModelInfo;
import dev.gradlens.service.RunAudits;
import dev.gradlens.app.viewmodel.MainViewModel;
import dev.gradlens.service.ExplanationService;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The GradLens window. Production ({@code new GradLensApp()}, as JavaFX launches it) creates the
 * engine through {@link ServiceFactory}; tests construct it with their own service and executor.
 */
public class GradLensApp extends Application {
    static {
        // javafx:run and the installer start here, not in Launcher: telemetry and temp-file
        // settings must be in place before the first ONNX Runtime class loads
        dev.gradlens.inference.OrtRuntime.configureOffline();
    }


    /**
     * What the window runs on. {@code dialogs} may be null: the native file choosers of the stage are used.
     * {@code downloads} makes the model catalog when "Models…" is first opened (so nothing about it,
     * not even the catalog resource, is read before); by default the bundled catalog and the per-user cache.
     */
    public record Services(ExplanationService service, TaskExecutor executor, ImageSource images, RecentFiles recent,
                           Function<Stage, FileDialogs> dialogs, boolean showFirstSample, Supplier<ModelDownloads> downloads) {
        public Services {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(executor, "executor");
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(recent, "recent");
            if (downloads == null) downloads = CatalogDownloads::userCache;
        }

        public Services(ExplanationService service, TaskExecutor executor, ImageSource images, RecentFiles recent,
                        Function<Stage, FileDialogs> dialogs, boolean showFirstSample) {
            this(service, executor, images, recent, dialogs, showFirstSample, null);
        }

        /** Without the first sample opened at start (tests drive the window from an empty state). */
        public Services(ExplanationService service, TaskExecutor executor, ImageSource images, RecentFiles recent,
                        Function<Stage, FileDialogs> dialogs) {
            this(service, executor, images, recent, dialogs, false);
        }

        /** The real engine, and the first bundled sample explained as soon as the window is up. */
        public static Services production() {
            return new Services(ServiceFactory.createOrUnavailable(), new FxTaskExecutor(), new LoaderImageSource(),
                    RecentFiles.persistent(), null, true);
        }

        public Services withDialogs(FileDialogs fixed) {
            return new Services(service, executor, images, recent, stage -> fixed, showFirstSample, downloads);
        }

        /** The model catalog and cache "Models…" uses (tests: a loopback server and a temporary folder). */
        public Services withDownloads(ModelDownloads fixed) {
            return new Services(service, executor, images, recent, dialogs, showFirstSample, () -> fixed);
        }
    }

    private final java.util.function.Supplier<Services> servicesFactory;
    private Services services;
    private MainViewModel viewModel;
    private MainView view;
    private TaskExecutor downloadExecutor;
    private CatalogViewModel catalog;
    private DatasetRuns datasetRuns = DatasetRuns.engine();
    private DatasetViewModel dataset;
    private TaskExecutor datasetQueries;
    private TaskExecutor datasetRunner;
    private RunAudits runAudits = RunAudits.local();
    private TaskExecutor auditWorker;
    private AuditViewModel audit;
    private CompareViewModel compare;
    private AuditWindow auditWindow;
    private dev.gradlens.app.viewmodel.SanityViewModel sanity;

    /** Production: the real engine (or a stand-in explaining why it is missing), background executor, prefs. */
    public GradLensApp() {
        this(Services::production);
    }

    /** Tests: an injected engine and executor, in-memory recent files, native dialogs. */
    public GradLensApp(ExplanationService service, TaskExecutor executor) {
        this(new Services(service, executor, new LoaderImageSource(), RecentFiles.inMemory(), null));
    }

    public GradLensApp(Services services) {
        this(() -> services);
    }

    private GradLensApp(java.util.function.Supplier<Services> factory) {
        this.servicesFactory = factory;
    }

    @Override
    public void start(Stage stage) {
        services = servicesFactory.get();
        viewModel = new MainViewModel(services.service(), services.executor(), services.images(), services.recent());
        FileDialogs dialogs = services.dialogs() == null ? new FxFileDialogs(() -> stage) : services.dialogs().apply(stage);
        view = new MainView(viewModel, dialogs, this::catalog);
        // data-set runs: reads on a worker of their own (a long run or explanation never holds up the table), the run on another
        datasetQueries = new FxTaskExecutor();
        datasetRunner = new FxTaskExecutor();
        dataset = new DatasetViewModel(datasetRuns, datasetQueries, datasetRunner, Platform::runLater, viewModel.status(), new DatasetViewModel.Host() {
            @Override
            public ModelInfo model() {
                return viewModel.model().getModel();
            }

            @Override
            public void openImage(java.nio.file.Path file) {
                viewModel.showImage(file);
            }

            @Override
            public void showClass(int index) {
                viewModel.classes().select(index);
            }

            @Override
            public void openModel(java.nio.file.Path file) {
                viewModel.model().openModel(file);
            }
        });
        view.attachDataset(dataset);
        // the Audit and Compare pages: a worker of their own (an audit of a large run takes seconds)
        auditWorker = new FxTaskExecutor();
        audit = new AuditViewModel(runAudits, auditWorker, viewModel.status(), dataset);
        compare = new CompareViewModel(runAudits, auditWorker, viewModel.status(), dataset);
        auditWindow = AuditWindow.attach(view, dataset, audit, compare, dialogs);
        sanity = new dev.gradlens.app.viewmodel.SanityViewModel(services.service()::sanityCheck, services.executor(), Platform::runLater,
                viewModel.status(), dev.gradlens.app.viewmodel.SanityViewModel.subjectOf(viewModel));
        view.attachSanity(sanity);
        Scene scene = new Scene(view, 1360, 820);
        view.install(scene);
        stage.titleProperty().bind(viewModel.titleBinding());
        stage.setMinWidth(760);
        stage.setMinHeight(520);
        stage.setFullScreenExitHint("Lecture mode — Esc or F11 to leave");
        viewModel.lectureModeProperty().addListener((o, a, on) -> {
            if (stage.isFullScreen() != on) stage.setFullScreen(on);
        });
        stage.fullScreenProperty().addListener((o, a, full) -> {
            if (!full && viewModel.lectureModeProperty().get()) viewModel.lectureModeProperty().set(false);
        });
        for (String size : new String[] {"48", "128", ""}) {
            var icon = GradLensApp.class.getResource("icons/gradlens" + (size.isEmpty() ? "" : "-" + size) + ".png");
            if (icon != null) stage.getIcons().add(new javafx.scene.image.Image(icon.toExternalForm()));
        }
        stage.setScene(scene);
        stage.show();
        view.classesView().list().requestFocus();
        viewModel.start(services.showFirstSample());
    }

    /**
     * The "Models…" view model, made when the dialog is first opened. Downloads get a worker of their
     * own, so a long download never holds up the engine's worker (model opens and explanations).
     */
    private CatalogViewModel catalog() {
        if (catalog == null) {
            ModelDownloads downloads = services.downloads().get();
            downloadExecutor = new FxTaskExecutor();
            catalog = new CatalogViewModel(downloads, downloadExecutor, Platform::runLater, viewModel.model(), viewModel.status());
        }
        return catalog;
    }

    /** Tests: the engine behind File › Open dataset… (by default the real run engine). Call before start. */
    public GradLensApp withDatasetRuns(DatasetRuns runs) {
        this.datasetRuns = runs;
        return this;
    }

    /** The Sanity page's view model (after start). */
    public dev.gradlens.app.viewmodel.SanityViewModel sanityViewModel() {
        return sanity;
    }

    /** The data-set view model (after start). */
    public DatasetViewModel datasetViewModel() {
        return dataset;
    }

    /** The Audit page's view model (after start). */
    public AuditViewModel auditViewModel() {
        return audit;
    }

    /** The Compare page's view model (after start). */
    public CompareViewModel compareViewModel() {
        return compare;
    }

    /** The window holding the Audit and Compare pages (after start). */
    public AuditWindow auditWindow() {
        return auditWindow;
    }

    @Override
    public void stop() {
        if (auditWindow != null) auditWindow.close();
        if (auditWorker != null) auditWorker.close();
        if (sanity != null) sanity.cancel();
        if (dataset != null) dataset.close();
        if (datasetQueries != null) datasetQueries.close();
        if (datasetRunner != null) datasetRunner.close();
        if (catalog != null) catalog.close();
        if (downloadExecutor != null) downloadExecutor.close();
        if (viewModel != null) viewModel.close();
        if (services != null) {
            services.executor().close();
            try {
                services.service().close();
            } catch (RuntimeException ignored) {
                // closing on exit: nothing left to tell the user
            }
        }
    }

    public MainViewModel viewModel() {
        return viewModel;
    }

    public MainView view() {
        return view;
    }

    /** The "Models…" view model once the dialog has been opened. */
    public java.util.Optional<CatalogViewModel> catalogViewModel() {
        return java.util.Optional.ofNullable(catalog);
    }
}
