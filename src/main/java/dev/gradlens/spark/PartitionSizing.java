package dev.gradlens.spark;

import dev.gradlens.dataset.DatasetItem;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.run.ItemRunner;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.service.ModelSession;

import java.util.Collection;
import java.util.List;

/**
 * The default {@code --partition-size}: the per-partition cost (an in-memory database emptied, seven
 * Parquet files written and renamed, one Spark task: about {@value #FIXED_SECONDS} s, measured
 * here) must stay a small share of the partition's work, every task slot must get work, and a task
 * should stay short enough that a lost one costs little. So, with {@code t} seconds per image in a
 * task (the CPU seconds per image measured by {@link #probe}, divided by {@code spark.task.cpus}, the
 * ONNX Runtime threads each task is given):
 * <pre>
 *   cost:    n ≥ FIXED_SECONDS / (SHARE · t)           fixed cost ≤ 3 % of the partition's work
 *   balance: n ≈ images / (PER_SLOT · slots)            4 partitions per slot, where the cost allows
 *   length:  n ≤ MAX_TASK_SECONDS / t                   a task ≤ 2 minutes (resumption redoes little)
 *   n = min(max(cost, balance), length, ⌈images / slots⌉), then the partition count rounded up
 *   to a multiple of the slots and the images spread evenly over them.
 * </pre>
 */
final class PartitionSizing {
    static final double FIXED_SECONDS = 0.05;
    static final double SHARE = 0.03;
    static final int PER_SLOT = 4;
    static final double MAX_TASK_SECONDS = 120;
    static final double PROBE_CPU_SECONDS = 3;
    static final double PROBE_RUN_SECONDS = 0.4;

    private PartitionSizing() {
    }

    /** Images per partition for {@code images} images, {@code slots} concurrent tasks and {@code t} seconds per image. */
    static int choose(int images, int slots, double t) {
        if (images <= 0) return 1;
        int s = Math.max(1, slots);
        double perImage = t > 0 ? t : 1e-9;
        long cost = (long) Math.ceil(FIXED_SECONDS / (SHARE * perImage));
        long balance = ceilDiv(images, (long) PER_SLOT * s);
        long length = Math.max(1, (long) Math.floor(MAX_TASK_SECONDS / perImage));
        long n = Math.min(Math.min(Math.max(cost, balance), length), ceilDiv(images, s));
        long partitions = ceilDiv(images, n);
        partitions = Math.min(images, ceilDiv(partitions, s) * s);
        return (int) ceilDiv(images, partitions);
    }

    /** Images per probe batch: {@code min(batch, 16)}, 2 with metrics (whose images cost up to hundreds of forward passes each). */
    static int probeImages(int batch, boolean metrics) {
        return metrics ? 2 : Math.min(batch <= 0 ? 16 : batch, 16);
    }

    /**
     * CPU seconds per image of this run's per-image work (all threads of the JVM: ONNX Runtime's,
     * decoding, writing), measured on the driver through the executors' own code. CPU time rather
     * than wall time, so that a busy driver machine does not make the model look slower than it is
     * (measured here at load 13 on 2 cores: 65 ms per image by the wall clock). The first runs build
     * the head session, warm ONNX Runtime up for the batch's shape and run the Java code interpreted
     * while the JIT compiles it (measured: 26 ms of CPU per image over the first 16 images, 2.5-3 ms
     * once warm), and the process's CPU clock ticks in 10 ms steps: so {@code items} run once to warm
     * up, once to size a run of about {@value #PROBE_RUN_SECONDS} s of CPU (the items repeated under new
     * image ids), then such runs while the probe has used less than {@value #PROBE_CPU_SECONDS} s (at
     * least 2, at most 20); the cheapest run is the measure.
     */
    static double probe(ModelSession session, Collection<String> labelTexts, RunSettings s, List<DatasetItem> items) {
        if (items.isEmpty()) return 0;
        try (ItemRunner runner = ItemRunner.of(session, labelTexts, s.methods(), s.targets(), s.layer(), s.topK(), s.batch(), s.metrics());
             RunDatabase db = RunDatabase.openInMemory()) {
            cpuOf(runner, db, items);
            long once = Math.max(1, cpuOf(runner, db, items));
            int copies = (int) Math.max(1, Math.min(64, Math.round(PROBE_RUN_SECONDS * 1e9 / once)));
            List<DatasetItem> run = new java.util.ArrayList<>(items.size() * copies);
            for (int c = 0; c < copies; c++) {
                for (DatasetItem it : items) {
                    run.add(new DatasetItem(run.size(), it.path(), it.file(), it.labels(), it.groups(), it.regions(), false));
                }
            }
            double best = (double) once / items.size();
            long spent = 0;
            for (int rep = 0; rep < 20 && (rep < 2 || spent < PROBE_CPU_SECONDS * 1e9); rep++) {
                long c = cpuOf(runner, db, run);
                spent += c;
                best = Math.min(best, (double) c / run.size());
            }
            return best / 1e9;
        }
    }

    /** Process CPU nanoseconds of one run of {@code items} into the emptied {@code db}. */
    private static long cpuOf(ItemRunner runner, RunDatabase db, List<DatasetItem> items) {
        ScratchDatabases.empty(db);
        long c0 = processCpuNanos();
        runner.runInto(items, db, Cancellation.NONE);
        return processCpuNanos() - c0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
