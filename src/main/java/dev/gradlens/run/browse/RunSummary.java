package dev.gradlens.run.browse;

import java.util.List;

/**
 * What a run is and how it went: the model and methods it was computed with, how many images are
 * done, how many could not be read, and top-1 accuracy over the labelled images that were read.
 *
 * @param images   every {@code images} row (done items, readable or not)
 * @param ok       rows with status {@code ok}
 * @param failed   rows with another status (unreadable, missing, duplicate)
 * @param labelled ok rows with a true class
 * @param correct  labelled ok rows whose top-1 is one of their labels
 */
public record RunSummary(String runId, String createdAt, String modelPath, String modelSha256, RunLabels labels,
                         String layer, List<String> methods, int topK, String datasetKind, String datasetPath,
                         long images, long ok, long failed, long labelled, long correct) {
    public RunSummary {
        methods = List.copyOf(methods);
    }

    /** Top-1 accuracy over the labelled images that were read, NaN when there are none. */
    public double accuracy() {
        return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }

    public long mistakes() {
        return labelled - correct;
    }

    /** The model's file name (the run stores the path as given). */
    public String modelName() {
        String p = modelPath.replace('\\', '/');
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
