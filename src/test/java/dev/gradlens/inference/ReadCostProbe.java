package dev.gradlens.inference;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.service.ModelSession;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;

/** Developer tool (not a test): ExplainableModel.run's wall time split into session.run and reading the outputs. */
public final class ReadCostProbe {
    private ReadCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        try (ModelSession s = ModelSession.open(Path.of(args[0]), null, null, Device.CPU)) {
            ExplainableModel em = s.explainable();
            ModelAnalysis a = s.analysis();
            String layer = s.defaultLayer();
            float[] x = DevInputs.gaussianImage(a.input().valuesPerImage());
            float[] seed = new float[a.classes()];
            seed[0] = 1;
            double[] total = new double[runs], ort = new double[runs];
            for (int i = -3; i < runs; i++) {
                long t0 = System.nanoTime();
                GradientResult r = em.run(x, 1, seed, 1, layer, EnumSet.of(RectifierPolicy.GUIDED));
                double ms = (System.nanoTime() - t0) / 1e6;
                if (i >= 0) {
                    total[i] = ms;
                    ort[i] = r.millis();
                }
            }
            Arrays.sort(total);
            Arrays.sort(ort);
            System.out.printf("run total median %.2f ms, session.run %.2f ms, rest %.2f ms%n", total[runs / 2], ort[runs / 2], total[runs / 2] - ort[runs / 2]);
            // the same graph in a session of this tool's own (bytes, the gradient sessions' options), heap input
            byte[] bytes = em.graphFor(layer, EnumSet.of(RectifierPolicy.GUIDED)).toByteArray();
            try (OrtRuntime.Session own = OrtRuntime.createSession(bytes, Device.CPU, true)) {
                double[] t = new double[runs];
                for (int i = -3; i < runs; i++) {
                    java.util.Map<String, ai.onnxruntime.OnnxTensor> feeds = DevInputs.feeds(a, x, seed, 1);
                    long t0 = System.nanoTime();
                    try (ai.onnxruntime.OrtSession.Result r = own.ort().run(feeds)) {
                        if (i >= 0) t[i] = (System.nanoTime() - t0) / 1e6;
                    } finally {
                        for (var f : feeds.values()) f.close();
                    }
                }
                Arrays.sort(t);
                System.out.printf("own session from bytes: session.run median %.2f ms%n", t[runs / 2]);
                // reading: getFloatBuffer per output (fresh heap copy) against pinned outputs in reused direct buffers
                double[] rd = new double[runs], rp = new double[runs], runP = new double[runs], runN = new double[runs];
                java.util.Map<String, ai.onnxruntime.OnnxTensor> pinned = null;
                java.util.Map<String, java.nio.FloatBuffer> bufs = new java.util.HashMap<>();
                for (int i = -3; i < runs; i++) {
                    java.util.Map<String, ai.onnxruntime.OnnxTensor> feeds = DevInputs.feeds(a, x, seed, 1);
                    long t0 = System.nanoTime();
                    try (ai.onnxruntime.OrtSession.Result r = own.ort().run(feeds)) {
                        long t1 = System.nanoTime();
                        float sink = 0;
                        if (pinned == null) {
                            pinned = new java.util.HashMap<>();
                            for (var e : r) {
                                ai.onnxruntime.OnnxTensor ot = (ai.onnxruntime.OnnxTensor) e.getValue();
                                long[] sh = ot.getInfo().getShape();
                                long n = 1;
                                for (long d : sh) n *= d;
                                java.nio.FloatBuffer fb = java.nio.ByteBuffer.allocateDirect((int) n * 4).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
                                bufs.put(e.getKey(), fb);
                                pinned.put(e.getKey(), ai.onnxruntime.OnnxTensor.createTensor(OrtRuntime.env(), fb, sh));
                            }
                        }
                        for (var e : r) {
                            java.nio.FloatBuffer fb = ((ai.onnxruntime.OnnxTensor) e.getValue()).getFloatBuffer();
                            sink += fb.array()[0];
                        }
                        if (i >= 0) {
                            runN[i] = (t1 - t0) / 1e6;
                            rd[i] = (System.nanoTime() - t1) / 1e6;
                        }
                    }
                    long t2 = System.nanoTime();
                    try (ai.onnxruntime.OrtSession.Result r = own.ort().run(feeds, pinned)) {
                        long t3 = System.nanoTime();
                        for (var e : bufs.entrySet()) {
                            java.nio.FloatBuffer fb = e.getValue().duplicate();
                            float[] d = new float[fb.remaining()];
                            fb.get(d);
                        }
                        if (i >= 0) {
                            runP[i] = (t3 - t2) / 1e6;
                            rp[i] = (System.nanoTime() - t3) / 1e6;
                        }
                    } finally {
                        for (var f : feeds.values()) f.close();
                    }
                }
                Arrays.sort(rd); Arrays.sort(rp); Arrays.sort(runN); Arrays.sort(runP);
                System.out.printf("outputs ORT-allocated: run %.2f + read %.3f ms; pinned: run %.2f + read %.3f ms%n", runN[runs / 2], rd[runs / 2], runP[runs / 2], rp[runs / 2]);
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                GradientResult r = em.run(x, 1, seed, 1, layer, EnumSet.of(RectifierPolicy.GUIDED));
                total[i] = (System.nanoTime() - t0) / 1e6;
                ort[i] = r.millis();
            }
            Arrays.sort(total);
            Arrays.sort(ort);
            System.out.printf("again: run total median %.2f ms, session.run %.2f ms%n", total[runs / 2], ort[runs / 2]);
        }
    }
}
