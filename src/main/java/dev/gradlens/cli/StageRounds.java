package dev.gradlens.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Times several stages in rounds: each round runs every stage in turn, {@code warmUp} untimed runs and then
 * {@code block} timed ones, until each stage has {@code runs} timings. Why rounds: the machine's speed drifts over
 * tens of seconds (on the 2-core test machine the same graph's median moved by 1.5× within ten minutes), and timing
 * stage after stage puts that drift into the ratios; rounds spread it over all stages alike. Why blocks with untimed
 * runs first instead of alternating run by run: every ONNX Runtime session has a thread pool of its own whose threads
 * spin for a while after a run, and a run of another session right after one competes with those spinning threads
 * (a ResNet-18 forward alternated run by run with a gradient graph took 31 ms against 10.4 ms on its own, 2 threads).
 */
final class StageRounds {
    /** Timed runs per stage and round. */
    static final int BLOCK = 5;
    /** Untimed runs of a stage at the start of each of its blocks. */
    static final int WARM_UP = 2;

    /**
     * Pause before each block, so that the previous stage's spinning threads have parked (two untimed runs of a
     * 4 ms MobileNet-v2 forward were not enough: its Grad-CAM read 2.1× the forward with them alone).
     */
    static final long SETTLE_MS = 100;

    private final LongSupplier clock;
    private final long settleMs;
    /** Whether the stage running now is timed (not a warm-up run): stages that record more than their time read it. */
    private boolean timing;

    StageRounds() {
        this(System::nanoTime, SETTLE_MS);
    }

    StageRounds(LongSupplier clock, long settleMs) {
        this.clock = clock;
        this.settleMs = settleMs;
    }

    /** The timings, ms, of each stage (in the order given), {@code runs} per stage (at least 1). */
    double[][] time(List<Runnable> stages, int runs) {
        int n = Math.max(1, runs);
        double[][] t = new double[stages.size()][n];
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            for (int s = 0; s < stages.size(); s++) {
                Runnable stage = stages.get(s);
                settle();
                timing = false;
                for (int i = 0; i < WARM_UP; i++) stage.run();
                timing = true;
                for (int i = from; i < to; i++) {
                    long t0 = clock.getAsLong();
                    stage.run();
                    t[s][i] = (clock.getAsLong() - t0) / 1e6;
                }
                timing = false;
            }
        }
        return t;
    }

    /** True while a timed run of a stage is in progress, false during its warm-up runs and between stages. */
    boolean timing() {
        return timing;
    }

    private void settle() {
        if (settleMs <= 0) return;
        try {
            Thread.sleep(settleMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /**
     * Per round (block of timed runs), the ratio of stage {@code s}'s median to stage {@code ref}'s median: how far
     * the ratio moved while the benchmark ran.
     */
    static List<Double> roundRatios(double[][] t, int s, int ref) {
        List<Double> out = new ArrayList<>();
        for (int from = 0; from < t[s].length; from += BLOCK) {
            int to = Math.min(t[s].length, from + BLOCK);
            out.add(median(Arrays.copyOfRange(t[s], from, to)) / median(Arrays.copyOfRange(t[ref], from, to)));
        }
        return out;
    }
}
