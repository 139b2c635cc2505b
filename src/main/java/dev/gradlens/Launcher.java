package dev.gradlens;

import dev.gradlens.cli.GradLensCli;
import dev.gradlens.inference.OrtRuntime;

/**
 * Main class of the jar. Without arguments it opens the window; with arguments it runs the
 * command line. Offline settings are applied first, before any DJL class loads.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        OrtRuntime.configureOffline();
        if (args.length == 0) {
            javafx.application.Application.launch(dev.gradlens.app.GradLensApp.class);
            return;
        }
        GradLensCli.main(args);
    }
}
