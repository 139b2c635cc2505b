package dev.gradlens.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One downloadable classifier of the catalog: where to get it (URLs in the order to try), how to
 * check it (size and sha256), and what a GradLens descriptor needs to run it.
 *
 * @param id                      stable id, e.g. "resnet50-v1-7"
 * @param name                    display name
 * @param urls                    download URLs, first to last fallback
 * @param sha256                  lower-case hex SHA-256 of the model file
 * @param size                    size of the model file in bytes
 * @param opset                   ONNX opset of the model
 * @param input                   image input and preprocessing in descriptor terms
 * @param output                  class-score output and what it holds
 * @param labels                  id of a label list in the catalog's "labels" section (e.g. "imagenet-standard"), or null
 * @param targetLayerHint         exact tensor name of the Grad-CAM layer, when known
 * @param targetLayerRule         how to find that layer when no name is known, or null
 * @param license                 licence of the model (SPDX id)
 * @param top1                    published ImageNet top-1 accuracy in percent, or null
 * @param top5                    published ImageNet top-5 accuracy in percent, or null
 * @param preprocessingConfidence "documented" or "probable" (inferred, not in the model's README)
 * @param notes                   remarks worth showing the user
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogEntry(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("urls") List<String> urls,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("size") long size,
        @JsonProperty("opset") Integer opset,
        @JsonProperty("input") Input input,
        @JsonProperty("output") Output output,
        @JsonProperty("labels") String labels,
        @JsonProperty("target_layer_hint") String targetLayerHint,
        @JsonProperty("target_layer_rule") LayerRule targetLayerRule,
        @JsonProperty("license") String license,
        @JsonProperty("top1") Double top1,
        @JsonProperty("top5") Double top5,
        @JsonProperty("preprocessing_confidence") String preprocessingConfidence,
        @JsonProperty("notes") List<String> notes) {

    public CatalogEntry {
        urls = urls == null ? List.of() : List.copyOf(urls);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * The model's image input as a GradLens descriptor states it: value = (pixel·scale − mean[c]) / std[c],
     * mean and std in the tensor's channel order ({@code color}).
     *
     * @param shape         dims, a String for a symbolic one ("N")
     * @param size          [width, height] the image is brought to
     * @param resize        "stretch", "stretch-align-corners" or "shorter-side-center-crop"
     * @param resizeShorter shorter side before the centre crop (only for shorter-side-center-crop)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(
            @JsonProperty("name") String name,
            @JsonProperty("layout") String layout,
            @JsonProperty("shape") List<Object> shape,
            @JsonProperty("size") List<Integer> size,
            @JsonProperty("color") String color,
            @JsonProperty("resize") String resize,
            @JsonProperty("resize_shorter") Integer resizeShorter,
            @JsonProperty("scale") double scale,
            @JsonProperty("mean") List<Double> mean,
            @JsonProperty("std") List<Double> std) {
    }

    /** @param kind "logits", "probabilities" or "log_probabilities" */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(
            @JsonProperty("name") String name,
            @JsonProperty("kind") String kind,
            @JsonProperty("shape") List<Object> shape) {
    }

    /** Grad-CAM layer = input {@code take} ("input[0]") of the node producing {@code nodeOutput}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LayerRule(
            @JsonProperty("node_output") String nodeOutput,
            @JsonProperty("take") String take) {
    }

    /** "14.2 MB". */
    public String sizeText() {
        return ModelFetcher.megabytes(size);
    }
}
