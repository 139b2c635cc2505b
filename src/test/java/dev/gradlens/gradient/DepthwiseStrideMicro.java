package dev.gradlens.gradient;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.gradlens.inference.OrtRuntime;
import dev.gradlens.onnx.GraphEditor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Developer tool (not a test): forms of one depthwise 3×3/2 (pad 1) data gradient, [1, C, h, w] → [1, C, 2h, 2w],
 * timed in blocks and compared value by value with ConvTranspose's.
 *
 * <pre>java -cp target/classes:target/test-classes:target/lib/* dev.gradlens.gradient.DepthwiseStrideMicro C H RUNS</pre>
 */
public final class DepthwiseStrideMicro {
    private DepthwiseStrideMicro() {
    }

    public static void main(String[] args) throws Exception {
        int c = Integer.parseInt(args[0]), h = Integer.parseInt(args[1]), runs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Random r = new Random(3);
        float[] w = new float[c * 9], flipped = new float[c * 9], ones = new float[c];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        for (int ch = 0; ch < c; ch++) for (int t = 0; t < 9; t++) flipped[ch * 9 + t] = w[ch * 9 + 8 - t];
        Arrays.fill(ones, 1f);
        float[] g = new float[c * h * h];
        for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
        String[] names = {"ConvTranspose 3x3/2", "CT 1x1/2 zero-insert + dw Conv", "Unsqueeze+Pad+Reshape + dw Conv", "Resize nearest x checker + dw Conv"};
        List<ModelProto> models = new ArrayList<>();
        for (int v = 0; v < names.length; v++) {
            TinyModel m = TinyModel.opset(13).input("g", 1, c, h, h).initializer("w", w, c, 1, 3, 3).initializer("wf", flipped, c, 1, 3, 3)
                    .initializer("one", ones, c, 1, 1, 1);
            GraphEditor ed = m.nodes();
            long two = 2;
            switch (v) {
                case 0 -> ed.op("ConvTranspose").in("g", "w").attr("group", (long) c).attr("strides", new long[] {2, 2}).attr("kernel_shape", new long[] {3, 3})
                        .attr("pads", new long[] {1, 1, 1, 1}).attr("output_padding", new long[] {1, 1}).into("y");
                case 1 -> {
                    String z = ed.op("ConvTranspose").in("g", "one").attr("group", (long) c).attr("strides", new long[] {2, 2})
                            .attr("kernel_shape", new long[] {1, 1}).attr("output_padding", new long[] {1, 1}).out();
                    dw(ed, z, c);
                }
                case 2 -> {
                    String u = ed.unsqueeze(ed.unsqueeze("g", 3), 5);
                    String p = ed.pad(u, new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1});
                    dw(ed, ed.reshape(p, new long[] {1, c, two * h, two * h}), c);
                }
                default -> {
                    float[] checker = new float[4 * h * h];
                    for (int y = 0; y < 2 * h; y++) for (int x = 0; x < 2 * h; x++) checker[y * 2 * h + x] = (y % 2 == 0 && x % 2 == 0) ? 1f : 0f;
                    String ck = ed.constFloats("checker", checker, 1, 1, 2L * h, 2L * h);
                    String scales = ed.constFloats("scales", new float[] {1, 1, 2, 2}, 4);
                    String up = ed.op("Resize").in("g", "", scales).attr("mode", "nearest").out();
                    dw(ed, ed.mul(up, ck), c);
                }
            }
            models.add(m.build("y"));
        }
        List<OrtSession> ss = new ArrayList<>();
        for (ModelProto m : models) {
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(OrtRuntime.intraOpThreads());
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            ss.add(OrtRuntime.env().createSession(m.toByteArray(), o));
        }
        float[][] outs = new float[names.length][];
        double[][] t = new double[names.length][runs];
        for (int b = 0; b < runs; b += 10) {
            for (int v = 0; v < names.length; v++) {
                for (int i = -3; i < Math.min(10, runs - b); i++) {
                    try (OnnxTensor x = OrtRuntime.tensor(g, new long[] {1, c, h, h})) {
                        long t0 = System.nanoTime();
                        try (OrtSession.Result res = ss.get(v).run(Map.of("g", x))) {
                            double ms = (System.nanoTime() - t0) / 1e6;
                            if (i >= 0) t[v][b + i] = ms;
                            if (outs[v] == null) {
                                java.nio.FloatBuffer fb = ((OnnxTensor) res.get(0)).getFloatBuffer();
                                outs[v] = new float[fb.remaining()];
                                fb.get(outs[v]);
                            }
                        }
                    }
                }
            }
        }
        for (int v = 0; v < names.length; v++) {
            Arrays.sort(t[v]);
            double worst = 0, max = 0;
            for (int i = 0; i < outs[0].length; i++) {
                worst = Math.max(worst, Math.abs(outs[v][i] - outs[0][i]));
                max = Math.max(max, Math.abs(outs[0][i]));
            }
            System.out.printf("  %-40s median %7.3f ms  min %7.3f  max|diff|/max %.2g%n", names[v], t[v][runs / 2], t[v][0], worst / max);
        }
    }

    private static void dw(GraphEditor ed, String z, int c) {
        ed.op("Conv").in(z, "wf").attr("group", (long) c).attr("kernel_shape", new long[] {3, 3}).attr("pads", new long[] {1, 1, 1, 1}).into("y");
    }
}
