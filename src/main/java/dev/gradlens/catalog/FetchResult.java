package dev.gradlens.catalog;

import java.nio.file.Path;
import java.util.List;

/**
 * A model ready in the cache.
 *
 * @param entry      the catalog entry
 * @param model      the verified model file
 * @param descriptor the GradLens descriptor written beside it (model.gradlens.json)
 * @param labels     the labels file beside it
 * @param url        the URL the model came from in this fetch, or null when it was already cached
 * @param notes      remarks for the user (placeholder labels, a default layer that could not be resolved...)
 */
public record FetchResult(CatalogEntry entry, Path model, Path descriptor, Path labels, String url, List<String> notes) {
    public FetchResult {
        notes = List.copyOf(notes);
    }

    public boolean downloaded() {
        return url != null;
    }
}
