package dev.gradlens.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.gradlens.GradLensException;

import java.nio.FloatBuffer;
import java.util.EnumSet;

/**
 * The process-wide ONNX Runtime environment, reached through DJL's engine so the native library is
 * loaded the way DJL expects, and the session factory with device choice and CPU fallback.
 */
public final class OrtRuntime {
    private static volatile OrtEnvironment env;
    static final String NO_CUDA_NOTE = "CUDA was asked for but this ONNX Runtime build has no CUDA provider (build with -Pgpu; needs CUDA 12 + cuDNN 9): running on CPU";

    private OrtRuntime() {
    }

    /**
     * Must run before any DJL or ONNX Runtime class loads: DJL otherwise contacts a cloud metadata
     * address and ONNX Runtime starts its telemetry ({@link OrtPrivacy}).
     */
    public static void configureOffline() {
        OrtPrivacy.apply();
    }

    public static OrtEnvironment env() {
        OrtEnvironment e = env;
        if (e == null) {
            synchronized (OrtRuntime.class) {
                if (env == null) {
                    configureOffline();
                    try {
                        ai.djl.engine.Engine.getEngine("OnnxRuntime");
                    } catch (RuntimeException | LinkageError djlRefused) {
                        // DJL refuses to start when ONNX Runtime's environment was created before it (by
                        // code that used ORT directly): that environment serves as well.
                    }
                    OrtEnvironment created = OrtEnvironment.getEnvironment();
                    try {
                        // second line of defence: no telemetry event after this point even where the
                        // environment variable could not be set before the library loaded
                        created.setTelemetry(false);
                    } catch (OrtException | RuntimeException ignored) {
                        // a build without telemetry
                    }
                    env = created;
                }
                e = env;
            }
        }
        return e;
    }

    public static boolean cudaAvailable() {
        configureOffline();
        if (CudaSimulation.current() != CudaSimulation.NONE) return true;
        try {
            EnumSet<OrtProvider> p = OrtEnvironment.getAvailableProviders();
            return p.contains(OrtProvider.CUDA);
        } catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }

    /**
     * A session on the requested device; where CUDA cannot be had, CPU with a note saying why. Three
     * things can fail on the way to CUDA: the build has no CUDA provider, adding the provider fails
     * (driver or library missing), or creating the session on it fails (out of GPU memory, cuDNN
     * missing, an op without a CUDA kernel that cannot be placed). Each falls back to the CPU.
     * The options are closed on every path (a SessionOptions holds native memory).
     */
    public static Session createSession(byte[] model, Device requested) {
        return createSession(model, requested, true);
    }

    /**
     * @param cpuArena whether ONNX Runtime keeps a CPU memory arena for this session. The arena keeps
     *                 a run's activations for the next run (fewer page faults) but never gives them
     *                 back, and arenas of sessions created and closed one after another fragment the
     *                 heap: in a 300-switch soak on ResNet-18 resident memory crept from 1.45 to 1.7 GB
     *                 with arenas and stayed at 1.3–1.4 GB without. Without it, though, every run maps its
     *                 planned memory block afresh and faults in each page: ExplainableModel's gradient sessions
     *                 ran 1.3–2× slower (docs/performance.md), so they keep the arena too. System property
     *                 {@code gradlens.cpuArena=true|false} overrides the choice for every session.
     */
    public static Session createSession(byte[] model, Device requested, boolean cpuArena) {
        return createSession((e, options) -> e.createSession(model, options), requested, cpuArena);
    }

    /**
     * The same, reading the model from a file: ONNX Runtime parses it straight from the file, so no
     * serialized copy of the graph sits on the Java heap or in the native copy JNI makes of a byte
     * array (ExplainableModel's gradient graphs; docs/performance.md, "Memory: layer and method switches").
     */
    public static Session createSession(java.nio.file.Path modelFile, Device requested, boolean cpuArena) {
        return createSession((e, options) -> e.createSession(modelFile.toString(), options), requested, cpuArena);
    }

    /** Creates an ONNX Runtime session from wherever the model is (bytes or a file). */
    private interface SessionSource {
        OrtSession open(OrtEnvironment e, OrtSession.SessionOptions options) throws OrtException;
    }

    private static Session createSession(SessionSource model, Device requested, boolean cpuArena) {
        String forced = System.getProperty("gradlens.cpuArena");
        boolean arena = forced == null || forced.isBlank() ? cpuArena : Boolean.parseBoolean(forced.trim());
        OrtEnvironment e = env();
        String note = null;
        if (requested == Device.CUDA) {
            if (!cudaAvailable()) {
                note = NO_CUDA_NOTE;
            } else {
                try (OrtSession.SessionOptions options = options(arena)) {
                    CudaSimulation sim = CudaSimulation.current();
                    if (sim == CudaSimulation.PROVIDER_FAILS) throw new OrtException("simulated: CUDA provider could not be added (libcudart.so.12 not found)");
                    if (sim == CudaSimulation.NONE) options.addCUDA(0);
                    if (sim == CudaSimulation.SESSION_FAILS) throw new OrtException("simulated: CUDA session creation failed (out of memory)");
                    return new Session(model.open(e, options), Device.CUDA, null);
                } catch (OrtException ex) {
                    note = "CUDA could not be started (" + firstLine(ex.getMessage()) + "): running on CPU";
                }
            }
        }
        try (OrtSession.SessionOptions options = options(arena)) {
            return new Session(model.open(e, options), Device.CPU, note);
        } catch (OrtException ex) {
            throw new GradLensException("ONNX Runtime cannot load the model: " + firstLine(ex.getMessage()), ex);
        }
    }

    /**
     * Threads each session's operators use: -Dgradlens.ort.threads (a Spark executor sets it to its cores,
     * docs/spark.md; `bench` compares thread counts with it), else all cores.
     */
    public static int intraOpThreads() {
        return Math.max(1, Integer.getInteger("gradlens.ort.threads", Runtime.getRuntime().availableProcessors()));
    }

    private static OrtSession.SessionOptions options(boolean cpuArena) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(intraOpThreads());
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (!cpuArena) options.setCPUArenaAllocator(false);
            // Failures reach the user as exceptions with one clear line; ONNX Runtime's own log lines
            // (shape warnings, the expected failure of a batched probe) would only be noise on stderr.
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            return options;
        } catch (OrtException | RuntimeException ex) {
            options.close();
            throw ex;
        }
    }

    /**
     * A CUDA failure made on purpose, so the fallback can be tested (and demonstrated) on a machine
     * without a GPU: system property {@value #PROPERTY} = {@code provider-fails} or
     * {@code session-fails} makes CUDA look available and then fail at that step.
     */
    public enum CudaSimulation {
        NONE, PROVIDER_FAILS, SESSION_FAILS;

        public static final String PROPERTY = "gradlens.simulateCudaFailure";

        static CudaSimulation current() {
            String v = System.getProperty(PROPERTY);
            if (v == null || v.isBlank()) return NONE;
            return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "provider-fails" -> PROVIDER_FAILS;
                case "session-fails" -> SESSION_FAILS;
                default -> NONE;
            };
        }
    }

    /** A tensor read in place from a direct, native-order buffer (the caller keeps the buffer unchanged until it is closed). */
    static OnnxTensor tensor(FloatBuffer direct, long[] shape) {
        try {
            return OnnxTensor.createTensor(env(), direct, shape);
        } catch (OrtException ex) {
            throw new GradLensException("Cannot create an input tensor: " + ex.getMessage(), ex);
        }
    }

    public static OnnxTensor tensor(float[] data, long[] shape) {
        try {
            return OnnxTensor.createTensor(env(), FloatBuffer.wrap(data), shape);
        } catch (OrtException ex) {
            throw new GradLensException("Cannot create an input tensor: " + ex.getMessage(), ex);
        }
    }

    /**
     * A tensor of an ONNX element type from float values: float as is; integer types (pixels of a uint8
     * image input) rounded and clamped to the type's range.
     */
    public static OnnxTensor tensor(float[] data, long[] shape, int elementType) {
        if (elementType == dev.gradlens.onnx.ElementType.FLOAT) return tensor(data, shape);
        try {
            switch (elementType) {
                case dev.gradlens.onnx.ElementType.UINT8, dev.gradlens.onnx.ElementType.INT8 -> {
                    boolean unsigned = elementType == dev.gradlens.onnx.ElementType.UINT8;
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(data.length).order(java.nio.ByteOrder.nativeOrder());
                    for (float v : data) b.put((byte) clamp(v, unsigned ? 0 : -128, unsigned ? 255 : 127));
                    b.rewind();
                    return OnnxTensor.createTensor(env(), b, shape, unsigned ? ai.onnxruntime.OnnxJavaType.UINT8 : ai.onnxruntime.OnnxJavaType.INT8);
                }
                case dev.gradlens.onnx.ElementType.INT16, dev.gradlens.onnx.ElementType.UINT16 -> {
                    java.nio.ShortBuffer b = java.nio.ShortBuffer.allocate(data.length);
                    for (float v : data) b.put((short) clamp(v, elementType == dev.gradlens.onnx.ElementType.INT16 ? -32768 : 0,
                            elementType == dev.gradlens.onnx.ElementType.INT16 ? 32767 : 65535));
                    b.rewind();
                    return OnnxTensor.createTensor(env(), b, shape);
                }
                case dev.gradlens.onnx.ElementType.INT32 -> {
                    java.nio.IntBuffer b = java.nio.IntBuffer.allocate(data.length);
                    for (float v : data) b.put((int) Math.round((double) v));
                    b.rewind();
                    return OnnxTensor.createTensor(env(), b, shape);
                }
                case dev.gradlens.onnx.ElementType.INT64 -> {
                    java.nio.LongBuffer b = java.nio.LongBuffer.allocate(data.length);
                    for (float v : data) b.put(Math.round((double) v));
                    b.rewind();
                    return OnnxTensor.createTensor(env(), b, shape);
                }
                default -> throw new GradLensException("Cannot feed an input of type " + dev.gradlens.onnx.ElementType.name(elementType));
            }
        } catch (OrtException ex) {
            throw new GradLensException("Cannot create an input tensor: " + ex.getMessage(), ex);
        }
    }

    private static long clamp(float v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, Math.round((double) v)));
    }

    static String firstLine(String s) {
        if (s == null) return "unknown error";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /** An ONNX Runtime session with the device it really runs on. */
    public record Session(OrtSession ort, Device device, String deviceNote) implements AutoCloseable {
        @Override
        public void close() {
            try {
                ort.close();
            } catch (OrtException ignored) {
                // closing a session cannot fail in a way the user can act on
            }
        }
    }
}
