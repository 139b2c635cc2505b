package dev.gradlens.cli;

import dev.gradlens.GradLensException;
import dev.gradlens.catalog.CatalogEntry;
import dev.gradlens.catalog.FetchListener;
import dev.gradlens.catalog.FetchResult;
import dev.gradlens.catalog.ModelCatalog;
import dev.gradlens.catalog.ModelFetcher;
import dev.gradlens.inference.OrtRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code gradlens models [list]} and {@code gradlens models fetch ID}: the ONNX Model Zoo classifiers
 * GradLens can download on request. Progress and one-line errors go to stderr; exit status 1 on
 * failure. Register it as a subcommand of the main command.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List and download classic ImageNet classifiers from the ONNX Model Zoo (nothing is downloaded unless you fetch).",
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.FetchCommand.class})
public final class ModelsCommand implements Callable<Integer> {
    private final Supplier<ModelCatalog> catalogs;
    private final Function<Path, ModelFetcher> fetchers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cache", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Cache folder (default: system property gradlens.cache, else ~/.cache/gradlens); models go to DIR/models/ID/")
    Path cache;

    public ModelsCommand() {
        this(ModelCatalog::load, dir -> dir == null ? new ModelFetcher() : new ModelFetcher(dir));
    }

    /** For tests and embedding: where the catalog and the fetcher (given the --cache folder, or null) come from. */
    public ModelsCommand(Supplier<ModelCatalog> catalogs, Function<Path, ModelFetcher> fetchers) {
        OrtRuntime.configureOffline();
        this.catalogs = catalogs;
        this.fetchers = fetchers;
    }

    /** Without a subcommand: the list. */
    @Override
    public Integer call() {
        return list(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    int list(PrintWriter out, PrintWriter err) {
        try {
            ModelCatalog catalog = catalogs.get();
            ModelFetcher fetcher = fetchers.apply(cache);
            out.printf(Locale.ROOT, "%-22s %10s %7s  %-13s %-8s %s%n", "ID", "SIZE", "TOP-1", "LICENSE", "CACHED", "NAME");
            for (CatalogEntry e : catalog.models()) {
                ModelFetcher.Status s = fetcher.status(e);
                String cached = switch (s.state()) {
                    case CACHED -> "yes";
                    case PARTIAL -> String.format(Locale.ROOT, "%d%%", Math.round(100.0 * s.bytes() / e.size()));
                    case ABSENT -> "-";
                };
                out.printf(Locale.ROOT, "%-22s %10s %7s  %-13s %-8s %s%n", e.id(), e.sizeText(),
                        e.top1() == null ? "?" : String.format(Locale.ROOT, "%.1f%%", e.top1()), e.license(), cached, e.name());
            }
            out.println();
            out.println("Cache: " + fetcher.cacheRoot().resolve("models") + "   Download one with: gradlens models fetch ID");
            out.flush();
            return 0;
        } catch (GradLensException ex) {
            err.println("gradlens: error: " + ex.getMessage());
            err.flush();
            return 2;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models of the catalog, with their size, accuracy, licence and whether they are cached.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return parent.list(spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download a model into the cache (resuming a partial download), check its size and sha256, and write its GradLens descriptor and labels beside it.")
    static final class FetchCommand implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "Model id, as 'gradlens models list' shows it")
        String id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Progress progress = new Progress(err);
            try {
                ModelCatalog catalog = parent.catalogs.get();
                ModelFetcher fetcher = parent.fetchers.apply(parent.cache);
                FetchResult r = fetcher.fetch(catalog, id, progress);
                progress.finish();
                for (String n : r.notes()) err.println("note: " + n);
                err.println(r.downloaded() ? "Downloaded " + r.entry().id() + " from " + r.url() : r.entry().id() + " is already in the cache (verified)");
                err.flush();
                out.println(r.model());
                out.println(r.descriptor());
                out.flush();
                return 0;
            } catch (GradLensException ex) {
                progress.finish();
                err.println("gradlens: error: " + ex.getMessage());
                err.flush();
                return 2;
            }
        }
    }

    /** Progress on stderr: one updating line on a terminal, a line per 10 % otherwise. */
    static final class Progress implements FetchListener {
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;
        private String what = "";
        private long lastPrint;
        private long lastDecile = -1;
        private boolean open;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void attempt(String what, String url, long resumeFrom, long total) {
            finish();
            this.what = what;
            lastDecile = -1;
            err.println((resumeFrom > 0 ? "Resuming " : "Downloading ") + what + " from " + url);
            err.flush();
        }

        @Override
        public synchronized void message(String line) {
            finish();
            err.println(line);
            err.flush();
        }

        @Override
        public synchronized void progress(long done, long total) {
            long now = System.nanoTime();
            String text = String.format(Locale.ROOT, "  %s / %s (%d%%)", ModelFetcher.megabytes(done), ModelFetcher.megabytes(total),
                    total > 0 ? Math.round(100.0 * done / total) : 0);
            if (terminal) {
                if (now - lastPrint < 200_000_000L && done < total) return;
                err.print("\r" + text + "   ");
                open = true;
            } else {
                long decile = total > 0 ? 10 * done / total : 0;
                if (decile == lastDecile) return;
                lastDecile = decile;
                err.println(text);
            }
            lastPrint = now;
            err.flush();
        }

        synchronized void finish() {
            if (open) {
                err.println();
                open = false;
            }
            err.flush();
        }
    }
}
