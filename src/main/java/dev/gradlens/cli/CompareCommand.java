package dev.gradlens.cli;

import dev.gradlens.GradLensException;
import dev.gradlens.audit.Audit;
import dev.gradlens.audit.Bootstrap;
import dev.gradlens.audit.Comparison;
import dev.gradlens.audit.ComparisonReport;
import dev.gradlens.audit.ComparisonResult;
import dev.gradlens.audit.RegionDecoder;
import dev.gradlens.imaging.Colormap;
import dev.gradlens.run.RunDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code gradlens compare RUN_A RUN_B --out DIR}: two runs on the same data, side by side (docs/cli.md). */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare two runs on the same data: predictions, accuracy per class and group, map agreement and region mass, with paired bootstrap intervals.")
final class CompareCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "RUN_A", description = "first run (.duckdb file or Parquet folder)")
    Path runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "second run, on the same data set")
    Path runB;

    @Option(names = "--group", paramLabel = "COL", description = "cut by this group only (default: every group of run A)")
    String group;

    @Option(names = "--region-shape", defaultValue = "mask", paramLabel = "mask|box", description = "regions with a mask: mask or box (default: ${DEFAULT-VALUE})")
    String shape;

    @Option(names = "--resamples", defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES, paramLabel = "B", description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--seed", defaultValue = "20261204", paramLabel = "S", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: the CPU count)")
    Integer threads;

    @Option(names = "--images", paramLabel = "DIR", description = "where the data set's images are now (default: run A's dataset_path)")
    Path images;

    @Option(names = "--colormap", defaultValue = "jet", paramLabel = "NAME", description = "overlay colour map (default: ${DEFAULT-VALUE})")
    String colormap;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "report folder (created)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (resamples < 100) throw new GradLensException("--resamples must be at least 100 for a 95 % interval");
        Colormap cm = Colormap.byName(colormap);
        Audit.Options o = new Audit.Options(group, false, RegionDecoder.Shape.parse(shape), resamples, seed,
                threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors(), 6);
        try (RunDatabase a = RunDatabase.openForReading(runA); RunDatabase b = RunDatabase.openForReading(runB)) {
            ComparisonResult r = Comparison.run(a, b, o);
            List<String> files = ComparisonReport.write(r, a, b, out, images, cm);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "compared %d images in %.1f s; %d files in %s%n", r.images(), r.millis() / 1000.0, files.size(), out);
            for (String s : r.sentences()) w.println("- " + s);
            for (String n : r.notes().lines()) w.println("note: " + n);
        }
    }
}
