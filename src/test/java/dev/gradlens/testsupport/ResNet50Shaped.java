package dev.gradlens.testsupport;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.gradlens.gradient.TinyModel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random-weight classifier with the graph of torchvision's {@code resnet50()} as
 * {@code torch.onnx.export} writes it in eval mode (BatchNorm folded into each Conv's bias): the
 * 7×7 stem, max-pool, bottleneck stages of 3, 4, 6 and 3 blocks (widths 64…512, expansion 4,
 * stride on the 3×3 conv, a 1×1 projection on each stage's first block), global average pool,
 * Flatten and a 2048→1000 Gemm: 53 Convs and 25,530,472 weight values (102 MB), as resnet50 has once
 * its BatchNorms are folded ({@code ResNet50ShapedTest}), so memory measured on it is the memory of a ResNet-50. Built in Java
 * because CI has no PyTorch; the weights are random (He-normal, the last conv of each block scaled
 * down so the residual sums stay finite), which does not matter for memory or speed.
 */
public final class ResNet50Shaped {
    public static final String INPUT = "input";
    public static final String OUTPUT = "logits";
    static final int[] BLOCKS = {3, 4, 6, 3};
    static final int[] WIDTHS = {64, 128, 256, 512};

    private final SplittableRandom rnd;
    private final List<Runnable> nodes = new ArrayList<>();
    private final TinyModel model;
    private long parameters;
    private int convs;

    private ResNet50Shaped(long seed) {
        rnd = new SplittableRandom(seed);
        model = TinyModel.opset(13).input(INPUT, 1, 3, 224, 224);
    }

    /** The model for this seed (the same bytes for the same seed). */
    public static ModelProto build(long seed) {
        return new ResNet50Shaped(seed).graph();
    }

    /** Writes the model to {@code dir/resnet50_shaped.onnx} (a temp dir in tests: 102 MB). */
    public static Path write(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        Path onnx = dir.resolve("resnet50_shaped.onnx");
        try (OutputStream out = Files.newOutputStream(onnx)) {
            build(seed).writeTo(out);
        }
        return onnx;
    }

    /** Parameters and Convs of the graph built for {@code seed} (a check that it is ResNet-50-sized). */
    static long[] counts(long seed) {
        ResNet50Shaped r = new ResNet50Shaped(seed);
        r.graph();
        return new long[] {r.parameters, r.convs};
    }

    private ModelProto graph() {
        String x = conv(INPUT, 3, 64, 7, 2, 1.0);
        x = relu(x);
        String pooled = "maxpool";
        String in = x;
        nodes.add(() -> model.nodes().op("MaxPool").in(in).attr("kernel_shape", new long[] {3, 3})
                .attr("pads", new long[] {1, 1, 1, 1}).attr("strides", new long[] {2, 2}).into(pooled));
        x = pooled;
        int channels = 64;
        for (int stage = 0; stage < BLOCKS.length; stage++) {
            for (int b = 0; b < BLOCKS[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                x = bottleneck(x, channels, WIDTHS[stage], stride, b == 0);
                channels = WIDTHS[stage] * 4;
            }
        }
        String features = x;
        nodes.add(() -> model.nodes().op("GlobalAveragePool").in(features).into("gap"));
        nodes.add(() -> model.nodes().op("Flatten").in("gap").attr("axis", 1L).into("flat"));
        float[] fcW = gaussian(1000 * 2048, Math.sqrt(1.0 / 2048));
        float[] fcB = gaussian(1000, 0.01);
        model.initializer("fc.weight", fcW, 1000, 2048).initializer("fc.bias", fcB, 1000);
        parameters += fcW.length + fcB.length;
        nodes.add(() -> model.nodes().op("Gemm").in("flat", "fc.weight", "fc.bias").attr("alpha", 1.0f).attr("beta", 1.0f)
                .attr("transB", 1L).into(OUTPUT));
        // TinyModel wants every initializer before the first node
        nodes.forEach(Runnable::run);
        return model.build(OUTPUT);
    }

    private String bottleneck(String x, int in, int width, int stride, boolean project) {
        String a = relu(conv(x, in, width, 1, 1, 1.0));
        String b = relu(conv(a, width, width, 3, stride, 1.0));
        String c = conv(b, width, width * 4, 1, 1, 0.2);
        String skip = project ? conv(x, in, width * 4, 1, stride, 1.0) : x;
        String sum = "add" + convs;
        nodes.add(() -> model.nodes().op("Add").in(c, skip).into(sum));
        return relu(sum);
    }

    private String conv(String x, int in, int out, int k, int stride, double gain) {
        int id = convs++;
        String w = "conv" + id + ".weight", bias = "conv" + id + ".bias", y = "conv" + id;
        float[] wv = gaussian(out * in * k * k, gain * Math.sqrt(2.0 / (in * k * k)));
        float[] bv = gaussian(out, 0.01);
        model.initializer(w, wv, out, in, k, k).initializer(bias, bv, out);
        parameters += wv.length + bv.length;
        long p = k / 2;
        nodes.add(() -> model.nodes().op("Conv").in(x, w, bias).attr("kernel_shape", new long[] {k, k})
                .attr("pads", new long[] {p, p, p, p}).attr("strides", new long[] {stride, stride}).into(y));
        return y;
    }

    private String relu(String x) {
        String y = x + "_relu";
        nodes.add(() -> model.nodes().op("Relu").in(x).into(y));
        return y;
    }

    private float[] gaussian(int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (scale * gauss());
        return v;
    }

    /** Box–Muller on the seeded generator (SplittableRandom has no nextGaussian on Java 17). */
    private double gauss() {
        double u = 1.0 - rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
