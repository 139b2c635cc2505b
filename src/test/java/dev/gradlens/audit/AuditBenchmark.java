package dev.gradlens.audit;

import dev.gradlens.run.RunDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Benchmark (not a test): audits a synthetic 10,000-image run shaped like a scene-set run of the
 * teaching models (128 px scenes, 16 x 16 Grad-CAM and Grad-CAM++ maps of the true, the predicted and a
 * --target class, object masks, a badge on a fifth of the scenes, three group columns).
 * Run: java -cp target/test-classes:target/classes:$(cat cp.txt) dev.gradlens.audit.AuditBenchmark [images] [threads]
 */
public final class AuditBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Path dir = Files.createTempDirectory("audit-bench");
        Path file = dir.resolve("run.duckdb");
        long t0 = System.nanoTime();
        build(file, n);
        System.out.printf("built %d-image run in %.1f s (%d MB)%n", n, (System.nanoTime() - t0) / 1e9, Files.size(file) >> 20);
        for (int rep = 0; rep < Integer.getInteger("reps", 3); rep++) {
            long t = System.nanoTime();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            try (RunDatabase db = RunDatabase.openForReading(file)) {
                AuditResult r = Audit.run(db, Audit.Options.defaults().withThreads(threads));
                System.out.printf("audit %d: %.2f s wall, %.2f s CPU (%d images, %d maps, %d accuracy rows, %d localisation rows, %d threads)%n", rep,
                        (System.nanoTime() - t) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9, r.images(), r.maps(), r.accuracy().size(), r.localisation().size(), threads);
            }
        }
        if (Boolean.getBoolean("ab")) intervalsAB(file, threads);
        Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    /**
     * -Dab=true: the tables alone (the images and maps read and measured once), alternately with the
     * studentised interval (the audit's) and BCa (its former one), so that the interval's share of the
     * audit's time is measured as a ratio in one process on a shared machine.
     */
    static void intervalsAB(Path file, int threads) {
        try (RunDatabase db = RunDatabase.openForReading(file)) {
            Notes notes = new Notes();
            Audit.Options o = Audit.Options.defaults().withThreads(threads);
            RunInfo info = RunInfo.read(db, notes);
            RunImages images = RunImages.load(db, null, notes);
            MapMeasurements maps = MapMeasurements.measure(db, info, images, false, o.shape(), threads, notes);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            try {
                for (int rep = 0; rep < Integer.getInteger("abReps", 4); rep++) {
                    // alternate which goes first, so that warm-up and the neighbours' load fall on both
                    for (String name : rep % 2 == 0 ? List.of("studentised", "bca") : List.of("bca", "studentised")) {
                        Audit.MeanInterval mi = name.equals("bca") ? Bootstrap::bca : Bootstrap::studentised;
                        long t = System.nanoTime(), cpu0 = os.getProcessCpuTime();
                        Audit.tables(images, info, maps, o, pool, new Notes(), mi);
                        System.out.printf("tables with %-11s: %.2f s wall, %.2f s CPU%n", name, (System.nanoTime() - t) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    static void build(Path file, int n) throws Exception {
        Random rnd = new Random(1);
        int side = 128, cam = 16, classes = 10;
        try (RunFixture f = new RunFixture(file, List.of("cat", "dog", "bird", "fish", "horse", "car", "tree", "flower", "house", "apple"),
                "gradcam,gradcampp", "4", cam, cam, side, side, "/nonexistent", "bench")) {
            for (int id = 0; id < n; id++) {
                int truth = id % classes, pred = rnd.nextInt(3) == 0 ? rnd.nextInt(classes) : truth;
                boolean badge = rnd.nextInt(5) == 0;
                f.image(id, "scene-" + id + ".png", truth, pred, 0.3 + 0.7 * rnd.nextDouble(), side, side);
                f.group(id, "badge", badge ? "yes" : "no").group(id, "layout", "single-class")
                        .group(id, "background", List.of("noise", "solid", "stripes", "landscape").get(rnd.nextInt(4)));
                int x0 = rnd.nextInt(60), y0 = rnd.nextInt(60), w = 20 + rnd.nextInt(40), h = 20 + rnd.nextInt(40);
                f.mask(id, "object", truth, x0, y0, x0 + w, y0 + h, ellipse(side, x0, y0, w, h));
                if (badge) f.mask(id, "badge", null, 105, 4, 124, 23, ellipse(side, 105, 4, 19, 19));
                for (String m : List.of("gradcam", "gradcampp")) {
                    for (int c : new java.util.LinkedHashSet<>(List.of(truth, pred, 4))) {
                        float[] map = new float[cam * cam];
                        for (int i = 0; i < map.length; i++) map[i] = (float) (rnd.nextGaussian() + 0.2);
                        f.map(id, m, c, false, cam, cam, map);
                    }
                }
            }
        }
    }

    /** RLE of the ellipse inscribed in the box, on a side x side image. */
    static int[] ellipse(int side, int x0, int y0, int w, int h) {
        boolean[] m = new boolean[side * side];
        double cx = x0 + w / 2.0, cy = y0 + h / 2.0;
        for (int y = y0; y < Math.min(side, y0 + h); y++)
            for (int x = x0; x < Math.min(side, x0 + w); x++) {
                double dx = (x + 0.5 - cx) / (w / 2.0), dy = (y + 0.5 - cy) / (h / 2.0);
                if (dx * dx + dy * dy <= 1) m[y * side + x] = true;
            }
        return dev.gradlens.scenes.MaskRle.encode(m);
    }

    private AuditBenchmark() {
    }
}
