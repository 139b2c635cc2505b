package dev.gradlens.cli;

import dev.gradlens.audit.Audit;
import dev.gradlens.audit.Comparison;
import dev.gradlens.audit.ComparisonReport;
import dev.gradlens.audit.ComparisonResult;
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

    @Mixin
    AuditOptionsMixin report;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Colormap cm = report.colormap();
        Audit.Options o = report.options(group, false);
        try (RunDatabase a = RunDatabase.openForReading(runA); RunDatabase b = RunDatabase.openForReading(runB)) {
            ComparisonResult r = Comparison.run(a, b, o);
            List<String> files = ComparisonReport.write(r, a, b, report.out, report.images, cm);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "compared %d images in %.1f s; %d files in %s%n", r.images(), r.millis() / 1000.0, files.size(), report.out);
            for (String s : r.sentences()) w.println("- " + s);
            for (String n : r.notes().lines()) w.println("note: " + n);
        }
    }
}
