package dev.gradlens.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.GradLensException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The models GradLens can download on request: the bundled resource
 * {@code dev/gradlens/catalog/onnx-model-zoo.json} (classic ONNX Model Zoo ImageNet classifiers).
 * Loading the catalog reads only that resource; nothing is downloaded (see {@link ModelFetcher}).
 */
public final class ModelCatalog {
    public static final String RESOURCE = "/dev/gradlens/catalog/onnx-model-zoo.json";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final String source;
    private final Map<String, CatalogEntry> models;
    private final Map<String, LabelSource> labels;

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Document(@JsonProperty("format") int format, @JsonProperty("source") String source,
                            @JsonProperty("labels") Map<String, LabelSource> labels,
                            @JsonProperty("models") List<CatalogEntry> models) {
    }

    private ModelCatalog(String source, List<CatalogEntry> models, Map<String, LabelSource> labels) {
        this.source = source;
        Map<String, CatalogEntry> m = new LinkedHashMap<>();
        for (CatalogEntry e : models) {
            check(e, labels);
            if (m.put(e.id(), e) != null) throw new GradLensException("Model catalog lists '" + e.id() + "' twice");
        }
        this.models = java.util.Collections.unmodifiableMap(m);
        this.labels = Map.copyOf(labels);
    }

    /** The bundled catalog. */
    public static ModelCatalog load() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new GradLensException("Model catalog resource " + RESOURCE + " is missing from the GradLens build");
            return read(in);
        } catch (IOException e) {
            throw new GradLensException("Cannot read the model catalog: " + e.getMessage(), e);
        }
    }

    /** A catalog in the bundled format (tests, or a user's own list). */
    public static ModelCatalog read(InputStream json) throws IOException {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Document d;
        try {
            d = mapper.readValue(json, Document.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GradLensException("Model catalog is not valid: " + e.getOriginalMessage(), e);
        }
        if (d.format() != 1) throw new GradLensException("Model catalog format " + d.format() + " is not supported (this GradLens reads format 1)");
        return of(d.source(), d.models() == null ? List.of() : d.models(), d.labels() == null ? Map.of() : d.labels());
    }

    /** A catalog built in memory. */
    public static ModelCatalog of(String source, List<CatalogEntry> models, Map<String, LabelSource> labels) {
        return new ModelCatalog(source, models, labels);
    }

    private static void check(CatalogEntry e, Map<String, LabelSource> labels) {
        String id = e.id();
        if (id == null || !id.matches("[A-Za-z0-9._-]+")) throw new GradLensException("Model catalog has an entry with a bad id: '" + id + "'");
        if (e.urls().isEmpty()) throw new GradLensException("Model catalog entry '" + id + "' has no download URL");
        if (e.sha256() == null || !SHA256.matcher(e.sha256()).matches()) throw new GradLensException("Model catalog entry '" + id + "' has no valid sha256");
        if (e.size() <= 0) throw new GradLensException("Model catalog entry '" + id + "' has no size");
        if (e.input() == null || e.output() == null) throw new GradLensException("Model catalog entry '" + id + "' lacks input or output");
        if (e.labels() != null && !labels.containsKey(e.labels())) {
            throw new GradLensException("Model catalog entry '" + id + "' names label list '" + e.labels() + "', which the catalog does not define");
        }
    }

    public String source() {
        return source;
    }

    public List<CatalogEntry> models() {
        return new ArrayList<>(models.values());
    }

    public List<String> ids() {
        return new ArrayList<>(models.keySet());
    }

    /** The entry with this id (case-insensitive when no exact match), or a one-line error listing the ids. */
    public CatalogEntry find(String id) {
        CatalogEntry e = models.get(id);
        if (e != null) return e;
        for (CatalogEntry c : models.values()) if (c.id().equalsIgnoreCase(id)) return c;
        throw new GradLensException("Unknown model '" + id + "': the catalog has " + String.join(", ", models.keySet()));
    }

    public Optional<CatalogEntry> get(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public Optional<LabelSource> labels(String labelsId) {
        return labelsId == null ? Optional.empty() : Optional.ofNullable(labels.get(labelsId));
    }
}
