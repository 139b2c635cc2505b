package dev.gradlens.cli;

import dev.gradlens.GradLensException;
import dev.gradlens.inference.OrtRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code gradlens} command line. Errors a user can act on print one line and exit 2; a bug
 * prints one line too (set GRADLENS_DEBUG=1 for the stack trace) and exits 3.
 */
@Command(name = "gradlens", mixinStandardHelpOptions = true, version = "GradLens 0.1.0",
        description = "Gradient-based explanations (Grad-CAM, Grad-CAM++, guided backprop, ...) for ONNX image classifiers.",
        subcommands = {ExplainCommand.class, LayersCommand.class, BenchCommand.class, RunCommand.class, ExportCommand.class, CoverageCommand.class, FailuresCommand.class, ReportCommand.class, ScoreCommand.class, SanityCommand.class, AuditCommand.class, CompareCommand.class,
                CommandLine.HelpCommand.class})
public final class GradLensCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a command: the usage of this command line, optional subcommands (models, scenes) included. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        OrtRuntime.configureOffline();
        System.exit(execute(args));
    }

    /** Runs a command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GradLensCli());
        addOptional(cl, "dev.gradlens.cli.ModelsCommand");
        addOptional(cl, "dev.gradlens.cli.ScenesCommand");
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("gradlens: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof GradLensException) {
                err.println("gradlens: error: " + ex.getMessage());
                return 2;
            }
            err.println("gradlens: internal error: " + ex + (System.getenv("GRADLENS_DEBUG") == null ? " (set GRADLENS_DEBUG=1 for details)" : ""));
            if (System.getenv("GRADLENS_DEBUG") != null) ex.printStackTrace(err);
            return 3;
        });
        return cl;
    }

    /** Subcommands living in optional parts of the build (model catalog, scene generator). */
    private static void addOptional(CommandLine cl, String className) {
        try {
            Object cmd = Class.forName(className).getDeclaredConstructor().newInstance();
            cl.addSubcommand(cmd);
        } catch (ReflectiveOperationException | LinkageError absent) {
            // not part of this build
        }
    }
}
