package dev.gradlens;

import dev.gradlens.inference.OrtRuntime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Main class of the jar. Without arguments it opens the window; with arguments it runs the
 * command line. Offline settings are applied first, before any DJL class loads.
 */
public final class Launcher {
    /** CLI HOOK: the command-line entry point, written in a parallel branch. */
    static final String CLI_CLASS = "dev.gradlens.cli.GradLensCli";

    private Launcher() {
    }

    public static void main(String[] args) {
        OrtRuntime.configureOffline();
        if (args.length == 0) {
            javafx.application.Application.launch(dev.gradlens.app.GradLensApp.class);
            return;
        }
        runCli(args);
    }

    /** MERGE: once dev.gradlens.cli.GradLensCli exists, replace the reflection with GradLensCli.main(args). */
    static void runCli(String[] args) {
        Method main;
        try {
            main = Class.forName(CLI_CLASS).getMethod("main", String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            System.err.println(usage());
            System.exit(2);
            return;
        }
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static String usage() {
        return """
                GradLens: gradient-based explanations for ONNX image classifiers.

                Usage:
                  gradlens                open the window
                  gradlens <command> ...  command line (not part of this build yet)
                """;
    }
}
