package dev.gradlens.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resident memory of this process (VmRSS of /proc/self/status, Linux), sampled on a daemon thread:
 * the Java heap, ONNX Runtime's native arenas and DuckDB's buffers together, which is what "memory
 * does not grow with the data set" is about.
 */
public final class ResidentMemory implements AutoCloseable {
    /** One sample: seconds since the start and resident MiB. */
    public record Sample(double seconds, double mib) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private final long start = System.nanoTime();
    private volatile boolean running = true;

    public ResidentMemory(long periodMillis) {
        thread = new Thread(() -> {
            while (running) {
                double m = currentMib();
                synchronized (samples) {
                    samples.add(new Sample((System.nanoTime() - start) / 1e9, m));
                }
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gradlens-rss");
        thread.setDaemon(true);
        thread.start();
    }

    /** VmRSS in MiB, or NaN where /proc is absent. */
    public static double currentMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }

    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
