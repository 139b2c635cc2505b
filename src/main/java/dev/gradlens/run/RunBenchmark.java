package dev.gradlens.run;

import dev.gradlens.explain.Cancellation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The data-set stage of {@code gradlens bench}: a forward-only batched pass and a run storing
 * Grad-CAM for the true and the predicted class, over the same images, both with decoding and
 * preprocessing on the worker threads and writing to a results database; the cost is their ratio.
 * Resident memory is sampled during the Grad-CAM run.
 */
public final class RunBenchmark {
    /** Times in seconds (execute only: model and data set opening excluded); memory samples of the Grad-CAM run. */
    public record Result(int images, double forwardSeconds, double gradcamSeconds, List<ResidentMemory.Sample> memory, String layer,
                         java.util.Map<String, Double> forwardStages, java.util.Map<String, Double> gradcamStages, String gradientSource,
                         double forwardCpuSeconds, double gradcamCpuSeconds) {
        public double ratio() {
            return gradcamSeconds / forwardSeconds;
        }

        /** The ratio of process CPU time (all threads): steadier than wall time on a shared machine. */
        public double cpuRatio() {
            return gradcamCpuSeconds / forwardCpuSeconds;
        }
    }

    private RunBenchmark() {
    }

    private static final java.util.Map<String, Double>[] lastStages = newStages();
    private static final String[] lastSource = {"?"};

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Double>[] newStages() {
        return new java.util.Map[] {java.util.Map.of(), java.util.Map.of()};
    }

    public static Result measure(Path model, Path data, int limit, int batch, int threads, String device) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("gradlens-bench");
        } catch (IOException e) {
            throw new dev.gradlens.GradLensException("Cannot create a temporary folder for the benchmark: " + e.getMessage());
        }
        try {
            // warm-up: JIT, ONNX Runtime sessions and DuckDB, on a few batches of each kind
            time(model, data, tmp.resolve("warm-f.duckdb"), Math.max(1, Math.min(limit, 2 * Math.max(batch, 1))), batch, threads, device, true, null);
            time(model, data, tmp.resolve("warm-g.duckdb"), Math.max(1, Math.min(limit, 2 * Math.max(batch, 1))), batch, threads, device, false, null);
            double[] f = time(model, data, tmp.resolve("forward.duckdb"), limit, batch, threads, device, true, null);
            ResidentMemory rss = new ResidentMemory(1000);
            double[] g;
            String layer;
            try (rss) {
                g = time(model, data, tmp.resolve("gradcam.duckdb"), limit, batch, threads, device, false, null);
            }
            try (RunEngine e = RunEngine.prepareForwardOnly(new RunRequest(model, data, tmp.resolve("forward.duckdb"), null, null, 0, null, batch,
                    limit, threads, device))) {
                layer = e.layer();
            }
            return new Result((int) g[1], f[0], g[0], rss.samples(), layer, lastStages[0], lastStages[1], lastSource[0], f[2], g[2]);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** {seconds of execute, images done, process CPU seconds of execute}. */
    private static double[] time(Path model, Path data, Path out, int limit, int batch, int threads, String device, boolean forwardOnly,
                                 RunListener listener) {
        RunRequest r = new RunRequest(model, data, out, List.of("gradcam"), null, 0, null, batch, limit, threads, device);
        try (RunEngine e = forwardOnly ? RunEngine.prepareForwardOnly(r) : RunEngine.prepare(r)) {
            long t0 = System.nanoTime(), c0 = cpuNanos();
            RunProgress p = e.execute(listener, Cancellation.NONE);
            long c1 = cpuNanos();
            lastStages[forwardOnly ? 0 : 1] = e.timings();
            if (!forwardOnly) lastSource[0] = e.gradientSource();
            return new double[] {(System.nanoTime() - t0) / 1e9, p.done(), (c1 - c0) / 1e9};
        }
    }

    /** CPU time of the whole process (ONNX Runtime's native threads included), or 0 where unknown. */
    private static long cpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
