package dev.gradlens.app;

import dev.gradlens.catalog.CatalogEntry;
import dev.gradlens.catalog.FetchListener;
import dev.gradlens.catalog.FetchResult;
import dev.gradlens.catalog.ModelFetcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The downloadable models the "Models…" dialog offers, and their per-user cache. Production is
 * {@link CatalogDownloads#userCache()} (the bundled catalog, {@code new ModelFetcher()}); tests
 * point a {@link CatalogDownloads} at a loopback server and a temporary cache.
 *
 * <p>Only {@link #fetch} may touch the network; everything else reads the catalog or file sizes.
 * Implementations throw GradLensException with a one-line message.
 */
public interface ModelDownloads {

    /** The catalog's entries, in catalog order. */
    List<CatalogEntry> entries();

    /** What the cache holds for the entry (sizes only: no hashing, no network). */
    ModelFetcher.Status status(CatalogEntry entry);

    /** The entry's cache folder (it may not exist yet). */
    Path folder(CatalogEntry entry);

    /** The cached model file when it can be opened as it is (complete, with its descriptor): no download needed. */
    Optional<Path> ready(CatalogEntry entry);

    /**
     * Downloads what is missing (resuming a partial file), verifies size and SHA-256 and writes the
     * descriptor. Blocking; {@code listener} hears progress and is polled for cancellation.
     */
    FetchResult fetch(CatalogEntry entry, FetchListener listener);
}
