package dev.gradlens.cli;

import dev.gradlens.run.ResidentMemory;
import dev.gradlens.run.RunBenchmark;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints the data-set stage of {@code gradlens bench --data}. */
final class DataSetBench {
    private DataSetBench() {
    }

    private static String stages(java.util.Map<String, Double> t) {
        StringBuilder b = new StringBuilder();
        for (String k : List.of("wait for decoding", "model + maps", "wait for database", "database (writer thread)")) {
            if (t.containsKey(k)) b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f s", k, t.get(k)));
        }
        return b.toString();
    }

    static void print(PrintWriter out, RunBenchmark.Result r) {
        out.printf(Locale.ROOT, "data-set run over %d images, layer %s, %d cores%n", r.images(), r.layer(), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-52s %9s %9s %11s%n", "stage", "s", "images/s", "× forward");
        out.printf(Locale.ROOT, "%-52s %9.1f %9.1f %11.2f%n", "forward-only batched pass (decode+preprocess)", r.forwardSeconds(),
                r.images() / r.forwardSeconds(), 1.0);
        out.printf(Locale.ROOT, "%-52s %9.1f %9.1f %11.2f%n", "run with Grad-CAM, true + predicted (" + r.gradientSource() + ")", r.gradcamSeconds(),
                r.images() / r.gradcamSeconds(), r.ratio());
        if (r.forwardCpuSeconds() > 0) {
            out.printf(Locale.ROOT, "process CPU time: forward-only %.1f s, Grad-CAM %.1f s, ratio %.2f (steadier than wall time on a shared machine)%n",
                    r.forwardCpuSeconds(), r.gradcamCpuSeconds(), r.cpuRatio());
        }
        out.printf(Locale.ROOT, "  forward-only: %s%n", stages(r.forwardStages()));
        out.printf(Locale.ROOT, "  Grad-CAM:     %s%n", stages(r.gradcamStages()));
        List<ResidentMemory.Sample> m = r.memory();
        if (!m.isEmpty() && !Double.isNaN(m.get(0).mib())) {
            double max = 0, firstMinuteMax = 0, laterMin = Double.MAX_VALUE, laterMax = 0;
            for (ResidentMemory.Sample s : m) {
                max = Math.max(max, s.mib());
                if (s.seconds() <= 60) firstMinuteMax = Math.max(firstMinuteMax, s.mib());
                else {
                    laterMin = Math.min(laterMin, s.mib());
                    laterMax = Math.max(laterMax, s.mib());
                }
            }
            out.printf(Locale.ROOT, "resident memory (VmRSS) during the Grad-CAM run: max %.0f MiB, first minute max %.0f MiB%s, last %.0f MiB (%d samples)%n",
                    max, firstMinuteMax, laterMax > 0 ? String.format(Locale.ROOT, ", after the first minute %.0f–%.0f MiB", laterMin, laterMax) : "",
                    m.get(m.size() - 1).mib(), m.size());
        }
        out.flush();
    }
}
