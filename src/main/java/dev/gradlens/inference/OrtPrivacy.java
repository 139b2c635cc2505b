package dev.gradlens.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Keeps a GradLens process from talking or writing where the user did not ask it to.
 *
 * <p>ONNX Runtime 1.29's Linux build carries Microsoft's 1DS telemetry: creating the environment
 * writes {@code ~/.cache/Microsoft/DeveloperTools/.onnxruntime/} (a device id and an event
 * database), a debug log in {@code $TMPDIR}, and may upload events. {@code OrtEnvironment.setTelemetry(false)}
 * only stops events logged after the environment exists; the one switch that keeps the telemetry
 * provider from starting at all is the environment variable {@value #ORT_TELEMETRY_VARIABLE}, read
 * by the native library when the environment is created. A JVM cannot change its own environment
 * through Java, so {@link #apply()} sets it with libc's {@code setenv} (through JNA, already on the
 * class path for DJL) before the native library loads. The launchers (./gradlens, surefire) also
 * export it, for the case where JNA cannot load.
 *
 * <p>ONNX Runtime's Java binding extracts its native libraries into a fresh
 * {@code $java.io.tmpdir/onnxruntime-java<N>} folder and only marks the files for deletion: the
 * folder stays behind. A shutdown hook removes it. ImageIO's disk cache ({@code imageio*.tmp}) is
 * switched off: images are small and live in memory anyway.
 */
public final class OrtPrivacy {
    /** The variable that switches ONNX Runtime's POSIX telemetry off before it starts. */
    public static final String ORT_TELEMETRY_VARIABLE = "ORT_DISABLE_TELEMETRY";

    private static boolean applied;
    private static volatile boolean telemetryVariableSet;

    private OrtPrivacy() {
    }

    /** Idempotent; must run before ONNX Runtime's native library loads. */
    public static synchronized void apply() {
        if (applied) return;
        applied = true;
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        javax.imageio.ImageIO.setUseCache(false);
        telemetryVariableSet = setTelemetryVariable();
        Runtime.getRuntime().addShutdownHook(new Thread(OrtPrivacy::removeOrtTempFolder, "gradlens-ort-cleanup"));
    }

    /** Whether ONNX Runtime will see {@value #ORT_TELEMETRY_VARIABLE}=1 (set by us or by the launcher). */
    public static boolean telemetryVariableSet() {
        return telemetryVariableSet || "1".equals(System.getenv(ORT_TELEMETRY_VARIABLE));
    }

    private static boolean setTelemetryVariable() {
        if ("1".equals(System.getenv(ORT_TELEMETRY_VARIABLE))) return true;
        // JNA extracts its own native stub into jna.tmpdir (default ~/.cache/JNA/temp): give it a
        // private folder and remove it as soon as the stub is loaded (the file is unlinked by JNA).
        Path jnaDir = null;
        String previous = System.getProperty("jna.tmpdir");
        try {
            jnaDir = Files.createTempDirectory("gradlens-jna");
            System.setProperty("jna.tmpdir", jnaDir.toString());
            LibC c = com.sun.jna.Native.load("c", LibC.class);
            return c.setenv(ORT_TELEMETRY_VARIABLE, "1", 1) == 0;
        } catch (IOException | RuntimeException | LinkageError noJna) {
            return false; // OrtRuntime still calls setTelemetry(false) once the environment exists
        } finally {
            if (previous == null) System.clearProperty("jna.tmpdir");
            else System.setProperty("jna.tmpdir", previous);
            if (jnaDir != null) deleteTree(jnaDir);
        }
    }

    /** The libc function JNA binds. */
    interface LibC extends com.sun.jna.Library {
        int setenv(String name, String value, int overwrite);
    }

    /** ONNX Runtime's extraction folder (a private field of its loader), removed with its contents. */
    static void removeOrtTempFolder() {
        Path dir = ortTempFolder();
        if (dir != null) deleteTree(dir);
    }

    static Path ortTempFolder() {
        try {
            Class<?> loader = Class.forName("ai.onnxruntime.OnnxRuntime", false, OrtPrivacy.class.getClassLoader());
            java.lang.reflect.Field f = loader.getDeclaredField("tempDirectory");
            f.setAccessible(true);
            Object v = f.get(null);
            return v instanceof Path p ? p : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError changed) {
            return null; // another ONNX Runtime version: nothing we can safely name
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at exit
                }
            });
        } catch (IOException | RuntimeException ignored) {
            // best effort at exit
        }
    }
}
