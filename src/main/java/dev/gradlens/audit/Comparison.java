package dev.gradlens.audit;

import dev.gradlens.GradLensException;
import dev.gradlens.imaging.ImageRegion;
import dev.gradlens.run.RunDatabase;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares two runs on the same data (two models, or one model at two layers): images are paired by
 * path; every difference is A − B with a paired percentile-bootstrap interval (resampling images, so
 * each resample keeps an image's two results together). Runs on different data sets, or of models with
 * different classes, are refused with a message.
 */
public final class Comparison {
    private Comparison() {
    }

    public static ComparisonResult run(RunDatabase dbA, RunDatabase dbB, Audit.Options o) {
        long t0 = System.nanoTime();
        Notes notes = new Notes();
        RunInfo a = RunInfo.read(dbA, notes), b = RunInfo.read(dbB, notes);
        if (!a.labels().isEmpty() && !b.labels().isEmpty() && !a.labels().equals(b.labels())) {
            throw new GradLensException("The runs' models have different classes (" + a.labels().size() + " and " + b.labels().size()
                    + " labels" + (a.labels().size() == b.labels().size() ? ", in another order or spelling" : "") + "): class-by-class comparison needs the same classes");
        }
        RunImages ia = RunImages.load(dbA, o.group(), notes);
        RunImages ib = RunImages.load(dbB, null, new Notes());
        Map<String, Integer> byPathB = new HashMap<>();
        for (int p = 0; p < ib.size(); p++) byPathB.put(ib.path(p), p);
        List<int[]> pairs = new ArrayList<>();
        for (int p = 0; p < ia.size(); p++) {
            Integer q = byPathB.get(ia.path(p));
            if (q != null) pairs.add(new int[] {p, q});
        }
        boolean sameData = a.datasetFingerprint().equals(b.datasetFingerprint());
        if (!sameData) {
            int smaller = Math.min(ia.size(), ib.size());
            if (pairs.isEmpty() || pairs.size() * 2 < smaller) {
                throw new GradLensException("The runs are on different data sets: A " + a.datasetPath() + " (" + ia.size() + " images, fingerprint "
                        + shortFp(a) + "), B " + b.datasetPath() + " (" + ib.size() + " images, fingerprint " + shortFp(b) + "); "
                        + pairs.size() + " image paths in common");
            }
            notes.say("the runs' data set fingerprints differ; compared on the " + pairs.size() + " images whose paths both runs hold");
        } else if (pairs.size() < Math.max(ia.size(), ib.size())) {
            notes.say("compared on the " + pairs.size() + " images both runs hold (A has " + ia.size() + ", B " + ib.size() + ")");
        }
        if (pairs.isEmpty()) throw new GradLensException("The runs have no image with a result in common");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()));
        try {
            MapMeasurements ma = MapMeasurements.measure(dbA, a, ia, false, o.shape(), o.threads(), notes, o.cancel());
            MapMeasurements mb = MapMeasurements.measure(dbB, b, ib, false, o.shape(), o.threads(), new Notes(), o.cancel());
            if (!ma.names().all().equals(mb.names().all())) {
                notes.say("the runs hold different regions (" + ma.names().all() + " and " + mb.names().all() + "): region masses are compared on A's");
            }
            int[] partner = new int[ia.size()];
            java.util.Arrays.fill(partner, -1);
            for (int[] pq : pairs) partner[pq[0]] = pq[1];
            List<ComparisonResult.AccuracyDiff> acc = accuracy(a, ia, ib, pairs, o, pool);
            Bootstrap.Estimate agreement = acc.stream().filter(x -> x.cls() < 0 && x.group().equals(RunImages.ALL)).findFirst()
                    .map(ComparisonResult.AccuracyDiff::agreement).orElse(Bootstrap.Estimate.NONE);
            List<ComparisonResult.MassDiff> mass = mass(a, ia, ma, mb, partner, o, pool);
            List<ComparisonResult.ImagePair> perImage = new ArrayList<>();
            List<ComparisonResult.MapAgreementRow> agree = mapAgreement(dbA, dbB, a, b, ia, ib, ma, partner, o, pool, perImage, notes);
            List<ComparisonResult.ImagePair> most = perImage.stream()
                    .sorted(Comparator.comparing((ComparisonResult.ImagePair x) -> x.predictedA() == x.predictedB())
                            .thenComparingDouble(x -> Double.isNaN(x.spearman()) ? 2 : x.spearman()).thenComparing(ComparisonResult.ImagePair::path))
                    .limit(12).toList();
            List<String> sentences = sentences(a, acc, agreement, agree, mass, ma);
            return new ComparisonResult(a, b, pairs.size(), ma.names(), ia.groupNames(), ma.methods(), agreement, acc, agree, mass, most,
                    sentences, notes, o.resamples(), o.seed(), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String shortFp(RunInfo r) {
        String f = r.datasetFingerprint();
        return f.length() > 12 ? f.substring(0, 12) + "…" : f;
    }

    private static long seed(long base, String key) {
        return base * 1_000_003L ^ key.hashCode() * 0x9E3779B97F4A7C15L;
    }

    private record Cut(String group, String value) {
    }

    private static List<Cut> cuts(RunImages images, int pos) {
        List<Cut> c = new ArrayList<>();
        c.add(new Cut(RunImages.ALL, ""));
        for (String g : images.groupNames()) c.add(new Cut(g, images.group(g, pos)));
        return c;
    }

    private static List<ComparisonResult.AccuracyDiff> accuracy(RunInfo info, RunImages ia, RunImages ib, List<int[]> pairs, Audit.Options o,
                                                                ExecutorService pool) {
        Map<Integer, Map<Cut, List<int[]>>> cells = new TreeMap<>();
        for (int[] pq : pairs) {
            if (ia.correct[pq[0]] < 0 || ib.correct[pq[1]] < 0) continue;
            for (Cut c : cuts(ia, pq[0])) {
                cells.computeIfAbsent(-1, k -> new LinkedHashMap<>()).computeIfAbsent(c, k -> new ArrayList<>()).add(pq);
                int t = ia.trueClass[pq[0]];
                if (t >= 0) cells.computeIfAbsent(t, k -> new LinkedHashMap<>()).computeIfAbsent(c, k -> new ArrayList<>()).add(pq);
            }
        }
        List<Future<ComparisonResult.AccuracyDiff>> fs = new ArrayList<>();
        for (Map.Entry<Integer, Map<Cut, List<int[]>>> e : cells.entrySet()) {
            int cls = e.getKey();
            List<Cut> order = new ArrayList<>(e.getValue().keySet());
            order.sort(Comparator.comparing((Cut c) -> !c.group().equals(RunImages.ALL)).thenComparing(Cut::group).thenComparing(Cut::value));
            for (Cut c : order) {
                List<int[]> m = e.getValue().get(c);
                fs.add(pool.submit(() -> {
                    o.cancel().check();
                    int n = m.size();
                    double[] v = new double[4 * n];
                    for (int i = 0; i < n; i++) {
                        int p = m.get(i)[0], q = m.get(i)[1];
                        v[4 * i] = ia.correct[p];
                        v[4 * i + 1] = ib.correct[q];
                        v[4 * i + 2] = ia.correct[p] - ib.correct[q];
                        v[4 * i + 3] = ia.predicted[p] == ib.predicted[q] ? 1 : 0;
                    }
                    Bootstrap.Estimate[] est = Bootstrap.means(v, n, 4, o.resamples(), seed(o.seed(), "cmp-acc/" + cls + "/" + c));
                    return new ComparisonResult.AccuracyDiff(cls, cls < 0 ? "(all classes)" : info.label(cls), c.group(), c.value(), n,
                            est[0], est[1], est[2], est[3]);
                }));
            }
        }
        return collect(fs);
    }

    private static List<ComparisonResult.MassDiff> mass(RunInfo info, RunImages ia, MapMeasurements ma, MapMeasurements mb, int[] partner,
                                                        Audit.Options o, ExecutorService pool) {
        int R = ma.names().size();
        boolean sameRegions = ma.names().all().equals(mb.names().all());
        Map<String, MapMeasurements.Row> rowsB = new HashMap<>();
        for (MapMeasurements.Row r : mb.rows()) rowsB.put(r.pos() + "/" + mb.methods().get(r.method()) + "/" + r.cls(), r);
        record Key(int method, int cls, boolean with, Cut cut) {
        }
        Map<Key, List<double[]>> cells = new LinkedHashMap<>();
        for (MapMeasurements.Row r : ma.rows()) {
            int q = partner[r.pos()];
            if (q < 0 || !sameRegions) continue;
            MapMeasurements.Row rb = rowsB.get(q + "/" + ma.methods().get(r.method()) + "/" + r.cls());
            if (rb == null) continue;
            double[] v = new double[3 * R];
            for (int j = 0; j < R; j++) {
                v[j] = r.share()[j];
                v[R + j] = rb.share()[j];
                v[2 * R + j] = r.share()[j] - rb.share()[j];
            }
            boolean with = ia.hasLabel(r.pos(), r.cls());
            for (Cut c : cuts(ia, r.pos())) cells.computeIfAbsent(new Key(r.method(), r.cls(), with, c), k -> new ArrayList<>()).add(v);
        }
        List<Key> keys = new ArrayList<>(cells.keySet());
        keys.sort(Comparator.comparingInt(Key::method).thenComparingInt(Key::cls).thenComparing(k -> !k.with())
                .thenComparing(k -> !k.cut().group().equals(RunImages.ALL)).thenComparing(k -> k.cut().group()).thenComparing(k -> k.cut().value()));
        List<Future<ComparisonResult.MassDiff>> fs = new ArrayList<>();
        for (Key k : keys) {
            List<double[]> m = cells.get(k);
            fs.add(pool.submit(() -> {
                o.cancel().check();
                int n = m.size();
                double[] v = new double[n * 3 * R];
                for (int i = 0; i < n; i++) System.arraycopy(m.get(i), 0, v, i * 3 * R, 3 * R);
                Bootstrap.Estimate[] e = Bootstrap.means(v, n, 3 * R, o.resamples(), seed(o.seed(), "cmp-mass/" + k));
                return new ComparisonResult.MassDiff(k.method(), k.cls(), info.label(k.cls()), k.with(), k.cut().group(), k.cut().value(), n,
                        java.util.Arrays.copyOfRange(e, 0, R), java.util.Arrays.copyOfRange(e, R, 2 * R), java.util.Arrays.copyOfRange(e, 2 * R, 3 * R));
            }));
        }
        return collect(fs);
    }

    private record StoredMap(int h, int w, float[] data) {
    }

    private static Map<String, StoredMap> loadMaps(RunDatabase db, RunImages images) {
        Map<String, StoredMap> out = new HashMap<>();
        try (Statement s = db.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT image_id, method, class, height, width, data FROM maps WHERE channels = 1 AND NOT counterfactual"
                     + " AND method NOT ILIKE '%counterfactual%'")) {
            while (r.next()) {
                Integer p = images.position.get(r.getInt(1));
                byte[] d = r.getBytes(6);
                int h = r.getInt(4), w = r.getInt(5);
                if (p == null || d == null || d.length != 4L * h * w) continue;
                float[] f = new float[h * w];
                ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                out.put(p + "/" + r.getString(2) + "/" + r.getInt(3), new StoredMap(h, w, f));
            }
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the maps of " + db.location() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        return out;
    }

    private static float[] onGrid(RunInfo info, StoredMap m, int W, int H) {
        int[] g = MapAgreement.grid(W, H);
        ImageRegion seen = info.seen(W, H);
        double sx = (double) g[0] / W, sy = (double) g[1] / H;
        Placement p = seen.coversAll(W, H) ? Placement.whole(m.w(), m.h(), g[0], g[1])
                : Placement.over(m.w(), m.h(), g[0], g[1], seen.x() * sx, seen.y() * sy, seen.width() * sx, seen.height() * sy);
        return p.render(Placement.relu(m.data()));
    }

    private static List<ComparisonResult.MapAgreementRow> mapAgreement(RunDatabase dbA, RunDatabase dbB, RunInfo a, RunInfo b, RunImages ia,
                                                                       RunImages ib, MapMeasurements ma, int[] partner, Audit.Options o,
                                                                       ExecutorService pool, List<ComparisonResult.ImagePair> perImage,
                                                                       Notes notes) {
        Map<String, StoredMap> mapsA = loadMaps(dbA, ia), mapsB = loadMaps(dbB, ib);
        record Pair(int p, int q, String method, int cls, StoredMap x, StoredMap y) {
        }
        List<Pair> todo = new ArrayList<>();
        for (Map.Entry<String, StoredMap> e : mapsA.entrySet()) {
            String[] k = e.getKey().split("/", 3);
            int p = Integer.parseInt(k[0]);
            int q = partner[p];
            if (q < 0) continue;
            StoredMap y = mapsB.get(q + "/" + k[1] + "/" + k[2]);
            if (y != null) todo.add(new Pair(p, q, k[1], Integer.parseInt(k[2]), e.getValue(), y));
        }
        if (todo.isEmpty()) notes.say("no image has a map of the same method and class in both runs: map agreement is left out");
        List<Future<double[]>> fs = new ArrayList<>();
        for (Pair t : todo) {
            fs.add(pool.submit(() -> {
                o.cancel().check();
                int W = ia.width[t.p()], H = ia.height[t.p()];
                float[] x = onGrid(a, t.x(), W, H), y = onGrid(b, t.y(), W, H);
                return new double[] {MapAgreement.spearman(x, y), MapAgreement.topOverlap(x, y)};
            }));
        }
        List<double[]> values = collect(fs);
        Map<String, Integer> methodIndex = new HashMap<>();
        for (int i = 0; i < ma.methods().size(); i++) methodIndex.putIfAbsent(ma.methods().get(i).method(), i);
        Map<String, List<double[]>> cells = new TreeMap<>();
        String firstMethod = ma.methods().isEmpty() ? null : ma.methods().get(0).method();
        for (int i = 0; i < todo.size(); i++) {
            Pair t = todo.get(i);
            Integer mi = methodIndex.get(t.method());
            if (mi == null) continue;
            double[] v = values.get(i);
            cells.computeIfAbsent(String.format("%04d/%06d", mi, t.cls() + 1), k -> new ArrayList<>()).add(v);
            cells.computeIfAbsent(String.format("%04d/%06d", mi, 0), k -> new ArrayList<>()).add(v);
            if (t.method().equals(firstMethod) && t.cls() == ia.trueClass[t.p()]) {
                perImage.add(new ComparisonResult.ImagePair(ia.id(t.p()), ib.id(t.q()), ia.path(t.p()), ia.trueClass[t.p()], ia.predicted[t.p()],
                        ib.predicted[t.q()], t.method(), t.cls(), v[0], v[1]));
            }
        }
        // images whose true-class map one run lacks still count when their predictions differ
        TreeSet<Integer> seen = new TreeSet<>();
        for (ComparisonResult.ImagePair x : perImage) seen.add(x.imageIdA());
        for (int p = 0; p < ia.size(); p++) {
            int q = partner[p];
            if (q < 0 || seen.contains(ia.id(p)) || ia.predicted[p] == ib.predicted[q]) continue;
            perImage.add(new ComparisonResult.ImagePair(ia.id(p), ib.id(q), ia.path(p), ia.trueClass[p], ia.predicted[p], ib.predicted[q],
                    firstMethod, ia.trueClass[p], Double.NaN, Double.NaN));
        }
        List<Future<ComparisonResult.MapAgreementRow>> rows = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : cells.entrySet()) {
            String[] k = e.getKey().split("/");
            int mi = Integer.parseInt(k[0]), cls = Integer.parseInt(k[1]) - 1;
            List<double[]> m = e.getValue();
            rows.add(pool.submit(() -> {
                o.cancel().check();
                int n = m.size();
                double[] v = new double[2 * n];
                for (int i = 0; i < n; i++) {
                    v[2 * i] = m.get(i)[0];
                    v[2 * i + 1] = m.get(i)[1];
                }
                Bootstrap.Estimate[] est = Bootstrap.means(v, n, 2, o.resamples(), seed(o.seed(), "cmp-agree/" + e.getKey()));
                return new ComparisonResult.MapAgreementRow(mi, cls, cls < 0 ? "(all classes)" : a.label(cls), n, est[0], est[1]);
            }));
        }
        return collect(rows);
    }

    private static List<String> sentences(RunInfo a, List<ComparisonResult.AccuracyDiff> acc, Bootstrap.Estimate agreement,
                                          List<ComparisonResult.MapAgreementRow> agree, List<ComparisonResult.MassDiff> mass, MapMeasurements ma) {
        List<String> out = new ArrayList<>();
        if (!Double.isNaN(agreement.mean())) {
            out.add("The runs predict the same class on " + GapSummary.pct(agreement.mean()) + " of the images (CI " + GapSummary.pctRange(agreement) + ").");
        }
        acc.stream().filter(x -> x.n() >= GapSummary.MIN_IMAGES && (x.difference().lo() > 0 || x.difference().hi() < 0))
                .sorted(Comparator.comparingDouble((ComparisonResult.AccuracyDiff x) -> -Math.abs(x.difference().mean()))).limit(4)
                .forEach(x -> out.add((x.cls() < 0 ? "All classes" : "Class " + x.label()) + GapSummary.cutText(x.group(), x.value())
                        + ": accuracy " + GapSummary.pct(x.accuracyA().mean()) + " (A) against " + GapSummary.pct(x.accuracyB().mean())
                        + " (B), a difference of " + signedPts(x.difference().mean()) + " (CI " + signedRange(x.difference()) + ", n = " + x.n() + ")."));
        RegionNames names = ma.names();
        List<String[]> massLines = new ArrayList<>();
        for (ComparisonResult.MassDiff d : mass) {
            if (d.n() < GapSummary.MIN_IMAGES) continue;
            for (int j = 0; j < names.size(); j++) {
                Bootstrap.Estimate e = d.difference()[j];
                if (Double.isNaN(e.mean()) || !(e.lo() > 0 || e.hi() < 0) || Math.abs(e.mean()) < 0.05) continue;
                String s = "Class " + d.label() + ", " + ma.methods().get(d.method()).title() + ", images " + (d.withClass() ? "of" : "without") + " a "
                        + d.label() + GapSummary.cutText(d.group(), d.value()) + ": " + GapSummary.pct(d.shareA()[j].mean()) + " of the mass on the "
                        + names.get(j) + " (A) against " + GapSummary.pct(d.shareB()[j].mean()) + " (B) (difference CI " + signedRange(e) + ", n = " + d.n() + ").";
                massLines.add(new String[] {String.valueOf(Math.abs(e.mean())), s});
            }
        }
        massLines.stream().sorted(Comparator.comparingDouble((String[] x) -> -Double.parseDouble(x[0]))).limit(6).forEach(x -> out.add(x[1]));
        agree.stream().filter(x -> x.cls() < 0).forEach(x -> out.add(ma.methods().get(x.method()).title() + " maps of the same class: Spearman "
                + String.format(java.util.Locale.ROOT, "%.2f", x.spearman().mean()) + " on average, top-15 % overlap " + GapSummary.pct(x.topOverlap().mean())
                + " (n = " + x.n() + ")."));
        return out;
    }

    static String signedPts(double v) {
        return String.format(java.util.Locale.ROOT, "%+.0f points", 100 * v);
    }

    static String signedRange(Bootstrap.Estimate e) {
        return String.format(java.util.Locale.ROOT, "%+.0f to %+.0f points", 100 * e.lo(), 100 * e.hi());
    }

    private static <T> List<T> collect(List<Future<T>> futures) {
        List<T> out = new ArrayList<>(futures.size());
        try {
            for (Future<T> f : futures) out.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GradLensException("The comparison was interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }
}
