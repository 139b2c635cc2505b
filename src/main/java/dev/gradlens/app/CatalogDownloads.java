package dev.gradlens.app;

import dev.gradlens.catalog.CatalogEntry;
import dev.gradlens.catalog.FetchListener;
import dev.gradlens.catalog.FetchResult;
import dev.gradlens.catalog.ModelCatalog;
import dev.gradlens.catalog.ModelFetcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link ModelDownloads} over a {@link ModelCatalog} and a {@link ModelFetcher}. */
public final class CatalogDownloads implements ModelDownloads {
    private final ModelCatalog catalog;
    private final ModelFetcher fetcher;

    public CatalogDownloads(ModelCatalog catalog, ModelFetcher fetcher) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    }

    /** The bundled catalog and the per-user cache ({@link ModelFetcher#defaultCacheRoot()}). Reads no network. */
    public static CatalogDownloads userCache() {
        return new CatalogDownloads(ModelCatalog.load(), new ModelFetcher());
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public ModelFetcher fetcher() {
        return fetcher;
    }

    @Override
    public List<CatalogEntry> entries() {
        return catalog.models();
    }

    @Override
    public ModelFetcher.Status status(CatalogEntry entry) {
        return fetcher.status(entry);
    }

    @Override
    public Path folder(CatalogEntry entry) {
        return fetcher.modelDir(entry);
    }

    @Override
    public Optional<Path> ready(CatalogEntry entry) {
        if (fetcher.status(entry).state() != ModelFetcher.State.CACHED) return Optional.empty();
        if (!Files.isRegularFile(fetcher.descriptorFile(entry))) return Optional.empty();
        return Optional.of(fetcher.modelFile(entry));
    }

    @Override
    public FetchResult fetch(CatalogEntry entry, FetchListener listener) {
        return fetcher.fetch(entry, catalog.labels(entry.labels()).orElse(null), listener);
    }
}
