package dev.gradlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a benchmark ran on, in one line: ratios move with the CPU's vector units (the same
 * code gave 2.97× on an AVX2 machine and 4.3× on an AVX-512 one), so a bench result without the
 * machine cannot be compared with another.
 */
final class MachineLine {
    /** The vector extensions ONNX Runtime's CPU kernels dispatch on. */
    static final List<String> FLAGS = List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile");

    private MachineLine() {
    }

    /** This machine: /proc/cpuinfo where there is one (Linux), else what Java knows. */
    static String current(String ortVersion) {
        String cpuinfo = "";
        try {
            Path p = Path.of("/proc/cpuinfo");
            if (Files.isReadable(p)) cpuinfo = Files.readString(p);
        } catch (java.io.IOException | RuntimeException ignored) {
            // no cpuinfo: the line says the model and flags are unknown
        }
        return describe(cpuinfo, Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), ortVersion);
    }

    /**
     * @param cpuinfo the text of /proc/cpuinfo (empty when unknown)
     * @param cores   cores this process may use
     */
    static String describe(String cpuinfo, int cores, String arch, String ortVersion) {
        String model = null;
        String flags = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (model == null && key.equals("model name")) model = value;
            if (flags == null && (key.equals("flags") || key.equals("features"))) flags = " " + value + " ";
        }
        StringBuilder sb = new StringBuilder("machine: ");
        sb.append(model == null || model.isEmpty() ? "unknown CPU" : model.replaceAll("\\s+", " "));
        if (arch != null) sb.append(" (").append(arch).append(')');
        sb.append(", ").append(cores).append(cores == 1 ? " core" : " cores");
        if (flags == null) {
            sb.append(", CPU flags unknown");
        } else {
            StringBuilder have = new StringBuilder();
            for (String f : FLAGS) if (flags.contains(" " + f + " ")) have.append(have.length() == 0 ? "" : " ").append(f);
            sb.append(", flags: ").append(have.length() == 0 ? "none of " + String.join("/", FLAGS) : have);
        }
        sb.append(", ONNX Runtime ").append(ortVersion == null ? "unknown" : ortVersion);
        return sb.toString();
    }
}
