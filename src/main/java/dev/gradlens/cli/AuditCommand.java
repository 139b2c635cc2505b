package dev.gradlens.cli;

import dev.gradlens.audit.Audit;
import dev.gradlens.audit.AuditReport;
import dev.gradlens.audit.AuditResult;
import dev.gradlens.audit.Bootstrap;
import dev.gradlens.audit.RegionDecoder;
import dev.gradlens.GradLensException;
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

/** {@code gradlens audit RUN --out DIR}: the bias audit of one run as HTML, CSV and PNG (docs/cli.md). */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Bias audit of a data-set run: accuracy and where the maps look, per class and group, with 95 % bootstrap intervals.")
final class AuditCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run: a .duckdb file or a Parquet folder")
    Path run;

    @Option(names = "--group", paramLabel = "COL", description = "cut by this group only (default: every group of the run)")
    String group;

    @Option(names = "--counterfactual", description = "also audit the counterfactual maps")
    boolean counterfactual;

    @Option(names = "--region-shape", defaultValue = "mask", paramLabel = "mask|box",
            description = "regions that have a mask: the mask's pixels or their box (default: ${DEFAULT-VALUE})")
    String shape;

    @Option(names = "--resamples", defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES, paramLabel = "B", description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--seed", defaultValue = "20261204", paramLabel = "S", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: the CPU count)")
    Integer threads;

    @Option(names = "--images", paramLabel = "DIR", description = "where the data set's images are now (default: the run's dataset_path)")
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
        Audit.Options o = new Audit.Options(group, counterfactual, RegionDecoder.Shape.parse(shape), resamples, seed,
                threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors(), 6);
        try (RunDatabase db = RunDatabase.openForReading(run)) {
            AuditResult r = Audit.run(db, o);
            List<String> files = AuditReport.write(r, db, out, images, cm);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "audited %d images, %d maps in %.1f s; %d files in %s%n", r.images(), r.maps(), r.millis() / 1000.0, files.size(), out);
            for (AuditResult.Gap g : r.gaps()) w.println("gap: " + g.sentence());
            for (String n : r.notes().lines()) w.println("note: " + n);
        }
    }
}
