package dev.gradlens.cli;

import dev.gradlens.audit.Audit;
import dev.gradlens.audit.AuditReport;
import dev.gradlens.audit.AuditResult;
import dev.gradlens.imaging.Colormap;
import dev.gradlens.run.RunDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code gradlens audit RUN --out DIR}: the bias audit of one run as HTML, CSV and PNG (docs/cli.md). */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Bias audit of a data-set run: accuracy and where the maps look, per class and group, with 95 %% intervals (Wilson, studentised bootstrap).")
final class AuditCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run: a .duckdb file or a Parquet folder")
    Path run;

    @Option(names = "--group", paramLabel = "COL", description = "cut by this group only (default: every group of the run)")
    String group;

    @Option(names = "--counterfactual", description = "also audit the counterfactual maps")
    boolean counterfactual;

    @Mixin
    AuditOptionsMixin report;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Colormap cm = report.colormap();
        Audit.Options o = report.options(group, counterfactual);
        try (RunDatabase db = RunDatabase.openForReading(run)) {
            AuditResult r = Audit.run(db, o);
            List<String> files = AuditReport.write(r, db, report.out, report.images, cm);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "audited %d images, %d maps in %.1f s; %d files in %s%n", r.images(), r.maps(), r.millis() / 1000.0, files.size(), report.out);
            for (AuditResult.Gap g : r.gaps()) w.println("gap: " + g.sentence());
            for (String n : r.notes().lines()) w.println("note: " + n);
        }
    }
}
