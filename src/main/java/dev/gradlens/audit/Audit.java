package dev.gradlens.audit;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.run.RunDatabase;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The bias audit of one run (docs/conventions.md, "Audit"): for every class × group value, accuracy and
 * mean confidence, and for every method and class whose maps the run holds, the energy share and
 * pointing game per region, each with a 95 % interval (Wilson for the proportions accuracy and pointing
 * game, the studentised bootstrap on the arcsine-root scale for the means confidence and energy share,
 * {@link Bootstrap#studentised}); then the largest gaps in
 * words. Reads the run only through SQL ({@link RunDatabase}), so a .duckdb file and a Parquet folder
 * audit alike.
 */
public final class Audit {
    /**
     * @param group          one group name to cut by, or null for every group of the run
     * @param counterfactual also audit counterfactual maps
     * @param shape          regions as masks (default) or as their boxes
     */
    public record Options(String group, boolean counterfactual, RegionDecoder.Shape shape, int resamples, long seed, int threads,
                          int typical, Cancellation cancel) {
        public static Options defaults() {
            return new Options(null, false, RegionDecoder.Shape.MASK, Bootstrap.DEFAULT_RESAMPLES, 20261204L,
                    Runtime.getRuntime().availableProcessors(), 6, Cancellation.NONE);
        }

        public Options withGroup(String g) {
            return new Options(g, counterfactual, shape, resamples, seed, threads, typical, cancel);
        }

        public Options withCounterfactual(boolean c) {
            return new Options(group, c, shape, resamples, seed, threads, typical, cancel);
        }

        public Options withShape(RegionDecoder.Shape s) {
            return new Options(group, counterfactual, s, resamples, seed, threads, typical, cancel);
        }

        public Options withThreads(int t) {
            return new Options(group, counterfactual, shape, resamples, seed, t, typical, cancel);
        }

        /**
         * Polled while the maps are measured (per image) and before each cell's bootstrap, so the window's Cancel
         * stops an audit or comparison within a moment: a CancellationException.
         */
        public Options withCancellation(Cancellation c) {
            return new Options(group, counterfactual, shape, resamples, seed, threads, typical, c);
        }
    }

    /** A group cut: the whole set ({@link RunImages#ALL}) or one value of one group name. */
    private record Cut(String group, String value) {
    }

    private Audit() {
    }

    public static AuditResult run(RunDatabase db, Options o) {
        return runWithCells(db, o).result();
    }

    /**
     * As {@link #run}, keeping what the cells were cut from, so a caller (the window's Audit page) can
     * list the images behind any row afterwards without measuring the maps again.
     */
    public static AuditCells runWithCells(RunDatabase db, Options o) {
        long t0 = System.nanoTime();
        Notes notes = new Notes();
        RunInfo info = RunInfo.read(db, notes);
        RunImages images = RunImages.load(db, o.group(), notes);
        if (images.size() == 0) throw new dev.gradlens.GradLensException("The run " + db.location() + " has no image with a result to audit");
        MapMeasurements maps = MapMeasurements.measure(db, info, images, o.counterfactual(), o.shape(), o.threads(), notes, o.cancel());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()));
        try {
            Tables t = tables(images, info, maps, o, pool, notes, Bootstrap::studentised);
            List<AuditResult.Gap> gaps = GapSummary.largest(info, maps, t.accuracy(), t.localisation(), 8);
            AuditResult result = new AuditResult(info, maps.names(), images.groupNames(), maps.methods(), t.accuracy(), t.localisation(), gaps,
                    notes, images.size(), maps.rows().size(), o.resamples(), o.seed(), (System.nanoTime() - t0) / 1_000_000);
            return new AuditCells(result, images, maps);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The interval of the means of continuous measures (confidence, energy share): n × m values, row-major. */
    @FunctionalInterface
    interface MeanInterval {
        Bootstrap.Estimate[] of(double[] values, int n, int m, int resamples, long seed);
    }

    /** The audit's two tables. */
    record Tables(List<AuditResult.AccuracyRow> accuracy, List<AuditResult.LocalisationRow> localisation) {
    }

    /**
     * The tables of images already loaded and measured, with a given interval for means: the audit's own
     * path, and the coverage simulation's (CoverageSimulation in the test sources), which audits many
     * samples drawn from a large run's images with each candidate interval.
     */
    static Tables tables(RunImages images, RunInfo info, MapMeasurements maps, Options o, ExecutorService pool, Notes notes,
                         MeanInterval means) {
        return new Tables(accuracy(images, info, o, pool, notes, means), localisation(images, info, maps, o, pool, means));
    }

    /** The cuts an image belongs to: the whole set and its value of every group. */
    private static List<Cut> cuts(RunImages images, int pos) {
        List<Cut> c = new ArrayList<>();
        c.add(new Cut(RunImages.ALL, ""));
        for (String g : images.groupNames()) c.add(new Cut(g, images.group(g, pos)));
        return c;
    }

    private static long seed(long base, String key) {
        return base * 1_000_003L ^ key.hashCode() * 0x9E3779B97F4A7C15L;
    }

    private static List<AuditResult.AccuracyRow> accuracy(RunImages images, RunInfo info, Options o, ExecutorService pool, Notes notes,
                                                          MeanInterval means) {
        // key: class (-1 = all classes) and cut → image positions with a known outcome
        Map<Integer, Map<Cut, List<Integer>>> cells = new TreeMap<>();
        TreeSet<Integer> classes = new TreeSet<>();
        Map<String, TreeSet<String>> values = new LinkedHashMap<>();
        for (int p = 0; p < images.size(); p++) {
            if (images.correct[p] < 0) continue;
            for (Cut c : cuts(images, p)) {
                values.computeIfAbsent(c.group(), k -> new TreeSet<>()).add(c.value());
                cells.computeIfAbsent(-1, k -> new LinkedHashMap<>()).computeIfAbsent(c, k -> new ArrayList<>()).add(p);
                if (images.trueClass[p] >= 0) {
                    classes.add(images.trueClass[p]);
                    cells.computeIfAbsent(images.trueClass[p], k -> new LinkedHashMap<>()).computeIfAbsent(c, k -> new ArrayList<>()).add(p);
                }
            }
        }
        List<Future<AuditResult.AccuracyRow>> futures = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        order.add(-1);
        order.addAll(classes);
        for (int cls : order) {
            for (Map.Entry<String, TreeSet<String>> g : values.entrySet()) {
                for (String v : g.getValue()) {
                    Cut cut = new Cut(g.getKey(), v);
                    List<Integer> members = cells.getOrDefault(cls, Map.of()).getOrDefault(cut, List.of());
                    String label = cls < 0 ? "(all classes)" : info.label(cls);
                    if (members.isEmpty()) {
                        notes.add("class × group cells without images", "class " + label + ", " + cut.group() + " = " + v);
                    }
                    futures.add(pool.submit(() -> {
                        o.cancel().check();
                        int n = members.size(), right = 0;
                        double[] conf = new double[n];
                        for (int i = 0; i < n; i++) {
                            int p = members.get(i);
                            right += images.correct[p];
                            conf[i] = images.confidence[p];
                        }
                        // accuracy is a proportion: Wilson; confidence a (skewed) mean in [0, 1]: studentised bootstrap
                        Bootstrap.Estimate c = means.of(conf, n, 1, o.resamples(), seed(o.seed(), "acc/" + cls + "/" + cut))[0];
                        return new AuditResult.AccuracyRow(cls, label, cut.group(), cut.value(), n, WilsonInterval.of(right, n), c);
                    }));
                }
            }
        }
        return collect(futures);
    }

    private static List<AuditResult.LocalisationRow> localisation(RunImages images, RunInfo info, MapMeasurements maps, Options o,
                                                                  ExecutorService pool, MeanInterval means) {
        int R = maps.names().size();
        // (method, class, with/without, cut) → map rows
        record Key(int method, int cls, boolean with, Cut cut) {
        }
        Map<Key, List<Integer>> cells = new LinkedHashMap<>();
        TreeSet<Integer> mapClasses = new TreeSet<>();
        List<MapMeasurements.Row> rows = maps.rows();
        for (int i = 0; i < rows.size(); i++) {
            MapMeasurements.Row r = rows.get(i);
            mapClasses.add(r.cls());
            boolean with = images.hasLabel(r.pos(), r.cls());
            for (Cut c : cuts(images, r.pos())) cells.computeIfAbsent(new Key(r.method(), r.cls(), with, c), k -> new ArrayList<>()).add(i);
        }
        // images per (class, with/without, cut), the denominators of coverage: one pass over the images'
        // labels; "without" = all images of the cut minus those with the class
        Map<Cut, Integer> perCut = new java.util.HashMap<>();
        Map<String, Integer> withClass = new java.util.HashMap<>();
        for (int p = 0; p < images.size(); p++) {
            for (Cut c : cuts(images, p)) {
                perCut.merge(c, 1, Integer::sum);
                for (int l : images.labels[p]) if (mapClasses.contains(l)) withClass.merge(l + "/" + c, 1, Integer::sum);
            }
        }
        java.util.function.BiFunction<Key, Integer, Integer> imagesOf = (k, n) -> {
            int with = withClass.getOrDefault(k.cls() + "/" + k.cut(), 0);
            return k.with() ? with : perCut.getOrDefault(k.cut(), n) - with;
        };
        List<Key> keys = new ArrayList<>(cells.keySet());
        keys.sort(Comparator.comparingInt(Key::method).thenComparingInt(Key::cls).thenComparing(k -> !k.with())
                .thenComparing(k -> !k.cut().group().equals(RunImages.ALL)).thenComparing(k -> k.cut().group()).thenComparing(k -> k.cut().value()));
        List<Future<AuditResult.LocalisationRow>> futures = new ArrayList<>();
        for (Key k : keys) {
            List<Integer> members = cells.get(k);
            futures.add(pool.submit(() -> {
                o.cancel().check();
                int n = members.size();
                double[] shares = new double[n * R], hits = new double[n * R];
                double[] area = new double[R];
                for (int i = 0; i < n; i++) {
                    MapMeasurements.Row r = rows.get(members.get(i));
                    System.arraycopy(r.share(), 0, shares, i * R, R);
                    System.arraycopy(r.hit(), 0, hits, i * R, R);
                    for (int j = 0; j < R; j++) area[j] += r.area()[j] / n;
                }
                // energy share: a mean of a [0, 1], often skewed measure, studentised bootstrap; pointing game: a proportion, Wilson
                Bootstrap.Estimate[] share = means.of(shares, n, R, o.resamples(), seed(o.seed(), "loc/" + k));
                // a region absent from every image of the cell (area 0) has share 0 by construction, not by chance:
                // its interval is the point, not the bound the interval gives a measure seen at 0 on every image
                for (int j = 0; j < R; j++) {
                    if (area[j] == 0 && share[j].n() > 0) share[j] = new Bootstrap.Estimate(share[j].mean(), share[j].mean(), share[j].mean(), share[j].n());
                }
                Bootstrap.Estimate[] hit = WilsonInterval.columns(hits, n, R);
                int[][] typical = new int[R][];
                for (int j = 0; j < R; j++) typical[j] = typical(rows, members, j, share[j].mean(), o.typical(), images);
                int imgs = imagesOf.apply(k, n);
                return new AuditResult.LocalisationRow(k.method(), k.cls(), info.label(k.cls()), k.with(), k.cut().group(), k.cut().value(),
                        imgs, n, area, share, hit, typical);
            }));
        }
        return collect(futures);
    }

    /**
     * The {@code k} images of a cell whose share in region {@code j} is closest to the cell's mean
     * (ties: the earlier image), by selection rather than a full sort.
     */
    private static int[] typical(List<MapMeasurements.Row> rows, List<Integer> members, int j, double mean, int k, RunImages images) {
        int n = members.size();
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            double v = rows.get(members.get(i)).share()[j];
            dist[i] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : Math.abs(v - mean);
        }
        int[] out = new int[Math.min(k, n)];
        boolean[] taken = new boolean[n];
        int found = 0;
        for (; found < out.length; found++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (taken[i] || dist[i] == Double.POSITIVE_INFINITY) continue;
                if (best < 0 || dist[i] < dist[best]) best = i;
            }
            if (best < 0) break;
            taken[best] = true;
            out[found] = images.id(rows.get(members.get(best)).pos());
        }
        return java.util.Arrays.copyOf(out, found);
    }

    private static <T> List<T> collect(List<Future<T>> futures) {
        List<T> out = new ArrayList<>(futures.size());
        try {
            for (Future<T> f : futures) out.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.gradlens.GradLensException("The audit was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }
}
