package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.service.ModelSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Developer tool (not a test): the 5-panel graph under several ONNX Runtime session options, in blocks of runs per
 * session in one process (so the machine's drift hits all alike), medians against the forward's. Variants: base (the
 * gradient sessions' options), the parallel executor (2 inter-op threads, with 2 and with 1 intra-op threads), and
 * {@code session.dynamic_block_base=4}. Measured in docs/performance.md ("Session options, measured again").
 *
 * <pre>java -Xss4m -cp target/classes:target/test-classes:target/lib/* dev.gradlens.inference.SessionOptionsAb MODEL.onnx [RUNS]</pre>
 */
public final class SessionOptionsAb {
    private SessionOptionsAb() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = OrtRuntime.intraOpThreads();
        try (ModelSession s = ModelSession.open(Path.of(args[0]), null, null, Device.CPU)) {
            ModelAnalysis a = s.analysis();
            float[] x = DevInputs.gaussianImage(a.input().valuesPerImage());
            float[] seed = new float[a.classes()];
            seed[0] = 1f;
            byte[] fwd = s.explainable().graphFor(null, java.util.Set.of()).toByteArray();
            byte[] panels = s.explainable().graphFor(s.defaultLayer(), EnumSet.of(RectifierPolicy.GUIDED)).toByteArray();
            String[] names = {"forward", "5 panels base", "5 panels parallel(2) intra 2", "5 panels parallel(2) intra 1", "5 panels dynamic_block_base=4"};
            List<OrtSession> ss = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                o.setIntraOpNumThreads(i == 3 ? 1 : threads);
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
                if (Boolean.getBoolean("nospin") || i == 4) o.addConfigEntry("session.intra_op.allow_spinning", "0");
                if (i == 2 || i == 3) {
                    o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
                    o.setInterOpNumThreads(2);
                }
                if (i == 4) o.addConfigEntry("session.dynamic_block_base", "4");
                ss.add(OrtRuntime.env().createSession(i == 0 ? fwd : panels, o));
            }
            // blocks of 10 runs per session after 2 untimed runs and a pause (each session's pool spins after its runs)
            double[][] t = new double[names.length][runs];
            for (int b = 0; b < runs; b += 10) {
                for (int i = 0; i < names.length; i++) {
                    Thread.sleep(100);
                    for (int r = -2; r < Math.min(10, runs - b); r++) {
                        double ms = time(ss.get(i), a, x, i == 0 ? null : seed);
                        if (r >= 0) t[i][b + r] = ms;
                    }
                }
            }
            for (int i = 0; i < names.length; i++) {
                Arrays.sort(t[i]);
                System.out.printf("  %-28s median %7.2f ms (%.2fx forward)  min %7.2f%n", names[i], t[i][runs / 2], t[i][runs / 2] / t[0][runs / 2], t[i][0]);
                ss.get(i).close();
            }
        }
    }

    private static double time(OrtSession sess, ModelAnalysis a, float[] x, float[] seed) throws OrtException {
        Map<String, OnnxTensor> feeds = DevInputs.feeds(a, x, seed, 1);
        long t0 = System.nanoTime();
        try (OrtSession.Result r = sess.run(feeds)) {
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            for (OnnxTensor v : feeds.values()) v.close();
        }
    }
}
