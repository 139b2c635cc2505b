package dev.gradlens.cli;

import dev.gradlens.run.RunEngine;
import dev.gradlens.run.RunProgress;
import dev.gradlens.run.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code gradlens run}: a model over a labelled data set into a results database. Re-running the
 * same command resumes: images already in the run file are skipped.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a model over a labelled image set (ImageFolder, CSV/TSV manifest, COCO, Pascal VOC, scene set) into RUN.duckdb; re-running resumes.")
final class RunCommand implements Runnable {
    @Option(names = "--model", required = true, paramLabel = "M.onnx", description = "ONNX classifier (a descriptor JSON beside it is used when present)")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "D", description = "data set: a folder (ImageFolder, Pascal VOC, COCO, scene set), a .csv/.tsv manifest or a COCO .json")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "RUN.duckdb", description = "results database (created; an existing one is resumed)")
    Path out;

    @Option(names = "--methods", split = ",", paramLabel = "LIST", description = "CAM methods stored per image (default: gradcam,gradcampp). "
            + "Available: gradcam gradcampp xgradcam layercam hirescam gradcam-counterfactual gradcampp-counterfactual")
    List<String> methods = new ArrayList<>();

    @Option(names = "--target", paramLabel = "CLASS", description = "also store maps of this class for every image (index or label; repeatable)")
    List<String> targets = new ArrayList<>();

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K", description = "predictions stored per image (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--layer", paramLabel = "TENSOR", description = "CAM layer (default: the model's; see 'gradlens layers')")
    String layer;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "N", description = "images per ONNX Runtime run (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "only the first N images of the data set (default: all)")
    int limit;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "T", description = "image decoding threads (default: the number of cores)")
    int threads;

    @Option(names = "--metrics", split = ",", paramLabel = "LIST", description = "faithfulness metrics per image, of the maps of the predicted "
            + "(and each --target) class: faithfulness (Average Drop, Increase), deletion-insertion (AUCs), road, all, or metric ids "
            + "(default: none). Costs extra model runs per image: the count is printed before the run")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda", description = "where ONNX Runtime runs (default: ${DEFAULT-VALUE})")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (topK < 1) throw new dev.gradlens.GradLensException("--top-k must be at least 1");
        if (batch < 1) throw new dev.gradlens.GradLensException("--batch must be at least 1");
        if (limit < 0) throw new dev.gradlens.GradLensException("--limit must not be negative");
        if (threads < 0) throw new dev.gradlens.GradLensException("--threads must not be negative");
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        RunRequest req = new RunRequest(model, data, out, methods, targets, topK, layer, batch, limit, threads, device, metrics);
        AtomicBoolean stop = new AtomicBoolean();
        try (RunEngine engine = RunEngine.prepare(req)) {
            // Ctrl-C: finish the batch in hand, then stop; the run file stays resumable either way.
            Thread hook = new Thread(() -> stop.set(true));
            Runtime.getRuntime().addShutdownHook(hook);
            if (!engine.metrics().none()) {
                // the rate and ETA count committed images, metrics included; say up front what they cost
                err.println("note: metrics " + engine.metrics().ids() + ": up to " + engine.metricForwardsPerImage()
                        + " extra forward passes per image (batched); the first progress line comes after the first batch of " + batch);
                err.flush();
            }
            long[] lastLine = {0};
            RunProgress p = engine.execute(progress -> {
                long now = System.nanoTime();
                if (now - lastLine[0] > 1_000_000_000L || progress.done() == progress.total()) {
                    lastLine[0] = now;
                    err.println(line(progress));
                    err.flush();
                }
            }, stop::get);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // already shutting down: the hook has run
            }
            o.printf(Locale.ROOT, "%s: %d of %d images done (%d not computed: missing, unreadable or duplicate); layer %s%n",
                    out, p.done(), p.total(), p.failed(), engine.layer());
            o.flush();
        }
    }

    static String line(RunProgress p) {
        String eta = p.etaSeconds() < 0 ? "?" : p.etaSeconds() >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", p.etaSeconds() / 3600, p.etaSeconds() / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", p.etaSeconds() / 60, p.etaSeconds() % 60);
        // below one image a second (metrics on a large model) "0.0 images/s" would say nothing: seconds per image instead
        String rate = p.imagesPerSecond() > 0 && p.imagesPerSecond() < 1 ? String.format(Locale.ROOT, "%.1f s/image", 1 / p.imagesPerSecond())
                : String.format(Locale.ROOT, "%.1f images/s", p.imagesPerSecond());
        return String.format(Locale.ROOT, "run: %d/%d images (%.1f%%), %d failed, %s, ETA %s", p.done(), p.total(),
                p.total() == 0 ? 100.0 : 100.0 * p.done() / p.total(), p.failed(), rate, eta);
    }
}
