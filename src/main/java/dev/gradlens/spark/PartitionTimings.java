package dev.gradlens.spark;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Where a partition's time goes besides its images (the benchmark's question, docs/spark.md): wall
 * and task-thread CPU nanoseconds per stage. CPU time is the task thread's own, so it is not
 * inflated by other processes on a shared machine; the per-image work (ONNX Runtime, decoding,
 * the overlapped writes) runs on other threads and is in {@code computeWall} only.
 */
final class PartitionTimings implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Stages of a partition, in order. */
    enum Stage { SETUP, OPEN, COMPUTE, PARQUET, COMMIT, CLOSE }

    final long[] wall = new long[Stage.values().length];
    final long[] cpu = new long[Stage.values().length];
    int partitions;
    /** Driver side: wall nanoseconds of the Spark job (task launch and result collection included). */
    long jobWall;
    long images;
    private transient long w0, c0;

    void start() {
        w0 = System.nanoTime();
        c0 = cpuNow();
    }

    /** Ends {@code stage} (begun at the last start or lap) and begins the next. */
    void lap(Stage stage) {
        long w = System.nanoTime(), c = cpuNow();
        wall[stage.ordinal()] += w - w0;
        cpu[stage.ordinal()] += c - c0;
        w0 = w;
        c0 = c;
    }

    void add(PartitionTimings o) {
        for (int i = 0; i < wall.length; i++) {
            wall[i] += o.wall[i];
            cpu[i] += o.cpu[i];
        }
        partitions += o.partitions;
        images += o.images;
    }

    /** Wall seconds per partition outside the images' work and the once-per-JVM setup. */
    double fixedSecondsPerPartition() {
        long s = 0;
        for (Stage st : Stage.values()) if (st != Stage.COMPUTE && st != Stage.SETUP) s += wall[st.ordinal()];
        return partitions == 0 ? 0 : s / 1e9 / partitions;
    }

    private static long cpuNow() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d partitions, %d images; per partition (wall/task-thread CPU ms):", partitions, images));
        for (Stage st : Stage.values()) {
            b.append(String.format(Locale.ROOT, " %s %.1f/%.1f", st.name().toLowerCase(Locale.ROOT),
                    wall[st.ordinal()] / 1e6 / Math.max(1, partitions), cpu[st.ordinal()] / 1e6 / Math.max(1, partitions)));
        }
        long sum = 0;
        for (long w : wall) sum += w;
        b.append(String.format(Locale.ROOT, "; fixed (open+parquet+commit+close) %.1f ms per partition; job %.1f s, partition stages %.1f s",
                fixedSecondsPerPartition() * 1e3, jobWall / 1e9, sum / 1e9));
        return b.toString();
    }
}
