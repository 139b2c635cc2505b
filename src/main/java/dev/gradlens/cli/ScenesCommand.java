package dev.gradlens.cli;

import dev.gradlens.scenes.GenerateScenesMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gradlens scenes generate …}: synthetic teaching scenes with exact ground truth. */
@Command(name = "scenes", mixinStandardHelpOptions = true, description = "Synthetic teaching scenes (needs Debian's openclipart-png).",
        subcommands = ScenesCommand.Generate.class)
public final class ScenesCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Passes its arguments to the generator, which has its own option parser and usage text. */
    @Command(name = "generate", description = "Write scenes (PNG) and their ground truth (JSON): gradlens scenes generate --out DIR [--count N] [--seed S] ... (--help for all)")
    static final class Generate implements Callable<Integer> {
        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return GenerateScenesMain.run(args.toArray(new String[0]), System.out, System.err);
        }
    }
}
