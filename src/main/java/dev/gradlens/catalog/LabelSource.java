package dev.gradlens.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A class-name list the catalog's models share, fetched with the model (GradLens ships none).
 *
 * @param format  "synset": one line per class, "wnid name[, synonyms]", line i = class i
 * @param classes number of classes (lines)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabelSource(
        @JsonProperty("urls") List<String> urls,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("size") long size,
        @JsonProperty("format") String format,
        @JsonProperty("classes") int classes,
        @JsonProperty("license") String license) {

    public LabelSource {
        urls = urls == null ? List.of() : List.copyOf(urls);
    }
}
