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

    /** Must run before any DJL class loads: DJL otherwise contacts a cloud metadata address. */
    public static void configureOffline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
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
                    env = OrtEnvironment.getEnvironment();
                }
                e = env;
            }
        }
        return e;
    }

    public static boolean cudaAvailable() {
        try {
            EnumSet<OrtProvider> p = OrtEnvironment.getAvailableProviders();
            return p.contains(OrtProvider.CUDA);
        } catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }

    /** A session on the requested device; where CUDA cannot be had, CPU with a note saying why. */
    public static Session createSession(byte[] model, Device requested) {
        OrtEnvironment e = env();
        String note = null;
        Device actual = Device.CPU;
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            // -Dgradlens.ort.threads: a Spark executor sets it to its cores (docs/spark.md); default all cores
            options.setIntraOpNumThreads(Math.max(1, Integer.getInteger("gradlens.ort.threads", Runtime.getRuntime().availableProcessors())));
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Failures reach the user as exceptions with one clear line; ONNX Runtime's own log lines
            // (shape warnings, the expected failure of a batched probe) would only be noise on stderr.
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            if (requested == Device.CUDA) {
                if (!cudaAvailable()) {
                    note = NO_CUDA_NOTE;
                } else {
                    try {
                        options.addCUDA(0);
                        actual = Device.CUDA;
                    } catch (OrtException ex) {
                        note = "CUDA could not be started (" + firstLine(ex.getMessage()) + "): running on CPU";
                    }
                }
            }
            return new Session(e.createSession(model, options), actual, note);
        } catch (OrtException ex) {
            throw new GradLensException("ONNX Runtime cannot load the model: " + firstLine(ex.getMessage()), ex);
        }
    }

    public static OnnxTensor tensor(float[] data, long[] shape) {
        try {
            return OnnxTensor.createTensor(env(), FloatBuffer.wrap(data), shape);
        } catch (OrtException ex) {
            throw new GradLensException("Cannot create an input tensor: " + ex.getMessage(), ex);
        }
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
