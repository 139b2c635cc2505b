package dev.gradlens.app.viewmodel;

import dev.gradlens.catalog.CatalogEntry;
import dev.gradlens.catalog.ModelFetcher;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.Locale;

/** One row of the model catalog: the entry and what the per-user cache holds for it. FX thread only. */
public final class CatalogItem {
    private final CatalogEntry entry;
    private final ReadOnlyObjectWrapper<ModelFetcher.State> state = new ReadOnlyObjectWrapper<>(this, "state", ModelFetcher.State.ABSENT);
    private final ReadOnlyLongWrapper bytes = new ReadOnlyLongWrapper(this, "bytes");
    private final ReadOnlyBooleanWrapper downloading = new ReadOnlyBooleanWrapper(this, "downloading");
    private final StringBinding stateText;

    CatalogItem(CatalogEntry entry, ModelFetcher.Status status) {
        this.entry = entry;
        update(status);
        stateText = Bindings.createStringBinding(() -> stateText(state.get(), bytes.get(), entry.size(), downloading.get()),
                state, bytes, downloading);
    }

    public CatalogEntry entry() {
        return entry;
    }

    public String id() {
        return entry.id();
    }

    public String name() {
        return entry.name();
    }

    /** "97.8 MB". */
    public String sizeText() {
        return entry.sizeText();
    }

    /** "74.9%", or "" when the catalog gives none. */
    public String top1Text() {
        return entry.top1() == null ? "" : String.format(Locale.ROOT, "%.1f%%", entry.top1());
    }

    public String license() {
        return entry.license() == null ? "" : entry.license();
    }

    public ReadOnlyObjectProperty<ModelFetcher.State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ModelFetcher.State getState() {
        return state.get();
    }

    public boolean isCached() {
        return state.get() == ModelFetcher.State.CACHED;
    }

    /** Bytes in the cache: the model's size when cached, the .part file's when partial, else 0. */
    public ReadOnlyLongProperty bytesProperty() {
        return bytes.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty downloadingProperty() {
        return downloading.getReadOnlyProperty();
    }

    /** "Cached", "Partial (27%)", "Downloading…" or "Not downloaded". */
    public StringBinding stateTextBinding() {
        return stateText;
    }

    void update(ModelFetcher.Status status) {
        state.set(status.state());
        bytes.set(status.bytes());
    }

    void setDownloading(boolean on) {
        downloading.set(on);
    }

    static String stateText(ModelFetcher.State state, long bytes, long size, boolean downloading) {
        if (downloading) return "Downloading…";
        return switch (state) {
            case CACHED -> "Cached";
            case PARTIAL -> String.format(Locale.ROOT, "Partial (%d%%)", size <= 0 ? 0 : Math.min(99, Math.round(100.0 * bytes / size)));
            case ABSENT -> "Not downloaded";
        };
    }

    @Override
    public String toString() {
        return "CatalogItem[" + entry.id() + ", " + state.get() + "]";
    }
}
