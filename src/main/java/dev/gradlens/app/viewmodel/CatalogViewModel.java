package dev.gradlens.app.viewmodel;

import dev.gradlens.GradLensException;
import dev.gradlens.app.ModelDownloads;
import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.catalog.CatalogEntry;
import dev.gradlens.catalog.FetchListener;
import dev.gradlens.catalog.FetchResult;
import dev.gradlens.catalog.ModelFetcher;
import dev.gradlens.explain.Cancellation;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The "Models…" catalog: the downloadable classifiers with what the per-user cache holds for each,
 * one download at a time with progress and cooperative cancel, and opening a downloaded (or already
 * cached) model through {@link ModelViewModel}, so the status bar, classes and panels follow as for
 * any model open. Nothing is downloaded until {@link #download} (or {@link #act} on an entry that is
 * not cached) is called. FX thread only; the fetcher's callbacks come from its own threads and are
 * handed to the FX thread through {@code fxThread}, coalesced.
 */
public final class CatalogViewModel implements AutoCloseable {

    /** What the details pane shows for the selected entry. */
    public record Details(String name, String id, String size, String input, String preprocessing, String output,
                          String top1, String license, String source, String sha256, String notes, String folder) {
    }

    private final ModelDownloads downloads;
    private final TaskExecutor executor;
    private final Executor fxThread;
    private final ModelViewModel model;
    private final StatusViewModel status;

    private final ObservableList<CatalogItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<CatalogItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<CatalogItem> active = new ReadOnlyObjectWrapper<>(this, "active");
    private final ReadOnlyBooleanWrapper downloading = new ReadOnlyBooleanWrapper(this, "downloading");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyObjectWrapper<CatalogItem> opened = new ReadOnlyObjectWrapper<>(this, "opened");
    /** The selected entry's state, following the selection (what the main button says depends on it). */
    private final ReadOnlyObjectWrapper<ModelFetcher.State> selectedState = new ReadOnlyObjectWrapper<>(this, "selectedState");
    private final StringBinding actionText;
    private final BooleanBinding actionDisabled;
    private final ObjectBinding<Details> details;
    private Download current;

    /**
     * @param executor runs the downloads (production: a worker of its own, so a long download never
     *                 holds up the engine's worker)
     * @param fxThread runs progress updates on the FX thread (production: {@code Platform::runLater})
     */
    public CatalogViewModel(ModelDownloads downloads, TaskExecutor executor, Executor fxThread, ModelViewModel model,
                            StatusViewModel status) {
        this.downloads = downloads;
        this.executor = executor;
        this.fxThread = fxThread;
        this.model = model;
        this.status = status;
        for (CatalogEntry e : downloads.entries()) items.add(new CatalogItem(e, downloads.status(e)));
        selected.addListener((o, a, b) -> follow(b));
        if (!items.isEmpty()) selected.set(items.get(0));

        actionText = Bindings.createStringBinding(() -> {
            CatalogItem s = selected.get();
            if (s == null) return "Download";
            return switch (s.getState()) {
                case CACHED -> "Open";
                case PARTIAL -> "Resume download";
                case ABSENT -> "Download";
            };
        }, selected, selectedState);
        actionDisabled = Bindings.createBooleanBinding(() -> selected.get() == null || downloading.get(), selected, downloading);
        details = Bindings.createObjectBinding(() -> selected.get() == null ? null : details(selected.get()), selected);
    }

    private void follow(CatalogItem item) {
        selectedState.unbind();
        if (item == null) selectedState.set(null);
        else selectedState.bind(item.stateProperty());
    }

    // ---- properties ----------------------------------------------------------------------------

    public ObservableList<CatalogItem> items() {
        return FXCollections.unmodifiableObservableList(items);
    }

    public ObjectProperty<CatalogItem> selectedProperty() {
        return selected;
    }

    public CatalogItem getSelected() {
        return selected.get();
    }

    /** The entry with this id, if the catalog has it. */
    public Optional<CatalogItem> item(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** The entry being downloaded, or null. */
    public ReadOnlyObjectProperty<CatalogItem> activeProperty() {
        return active.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty downloadingProperty() {
        return downloading.getReadOnlyProperty();
    }

    public boolean isDownloading() {
        return downloading.get();
    }

    /** Fraction of the current file received, 0..1; −1 (indeterminate) while connecting. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "12.3 of 44.7 MB". */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The dialog's one line: what the download is doing, how it ended, or why it failed. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public String getMessage() {
        return message.get();
    }

    /** True while the message reports a failed download (the dialog shows it as an error). */
    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    /** The entry last handed to the window as its model (the dialog closes then). */
    public ReadOnlyObjectProperty<CatalogItem> openedProperty() {
        return opened.getReadOnlyProperty();
    }

    /** "Open" for a cached entry, "Resume download" for a partial one, else "Download". */
    public StringBinding actionTextBinding() {
        return actionText;
    }

    public BooleanBinding actionDisabledBinding() {
        return actionDisabled;
    }

    public ObjectBinding<Details> detailsBinding() {
        return details;
    }

    // ---- commands ------------------------------------------------------------------------------

    /** Re-reads what the cache holds (file sizes only), e.g. when the dialog is shown again. */
    public void refresh() {
        for (CatalogItem i : items) if (!i.downloadingProperty().get()) i.update(downloads.status(i.entry()));
    }

    /** The dialog's main button: open the selected entry when cached, else download it. */
    public void act() {
        CatalogItem s = selected.get();
        if (s == null) return;
        if (s.isCached()) open(s);
        else download(s);
    }

    /** Opens a cached model without downloading; when the cache lacks its descriptor, fetch completes it. */
    public void open(CatalogItem item) {
        if (item == null) return;
        item.update(downloads.status(item.entry()));
        Optional<Path> ready = downloads.ready(item.entry());
        if (ready.isEmpty()) {
            download(item);
            return;
        }
        failed.set(false);
        message.set("Opening " + item.name() + " from the cache");
        hand(item, ready.get());
    }

    /** Downloads the entry (resuming a partial file), verifies it and opens it. One download at a time. */
    public void download(CatalogItem item) {
        if (item == null) return;
        if (current != null) {
            message.set("Wait for " + current.item.name() + " to finish, or cancel it, before starting another download");
            return;
        }
        Download d = new Download(item);
        current = d;
        failed.set(false);
        active.set(item);
        downloading.set(true);
        item.setDownloading(true);
        ModelFetcher.Status before = downloads.status(item.entry());
        if (before.state() == ModelFetcher.State.PARTIAL && before.bytes() > 0) {
            showProgress(before.bytes(), item.entry().size());
            message.set("Resuming " + item.name() + " (" + item.sizeText() + ")…");
        } else {
            progress.set(-1);
            progressText.set("");
            message.set("Connecting to download " + item.name() + " (" + item.sizeText() + ")…");
        }
        d.activity = status.begin("Downloading " + item.name() + "…", this::cancel);
        executor.submit("download " + item.id(), cancel -> {
            // the task's own cancel (executor shutdown) stops the fetcher too
            d.taskCancelled = cancel;
            try {
                return downloads.fetch(item.entry(), d);
            } catch (CancellationException stopped) {
                // executors drop a CancellationException silently: report it so the dialog leaves its busy state
                throw new GradLensException("Download of " + item.name() + " cancelled", stopped);
            }
        }, result -> succeeded(d, result), error -> failed(d, error));
    }

    /** Stops the running download; its partial file stays in the cache and the next download resumes it. */
    public void cancel() {
        Download d = current;
        if (d == null || d.cancelRequested.get()) return;
        d.cancelRequested.set(true);
        message.set("Cancelling the download of " + d.item.name() + "…");
    }

    /** Stops a running download (the window closes). */
    @Override
    public void close() {
        cancel();
    }

    // ---- outcomes ------------------------------------------------------------------------------

    private void succeeded(Download d, FetchResult result) {
        finish(d);
        CatalogItem item = d.item;
        showProgress(item.entry().size(), item.entry().size());
        List<String> notes = result.notes();
        String what = result.downloaded() ? "Downloaded and verified " + item.name() + " (" + item.sizeText() + ", sha256 checked)"
                : "Verified the cached " + item.name();
        String line = what + (notes.isEmpty() ? "" : ": " + String.join("; ", notes));
        if (d.cancelRequested.get()) {
            // it finished before the cancel took effect: keep it, but do not switch models behind the user's back
            message.set(line + ". Not opened, as the download was cancelled: choose Open to use it");
            status.info(line);
            return;
        }
        message.set(line);
        status.info(line);
        hand(item, result.model());
    }

    private void failed(Download d, Throwable error) {
        finish(d);
        CatalogItem item = d.item;
        if (d.cancelled() || StatusViewModel.messageOf(error) == null) {
            long kept = item.getState() == ModelFetcher.State.PARTIAL ? item.bytesProperty().get() : 0;
            String line = "Download of " + item.name() + " cancelled"
                    + (kept > 0 ? ": " + amount(kept, item.entry().size()) + " kept, Resume download continues from there" : "");
            if (kept > 0) showProgress(kept, item.entry().size());
            else resetProgress();
            message.set(line);
            status.info(line);
            return;
        }
        if (item.getState() == ModelFetcher.State.PARTIAL) showProgress(item.bytesProperty().get(), item.entry().size());
        else resetProgress();
        message.set(StatusViewModel.messageOf(error));
        failed.set(true);
        status.error(error);
    }

    private void finish(Download d) {
        d.finished = true;
        status.end(d.activity);
        d.item.setDownloading(false);
        d.item.update(downloads.status(d.item.entry()));
        if (current == d) current = null;
        active.set(null);
        downloading.set(false);
    }

    /** Opens the model through the window's usual path; the shown image is predicted and explained again. */
    private void hand(CatalogItem item, Path file) {
        model.openModel(file, item.name());
        opened.set(null);
        opened.set(item);
    }

    private void showProgress(long done, long total) {
        progress.set(total <= 0 ? -1 : Math.max(0, Math.min(1, (double) done / total)));
        progressText.set(total <= 0 ? "" : amount(done, total));
    }

    private void resetProgress() {
        progress.set(0);
        progressText.set("");
    }

    /** "12.3 of 44.7 MB" (decimal units, as the catalog gives sizes). */
    public static String amount(long done, long total) {
        if (total >= 1_000_000) return String.format(Locale.ROOT, "%.1f of %.1f MB", done / 1e6, total / 1e6);
        return String.format(Locale.ROOT, "%.1f of %.1f kB", done / 1e3, total / 1e3);
    }

    // ---- details -------------------------------------------------------------------------------

    Details details(CatalogItem item) {
        CatalogEntry e = item.entry();
        CatalogEntry.Input in = e.input();
        String input = "";
        String prep = "";
        if (in != null) {
            String size = in.size() != null && in.size().size() == 2 ? in.size().get(0) + "×" + in.size().get(1) : "?";
            input = size + " " + nz(in.color()) + ", " + nz(in.layout()) + (in.name() == null ? "" : " (tensor '" + in.name() + "')");
            List<String> p = new ArrayList<>();
            p.add(switch (nz(in.resize())) {
                case "shorter-side-center-crop" -> "shorter side to " + (in.resizeShorter() == null ? "?" : in.resizeShorter())
                        + ", centre crop";
                case "stretch-align-corners" -> "stretch (aligned corners)";
                case "" -> "resize ?";
                default -> in.resize();
            });
            p.add("scale " + scale(in.scale()));
            if (in.mean() != null) p.add("mean " + numbers(in.mean()));
            if (in.std() != null) p.add("std " + numbers(in.std()));
            prep = String.join(" · ", p);
            if ("probable".equals(e.preprocessingConfidence())) prep += " (inferred, not documented)";
        }
        String output = e.output() == null ? "" : nz(e.output().kind()) + (e.output().name() == null ? "" : " ('" + e.output().name() + "')");
        String top1 = e.top1() == null ? "not published" : String.format(Locale.ROOT, "%.2f%%", e.top1())
                + (e.top5() == null ? "" : String.format(Locale.ROOT, " (top-5 %.2f%%)", e.top5()));
        String source = e.urls().isEmpty() ? "" : e.urls().get(0);
        String hosts = e.urls().size() <= 1 ? "" : e.urls().stream().skip(1).map(CatalogViewModel::host).distinct()
                .collect(Collectors.joining(", "));
        if (!hosts.isEmpty()) source += " (fallbacks: " + hosts + ")";
        return new Details(e.name(), e.id(), e.sizeText() + (e.opset() == null ? "" : " · opset " + e.opset()), input, prep, output,
                top1, nz(e.license()), source, e.sha256(), String.join("; ", e.notes()), downloads.folder(e).toString());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String scale(double s) {
        if (Math.abs(s - 1 / 255.0) < 1e-9) return "1/255";
        if (Math.abs(s - 1 / 127.5) < 1e-9) return "1/127.5";
        return trim(s);
    }

    private static String numbers(List<Double> values) {
        return values.stream().map(CatalogViewModel::trim).collect(Collectors.joining(", "));
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains(".") && !s.contains("e")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    private static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? url : h;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    // ---- the running download --------------------------------------------------------------------

    /**
     * Hears the fetcher (on its threads) and posts at most one update at a time to the FX thread;
     * {@link #cancelled()} is the fetcher's cooperative stop.
     */
    private final class Download implements FetchListener {
        final CatalogItem item;
        final AtomicBoolean cancelRequested = new AtomicBoolean();
        final AtomicReference<long[]> latest = new AtomicReference<>();
        final AtomicReference<String> phase = new AtomicReference<>();
        final AtomicBoolean posted = new AtomicBoolean();
        volatile Cancellation taskCancelled;
        StatusViewModel.Activity activity;
        boolean finished;

        Download(CatalogItem item) {
            this.item = item;
        }

        @Override
        public void progress(long done, long total) {
            latest.set(new long[] {done, total});
            post();
        }

        @Override
        public void attempt(String what, String url, long resumeFrom, long total) {
            phase.set((resumeFrom > 0 ? "Resuming " : "Downloading ") + what + " from " + host(url));
            post();
        }

        @Override
        public void message(String line) {
            if (line == null || line.isBlank()) return;
            phase.set(Character.toUpperCase(line.charAt(0)) + line.substring(1));
            post();
        }

        @Override
        public boolean cancelled() {
            Cancellation c = taskCancelled;
            return cancelRequested.get() || (c != null && c.isCancelled());
        }

        private void post() {
            if (posted.compareAndSet(false, true)) fxThread.execute(this::apply);
        }

        /** On the FX thread: the newest progress and phase, unless the download has ended meanwhile. */
        private void apply() {
            posted.set(false);
            if (finished || current != this) return;
            long[] p = latest.get();
            if (p != null) showProgress(p[0], p[1]);
            String ph = phase.getAndSet(null);
            if (ph != null && !cancelRequested.get()) message.set(ph);
        }
    }
}
