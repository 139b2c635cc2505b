package dev.gradlens.cli;

import dev.gradlens.GradLensException;
import dev.gradlens.run.browse.RunQueries;
import dev.gradlens.run.report.FaithfulnessSection;
import dev.gradlens.run.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code gradlens report}: an HTML page about a run (accuracy, confusion matrix, confident mistakes with their CAMs). */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write an HTML report of a data-set run: accuracy, per-class accuracy, confusion matrix, faithfulness (runs made with --metrics), the most confident mistakes with their Grad-CAM.")
final class ReportCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run: a .duckdb file or a Parquet folder")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created); index.html and PNGs")
    Path out;

    @Option(names = "--mistakes", defaultValue = "24", paramLabel = "N", description = "how many of the most confident mistakes to show (default: ${DEFAULT-VALUE})")
    int mistakes;

    @Option(names = "--method", paramLabel = "ID", description = "the stored CAM method to draw (default: gradcam, else the run's first CAM method)")
    String method;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (mistakes < 0) throw new GradLensException("--mistakes must be 0 or more");
        try (RunQueries q = RunQueries.open(run)) {
            HtmlReport.Result r = HtmlReport.write(q, out, mistakes, method);
            PrintWriter o = spec.commandLine().getOut();
            o.println(FailuresCommand.headline(q.summary()));
            o.println("wrote " + r.index() + " (" + r.mistakesShown() + " mistakes with " + r.method() + ")");
            List<String> faithfulness = FaithfulnessSection.lines(q.metrics());
            if (!faithfulness.isEmpty()) {
                o.println("faithfulness of the predicted class's maps, mean [95 % CI] (the report's Faithfulness section has the Win % matrix):");
                for (String l : faithfulness) o.println("  " + l);
            }
            for (String n : r.notes()) o.println("note: " + n);
            o.flush();
        }
    }
}
