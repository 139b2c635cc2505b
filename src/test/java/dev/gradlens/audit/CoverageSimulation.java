package dev.gradlens.audit;

import dev.gradlens.run.RunDatabase;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tool (not a test): the coverage of the audit's 95 % intervals by simulation (issue 9), needing no model
 * runs. A large run's images (e.g. the 20,000-scene repeat of src/tools/ci_coverage.sh) are the population:
 * each draw takes SAMPLE images from it at random with replacement, audits them with the audit's own code
 * ({@link Audit#tables}: its cells, its seeds, {@link WilsonInterval}, and each candidate interval for means)
 * and counts, per family (accuracy, confidence, energy share, pointing game), interval and cell size, how
 * often a cell's interval holds the population's value of that cell (its mean over the whole run). Sampling
 * with replacement makes the population's value the exact mean of the sampled cells, so a correct 95 %
 * interval covers 95 % of the time, with a binomial error bar over the draws (cells of one draw share
 * images, so the counts are not independent: the error bar printed treats draws, not cells, as units).
 * Regions absent from a cell in the population (area 0: share and pointing game 0 by construction) are
 * left out; zero-width intervals count (a hit only when the population's value is that point) and are
 * reported.
 * <p>
 * The issue's check, "the CIs cover the value of a larger repeat run in at least 19 of 20 cells", needs 20
 * cells named in advance; the tool and src/tools/ci_coverage.py use the same (docs/conventions.md, "Audit"):
 * the class × group grid, 10 true classes × GROUP ∈ {no, yes}, for every family ("grid": accuracy and
 * confidence of the class's images; energy share and pointing game of the class's own maps on the images
 * of the class, region {@code object}, the one region present in both group values); and, second, the
 * headline region ("badge-region"): region {@code badge} of each class's maps on the scenes with the badge,
 * 10 map classes × {images with the class, images without it} (cells that are small by construction where
 * a class's maps exist on images without it only when it was predicted). The tool prints per family and set
 * how many of the 20 a sample's intervals hold on average and how often at least 19.
 * <p>
 * Run: java -Xss4m -cp target/test-classes:target/classes:target/lib/* dev.gradlens.audit.CoverageSimulation
 * RUN.duckdb [--group badge] [--region-shape box] [--sample 600] [--draws 500] [--seed 1] [--threads 2]
 * [--intervals studentised,bca,percentile,studentised-identity] [--misses N (list the N cells missed most often)]
 * (500 draws of 600 from 20,000 scenes with two intervals: about 5 minutes on a shared 2-core machine).
 */
public final class CoverageSimulation {
    private static final int[] BUCKETS = {1, 10, 30, 100, 300, Integer.MAX_VALUE};

    /** Per family × interval × size bucket: hits, count, zero-width count, summed width. */
    private static final class Tally {
        long hits, count, zeroWidth;
        double width;

        void add(Bootstrap.Estimate e, double truth) {
            count++;
            if (e.lo() == e.hi()) zeroWidth++;
            width += e.hi() - e.lo();
            if (e.lo() <= truth && truth <= e.hi()) hits++;
        }
    }

    private CoverageSimulation() {
    }

    /** Misses per family|interval|cell key: [misses, zero-width misses, summed n] (printed with --misses N). */
    private static final Map<String, long[]> MISSES = new HashMap<>();

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        String run = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) opt.put(args[i].substring(2), args[++i]);
            else run = args[i];
        }
        if (run == null) {
            System.err.println("usage: CoverageSimulation RUN.duckdb [--group badge] [--region-shape box] [--sample 600] [--draws 500] ...");
            System.exit(2);
        }
        String group = opt.getOrDefault("group", "badge");
        int sample = Integer.parseInt(opt.getOrDefault("sample", "600"));
        int draws = Integer.parseInt(opt.getOrDefault("draws", "500"));
        long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
        Map<String, Audit.MeanInterval> intervals = new LinkedHashMap<>();
        for (String name : opt.getOrDefault("intervals", "studentised,bca,percentile,studentised-identity").split(",")) {
            intervals.put(name, switch (name) {
                case "studentised" -> Bootstrap::studentised;
                case "studentised-identity" -> (v, n, m, r, s) -> Bootstrap.studentised(v, n, m, r, s, Bootstrap.Scale.IDENTITY);
                case "bca" -> Bootstrap::bca;
                case "percentile" -> Bootstrap::means;
                default -> throw new IllegalArgumentException("unknown interval " + name);
            });
        }
        Audit.Options o = Audit.Options.defaults().withGroup(group).withThreads(threads)
                .withShape(RegionDecoder.Shape.parse(opt.getOrDefault("region-shape", "box")));
        long t0 = System.nanoTime();
        RunInfo info;
        RunImages population;
        MapMeasurements maps;
        try (RunDatabase db = RunDatabase.openForReading(Path.of(run))) {
            Notes notes = new Notes();
            info = RunInfo.read(db, notes);
            population = RunImages.load(db, group, notes);
            maps = MapMeasurements.measure(db, info, population, false, o.shape(), threads, notes);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // the population's values: the cell means over the whole run (no interval needed)
            Audit.MeanInterval pointOnly = (v, n, m, r, s) -> {
                Bootstrap.Estimate[] e = Bootstrap.means(v, n, m, 1, s);
                for (int j = 0; j < m; j++) if (e[j].n() > 0) e[j] = new Bootstrap.Estimate(e[j].mean(), e[j].mean(), e[j].mean(), e[j].n());
                return e;
            };
            Audit.Tables truthTables = Audit.tables(population, info, maps, o, pool, new Notes(), pointOnly);
            Map<String, Double> truth = new HashMap<>();
            Map<String, Double> area = new HashMap<>();
            for (AuditResult.AccuracyRow r : truthTables.accuracy()) {
                truth.put("accuracy|" + accKey(r), r.accuracy().mean());
                truth.put("confidence|" + accKey(r), r.confidence().mean());
            }
            RegionNames names = maps.names();
            for (AuditResult.LocalisationRow r : truthTables.localisation()) {
                for (int j = 0; j < names.size(); j++) {
                    truth.put("share|" + locKey(r, j, names), r.share()[j].mean());
                    truth.put("pointing|" + locKey(r, j, names), r.pointing()[j].mean());
                    area.put(locKey(r, j, names), r.area()[j]);
                }
            }
            System.out.printf(Locale.ROOT, "population %s: %d images, %d maps, measured in %.0f s; %d draws of %d images with replacement%n",
                    run, population.size(), maps.rows().size(), (System.nanoTime() - t0) / 1e9, draws, sample);
            List<List<MapMeasurements.Row>> byPos = maps.rowsByPosition(population.size());
            String[] families = {"accuracy", "confidence", "share", "pointing"};
            // family → interval → bucket
            Map<String, Map<String, Tally[]>> tallies = new LinkedHashMap<>();
            // family → interval → [sum of cells covered of 20, draws with >= 19, draws with all 20 present]
            Map<String, Map<String, long[]>> twenty = new LinkedHashMap<>();
            List<String> all = new ArrayList<>(intervals.keySet());
            for (String f : families) {
                tallies.put(f, new LinkedHashMap<>());
                twenty.put(f, new LinkedHashMap<>());
                // the proportions' interval is Wilson whatever the interval for means
                for (String iv : f.equals("accuracy") || f.equals("pointing") ? List.of("wilson") : all) {
                    Tally[] t = new Tally[BUCKETS.length - 1];
                    for (int b = 0; b < t.length; b++) t[b] = new Tally();
                    tallies.get(f).put(iv, t);
                }
            }
            Map<String, Long> absent = new java.util.TreeMap<>();
            SplittableRandom rnd = new SplittableRandom(seed);
            long t1 = System.nanoTime();
            for (int d = 0; d < draws; d++) {
                int[] pos = new int[sample];
                for (int k = 0; k < sample; k++) pos[k] = rnd.nextInt(population.size());
                RunImages s = population.sample(pos);
                MapMeasurements sm = maps.sample(pos, byPos);
                boolean first = true;
                for (Map.Entry<String, Audit.MeanInterval> iv : intervals.entrySet()) {
                    Audit.Tables t = Audit.tables(s, info, sm, o, pool, new Notes(), iv.getValue());
                    Map<String, int[]> twentyHits = new HashMap<>(); // family|set → [covered, present]
                    for (AuditResult.AccuracyRow r : t.accuracy()) {
                        String in20 = r.cls() >= 0 && r.group().equals(group) ? "grid" : null;
                        if (first) count(tallies, twenty, twentyHits, "accuracy", "wilson", r.accuracy(), truth.get("accuracy|" + accKey(r)), in20, accKey(r));
                        count(tallies, twenty, twentyHits, "confidence", iv.getKey(), r.confidence(), truth.get("confidence|" + accKey(r)), in20, accKey(r));
                    }
                    for (AuditResult.LocalisationRow r : t.localisation()) {
                        for (int j = 0; j < names.size(); j++) {
                            String k = locKey(r, j, names);
                            if (!(area.getOrDefault(k, 0.0) > 0)) continue;
                            String in20 = !r.group().equals(group) ? null
                                    : r.withClass() && names.get(j).equals(Region.OBJECT) ? "grid"
                                    : r.value().equals("yes") && names.get(j).equals(group) ? group + "-region" : null;
                            if (!(r.area()[j] > 0)) {
                                // the region is on none of the sampled cell's images: its share is 0 by construction and
                                // the audit gives the point (as ci_coverage.py, left out, counted)
                                if (first) absent.merge(in20 == null ? "any" : in20, 1L, Long::sum);
                                continue;
                            }
                            count(tallies, twenty, twentyHits, "share", iv.getKey(), r.share()[j], truth.get("share|" + k), in20, k);
                            if (first) count(tallies, twenty, twentyHits, "pointing", "wilson", r.pointing()[j], truth.get("pointing|" + k), in20, k);
                        }
                    }
                    for (Map.Entry<String, int[]> e : twentyHits.entrySet()) {
                        String f = e.getKey().substring(0, e.getKey().indexOf('|'));
                        String key = (f.equals("accuracy") || f.equals("pointing") ? "wilson" : iv.getKey()) + e.getKey().substring(f.length());
                        long[] tw = twenty.get(f).computeIfAbsent(key, k -> new long[3]);
                        int[] h = e.getValue();
                        tw[0] += h[0];
                        if (h[0] >= 19) tw[1]++; // a cell with no image in the sample has no interval: a miss
                        if (h[1] == 20) tw[2]++;
                    }
                    first = false;
                }
                if ((d + 1) % 100 == 0) {
                    System.out.printf(Locale.ROOT, "  %d draws, %.0f s%n", d + 1, (System.nanoTime() - t1) / 1e9);
                }
            }
            System.out.println();
            System.out.println("family      interval              cell n     coverage  (95 % range*)     cells/draws       zero-width  mean width");
            for (String f : families) {
                for (Map.Entry<String, Tally[]> iv : tallies.get(f).entrySet()) {
                    Tally sum = new Tally();
                    for (int b = 0; b < BUCKETS.length - 1; b++) {
                        Tally t = iv.getValue()[b];
                        sum.hits += t.hits;
                        sum.count += t.count;
                        sum.zeroWidth += t.zeroWidth;
                        sum.width += t.width;
                        print(f, iv.getKey(), bucketName(b), t, draws);
                    }
                    print(f, iv.getKey(), "all", sum, draws);
                }
            }
            System.out.println("* conservative: as if the cells of one draw were one unit");
            System.out.println("left out: region present in the population's cell but on none of the sampled cell's images (share and"
                    + " pointing game 0 by construction): " + absent + " (cells over all draws; grid/badge-region: of the 20, a miss there)");
            System.out.println();
            System.out.println("the 20 pre-registered cells (docs/conventions.md; grid: class x group, the class's own maps' object share;");
            System.out.println("badge-region: region badge, map classes x with/without, badge = yes): mean covered, share of draws with >= 19 of 20");
            for (String f : families) {
                for (Map.Entry<String, long[]> iv : new java.util.TreeMap<>(twenty.get(f)).entrySet()) {
                    long[] tw = iv.getValue();
                    System.out.printf(Locale.ROOT, "  %-10s %-33s mean %.2f covered, >= 19 of 20 in %.1f %% of draws (all 20 cells present in %.1f %%)%n",
                            f, iv.getKey(), (double) tw[0] / draws, 100.0 * tw[1] / draws, 100.0 * tw[2] / draws);
                }
            }
            int show = Integer.parseInt(opt.getOrDefault("misses", "0"));
            if (show > 0) {
                System.out.println();
                System.out.println("cells missed most often (family|interval|method|class|with|group|value|region: misses, of them zero-width, mean n)");
                MISSES.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(show)
                        .forEach(e -> System.out.printf(Locale.ROOT, "  %s: %d, %d, %.1f%n", e.getKey(), e.getValue()[0], e.getValue()[1],
                                (double) e.getValue()[2] / e.getValue()[0]));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void count(Map<String, Map<String, Tally[]>> tallies, Map<String, Map<String, long[]>> twenty, Map<String, int[]> twentyHits,
                              String family, String interval, Bootstrap.Estimate e, Double truth, String in20,
                              String key) {
        if (e.n() == 0 || truth == null || Double.isNaN(truth)) return;
        int b = 0;
        while (e.n() >= BUCKETS[b + 1]) b++;
        Tally t = tallies.get(family).get(interval)[b];
        long before = t.hits;
        t.add(e, truth);
        if (t.hits == before) {
            long[] m = MISSES.computeIfAbsent(family + "|" + interval + "|" + key + String.format(Locale.ROOT, " (population %.4g)", truth), k -> new long[3]);
            m[0]++;
            if (e.lo() == e.hi()) m[1]++;
            m[2] += e.n();
        }
        if (in20 != null) {
            int[] h = twentyHits.computeIfAbsent(family + "|" + in20, k -> new int[2]);
            h[1]++;
            if (t.hits > before) h[0]++;
        }
    }

    private static void print(String family, String interval, String bucket, Tally t, int draws) {
        if (t.count == 0) return;
        double p = (double) t.hits / t.count;
        // the cells of one draw are not independent: the error bar takes draws as the units (count/draws cells each)
        double perDraw = (double) t.count / draws;
        double se = Math.sqrt(p * (1 - p) / t.count * Math.max(1, perDraw));
        System.out.printf(Locale.ROOT, "%-11s %-21s %-10s %6.1f %%   (%5.1f-%5.1f)   %8d/%-8d %5.1f %%   %.4f%n", family, interval, bucket, 100 * p,
                100 * Math.max(0, p - 1.96 * se), 100 * Math.min(1, p + 1.96 * se), t.count, draws, 100.0 * t.zeroWidth / t.count, t.width / t.count);
    }

    private static String bucketName(int b) {
        return BUCKETS[b + 1] == Integer.MAX_VALUE ? ">=" + BUCKETS[b] : BUCKETS[b] + "-" + (BUCKETS[b + 1] - 1);
    }

    private static String accKey(AuditResult.AccuracyRow r) {
        return r.cls() + "|" + r.group() + "|" + r.value();
    }

    private static String locKey(AuditResult.LocalisationRow r, int region, RegionNames names) {
        return r.method() + "|" + r.cls() + "|" + r.withClass() + "|" + r.group() + "|" + r.value() + "|" + names.get(region);
    }
}
