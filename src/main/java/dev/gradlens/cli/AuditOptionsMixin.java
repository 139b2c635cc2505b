package dev.gradlens.cli;

import dev.gradlens.GradLensException;
import dev.gradlens.audit.Audit;
import dev.gradlens.audit.Bootstrap;
import dev.gradlens.audit.RegionDecoder;
import dev.gradlens.imaging.Colormap;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options `audit` and `compare` share: regions, bootstrap, threads and the report's folder and pictures. */
final class AuditOptionsMixin {
    @Option(names = "--region-shape", defaultValue = "mask", paramLabel = "mask|box",
            description = "regions that have a mask: the mask's pixels or their box (default: ${DEFAULT-VALUE})")
    String shape;

    @Option(names = "--resamples", defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES, paramLabel = "B", description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--seed", defaultValue = "20261204", paramLabel = "S", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: the CPU count)")
    Integer threads;

    @Option(names = "--images", paramLabel = "DIR", description = "where the data set's images are now (default: the (first) run's dataset_path)")
    Path images;

    @Option(names = "--colormap", defaultValue = "jet", paramLabel = "NAME", description = "overlay colour map (default: ${DEFAULT-VALUE})")
    String colormap;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "report folder (created)")
    Path out;

    /** The overlay colour map; the bootstrap size is checked first (the order the commands always reported in). */
    Colormap colormap() {
        if (resamples < 100) throw new GradLensException("--resamples must be at least 100 for a 95 % interval");
        return Colormap.byName(colormap);
    }

    /** The audit's settings. */
    Audit.Options options(String group, boolean counterfactual) {
        return new Audit.Options(group, counterfactual, RegionDecoder.Shape.parse(shape), resamples, seed,
                threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors(), 6, dev.gradlens.explain.Cancellation.NONE);
    }
}
