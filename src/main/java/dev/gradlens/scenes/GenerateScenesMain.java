package dev.gradlens.scenes;

import dev.gradlens.GradLensException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code gradlens scenes generate} as a plain main (to be wired as a picocli subcommand later):
 * writes {@code <prefix>-NNNNNN.png} + {@code .json} per scene and a {@code dataset.json} summary into {@code --out}.
 * Runs with the JDK alone: {@code java -cp target/classes dev.gradlens.scenes.GenerateScenesMain --help}.
 */
public final class GenerateScenesMain {
    static final String USAGE = """
            Usage: GenerateScenesMain --out DIR [options]
              --out DIR                 output directory (created)
              --count N                 number of scenes (default 100)
              --seed S                  data set seed (default 1); scene i depends only on (seed, i, options)
              --start I                 index of the first scene (default 0)
              --split train|test        which clip-art sources to use (default train)
              --size PX                 image side (default 128)
              --single-object           exactly one object per scene
              --mixed                   2-3 objects of at least two different classes
              --max-objects K           at most K objects (1..3, default 3)
              --classes a,b,...         only these classes (default: all)
              --exclude a,b,...         never these classes
              --bias-class NAME         scenes labelled NAME carry the badge at --bias-rate
              --bias-rate R             (default 0.95)
              --other-badge-rate R      badge rate of all other scenes (default 0.05 with --bias-class, else 0)
              --no-colour-jitter        keep the cut-outs' own colours
              --prefix NAME             file name prefix (default scene)
              --threads T               worker threads (default 1; output does not depend on it)
              --clipart-root DIR        clip-art root (default /usr/share/openclipart/png)
            """;

    private GenerateScenesMain() {
    }

    public static void main(String[] args) {
        int rc = run(args, System.out, System.err);
        if (rc != 0) System.exit(rc);
    }

    /** Runs the command; returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path outDir = null, root = null;
        int count = 100, threads = 1;
        long seed = 1, start = 0;
        String prefix = "scene";
        Double otherRate = null;
        SceneOptions o = SceneOptions.defaults();
        double biasRate = 0.95;
        String biasClass = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--out" -> outDir = Path.of(value(args, ++i, a));
                    case "--count" -> count = Integer.parseInt(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--start" -> start = Long.parseLong(value(args, ++i, a));
                    case "--split" -> o = o.withSplit(SceneSplit.parse(value(args, ++i, a)));
                    case "--size" -> o = o.withSize(Integer.parseInt(value(args, ++i, a)));
                    case "--single-object" -> o = o.withLayout(SceneOptions.Layout.SINGLE_OBJECT);
                    case "--mixed" -> o = o.withLayout(SceneOptions.Layout.MIXED);
                    case "--max-objects" -> o = o.withMaxObjects(Integer.parseInt(value(args, ++i, a)));
                    case "--classes" -> o = o.withClasses(list(value(args, ++i, a)));
                    case "--exclude" -> o = o.withExclude(list(value(args, ++i, a)));
                    case "--bias-class" -> biasClass = value(args, ++i, a);
                    case "--bias-rate" -> biasRate = Double.parseDouble(value(args, ++i, a));
                    case "--other-badge-rate" -> otherRate = Double.parseDouble(value(args, ++i, a));
                    case "--no-colour-jitter", "--no-color-jitter" -> o = o.withColourJitter(false);
                    case "--prefix" -> prefix = value(args, ++i, a);
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
                    case "--clipart-root" -> root = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (outDir == null) throw new IllegalArgumentException("--out is required");
            if (count < 0 || threads < 1) throw new IllegalArgumentException("--count must be >= 0 and --threads >= 1");
            o = o.withBias(biasClass, biasRate, otherRate != null ? otherRate : biasClass != null ? 0.05 : 0.0);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            ClipArtClasses classes = ClipArtClasses.load();
            ClipArtLibrary lib = ClipArtLibrary.open(classes, root != null ? root : ClipArtLibrary.defaultRoot());
            SceneGenerator gen = new SceneGenerator(lib, o, seed);
            long t0 = System.nanoTime();
            Summary summary = generate(gen, outDir, prefix, start, count, threads, err);
            Files.writeString(outDir.resolve("dataset.json"), summary.toJson(gen, prefix, start, count), StandardCharsets.UTF_8);
            out.printf(Locale.ROOT, "wrote %d scenes to %s in %.1f s (%d with badge)%n", count, outDir,
                    (System.nanoTime() - t0) / 1e9, summary.badges);
            return 0;
        } catch (GradLensException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot write " + outDir + ": " + e.getMessage());
            return 1;
        }
    }

    private static final class Summary {
        final Map<String, Integer> labels = new TreeMap<>();
        final Map<String, Integer> badgesByLabel = new TreeMap<>();
        int badges;

        void add(SceneTruth t) {
            labels.merge(t.label(), 1, Integer::sum);
            if (t.hasBadge()) {
                badges++;
                badgesByLabel.merge(t.label(), 1, Integer::sum);
            }
        }

        String toJson(SceneGenerator gen, String prefix, long start, int count) {
            SceneOptions o = gen.options();
            StringBuilder b = new StringBuilder("{\n");
            b.append("  \"format\": \"gradlens-scene-set/1\",\n");
            b.append("  \"prefix\": ").append(MiniJson.quote(prefix)).append(",\n");
            b.append("  \"seed\": ").append(gen.seed()).append(", \"start\": ").append(start).append(", \"count\": ").append(count).append(",\n");
            b.append("  \"split\": ").append(MiniJson.quote(o.split().id())).append(", \"layout\": ").append(MiniJson.quote(o.layout().id()))
                    .append(", \"size\": ").append(o.size()).append(", \"max_objects\": ").append(o.maxObjects()).append(",\n");
            b.append("  \"classes\": ").append(strings(gen.allowedClasses())).append(",\n");
            b.append("  \"bias_class\": ").append(o.biasClass() == null ? "null" : MiniJson.quote(o.biasClass()))
                    .append(", \"bias_rate\": ").append(MiniJson.num(o.biasRate(), 4))
                    .append(", \"other_badge_rate\": ").append(MiniJson.num(o.otherBadgeRate(), 4))
                    .append(", \"colour_jitter\": ").append(o.colourJitter()).append(",\n");
            b.append("  \"label_counts\": ").append(counts(labels)).append(",\n");
            b.append("  \"badge_counts\": ").append(counts(badgesByLabel)).append(",\n");
            b.append("  \"badges\": ").append(badges).append("\n}\n");
            return b.toString();
        }

        private static String counts(Map<String, Integer> m) {
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (var e : m.entrySet()) {
                b.append(first ? "" : ", ").append(MiniJson.quote(e.getKey())).append(": ").append(e.getValue());
                first = false;
            }
            return b.append('}').toString();
        }

        private static String strings(List<String> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) b.append(i == 0 ? "" : ", ").append(MiniJson.quote(l.get(i)));
            return b.append(']').toString();
        }
    }

    private static Summary generate(SceneGenerator gen, Path outDir, String prefix, long start, int count, int threads,
                                    PrintStream err) throws IOException {
        Files.createDirectories(outDir);
        Summary summary = new Summary();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int chunk = 256;
            for (int base = 0; base < count; base += chunk) {
                List<Future<SceneTruth>> futures = new ArrayList<>();
                for (int k = base; k < Math.min(count, base + chunk); k++) {
                    long index = start + k;
                    futures.add(pool.submit(() -> {
                        Scene s = gen.generate(index);
                        s.write(outDir, String.format(Locale.ROOT, "%s-%06d", prefix, index));
                        return s.truth();
                    }));
                }
                for (Future<SceneTruth> f : futures) summary.add(f.get());
                if (count >= 2000 && (base / chunk) % 8 == 7) err.printf(Locale.ROOT, "  %d / %d%n", Math.min(count, base + chunk), count);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GradLensException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new GradLensException("scene generation failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
        return summary;
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) throw new IllegalArgumentException(opt + " needs a value");
        return args[i];
    }

    private static List<String> list(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
