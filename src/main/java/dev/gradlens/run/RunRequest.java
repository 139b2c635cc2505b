package dev.gradlens.run;

/** STUB: the data-set run engine's request (the real one comes from the dataset-core branch). */
public record RunRequest(java.nio.file.Path model, java.nio.file.Path data, java.nio.file.Path out,
                         java.util.List<String> methods, java.util.List<String> targets, int topK, String layer,
                         int batch, int limit, int threads, String device) {
}
