package dev.gradlens.gradient;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.OrtRuntime;
import dev.gradlens.inference.ShapeProbe;
import dev.gradlens.onnx.TensorInfo;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference check of a built backward graph against ONNX Runtime's own forward pass, in
 * float32 with central differences along random directions:
 * (f(x + h·v) − f(x − h·v)) / 2h ≈ ⟨∂f/∂x, v⟩ with f = Σ seed · y.
 * Two seeds are used at once, so every rule is also checked with a seed batch of 2 over a forward
 * batch of 1 (the broadcasting the engine relies on).
 */
public final class GradientCheck {
    private final ModelProto model;
    private final String output;
    private final Map<String, float[]> values = new HashMap<>();
    private final Random rnd;
    private double h = 1e-3;
    private double tolerance = 1e-3;
    private int directions = 3;
    private boolean oneRow;

    private GradientCheck(TinyModel tiny, String output, long seed) {
        this.model = tiny.build(output);
        this.output = output;
        this.rnd = new Random(seed);
        for (var e : tiny.inputs().entrySet()) {
            long n = 1;
            for (long d : e.getValue()) n *= d;
            float[] v = new float[(int) n];
            for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
            values.put(e.getKey(), v);
        }
        this.shapes = tiny.inputs();
    }

    private final Map<String, long[]> shapes;

    public static GradientCheck of(TinyModel tiny, String output) {
        return new GradientCheck(tiny, output, 42);
    }

    /** As {@link #of(TinyModel, String)} with another random seed for the input values, seeds and directions. */
    public static GradientCheck of(TinyModel tiny, String output, long randomSeed) {
        return new GradientCheck(tiny, output, randomSeed);
    }

    /** Replaces an input's values (e.g. to keep them away from kinks). */
    public GradientCheck values(String input, Function<Random, float[]> make) {
        values.put(input, make.apply(rnd));
        return this;
    }

    public GradientCheck values(String input, float[] v) {
        values.put(input, v);
        return this;
    }

    public GradientCheck step(double h) {
        this.h = h;
        return this;
    }

    public GradientCheck tolerance(double tol) {
        this.tolerance = tol;
        return this;
    }

    /** How many random directions are checked per input (3 unless told). */
    /** Build one-row graphs ({@link GradientRequest#oneRow}): {@link #gradients} with one seed row only. */
    public GradientCheck oneRow(boolean oneRow) {
        this.oneRow = oneRow;
        return this;
    }

    /** The augmented graph {@link #gradients} runs. */
    public ModelProto augmentedGraph(RectifierPolicy policy, String... wrt) {
        return augmented(ShapeProbe.probe(model, shapes), policy, wrt);
    }

    public GradientCheck directions(int n) {
        this.directions = n;
        return this;
    }

    /** A copy of the current values of an input. */
    public float[] value(String input) {
        float[] v = values.get(input);
        if (v == null) throw new IllegalArgumentException("no input named " + input);
        return v.clone();
    }

    /** Measured type and shape of every tensor of the model at the declared input shapes. */
    public Map<String, TensorInfo> shapes() {
        return ShapeProbe.probe(model, shapes);
    }

    /** The output tensor at the current input values. */
    public float[] output() {
        return runPlain(values).get(output);
    }

    /**
     * The gradients of Σ seed·y as the built graph returns them, without any finite-difference check:
     * for comparing non-standard policies (guided, deconvnet) with values computed in the test.
     *
     * @param seeds     {@code seedCount} rows of the output's size (axis 0 of the output replaced by the seed axis)
     * @return per input named, {@code seedCount} rows of that input's size, seed-major
     */
    public Map<String, float[]> gradients(RectifierPolicy policy, float[] seeds, int seedCount, String... wrt) {
        if (oneRow && seedCount != 1) throw new IllegalArgumentException("a one-row graph takes one seed row");
        Map<String, TensorInfo> info = ShapeProbe.probe(model, shapes);
        long[] seedShape = info.get(output).longShape().clone();
        seedShape[0] = seedCount;
        Map<String, float[]> grads = run(augmented(info, policy, wrt), seeds, seedShape, wrt);
        Map<String, float[]> out = new HashMap<>();
        for (String w : wrt) out.put(w, grads.get("grad/" + w));
        return out;
    }

    private ModelProto augmented(Map<String, TensorInfo> info, RectifierPolicy policy, String... wrt) {
        List<GradientRequest.Wanted> wanted = new ArrayList<>();
        for (String w : wrt) wanted.add(new GradientRequest.Wanted(w, policy, "grad/" + w));
        Map<String, ai.onnx.proto.OnnxMl.TensorProto> statics = ShapeProbe.probeAll(model, shapes).staticValues();
        return new GradientGraphBuilder().build(model, info, statics, new GradientRequest(output, "seed", wanted, List.of(output), oneRow));
    }

    /** Checks ∂(Σ seed·y)/∂input for every input named, with the STANDARD policy. */
    public void check(String... wrt) {
        Map<String, TensorInfo> info = ShapeProbe.probe(model, shapes);
        TensorInfo y = info.get(output);
        ModelProto augmented = augmented(info, RectifierPolicy.STANDARD, wrt);
        int perSeed = (int) y.size();
        float[] seeds = new float[2 * perSeed];
        for (int i = 0; i < seeds.length; i++) seeds[i] = (float) rnd.nextGaussian();
        long[] seedShape = y.longShape().clone();
        seedShape[0] = 2;
        Map<String, float[]> grads = run(augmented, seeds, seedShape, wrt);
        for (String w : wrt) {
            float[] g = grads.get("grad/" + w);
            float[] x = values.get(w);
            assertEquals(2 * x.length, g.length, "gradient of " + w + " has " + g.length + " values for 2 seeds of " + x.length);
            for (int d = 0; d < directions; d++) {
                float[] v = new float[x.length];
                for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
                float[] plus = forward(w, x, v, h), minus = forward(w, x, v, -h);
                for (int s = 0; s < 2; s++) {
                    double fd = 0, an = 0, scale = 0;
                    for (int i = 0; i < perSeed; i++) fd += seeds[s * perSeed + i] * ((double) plus[i] - minus[i]) / (2 * h);
                    for (int i = 0; i < x.length; i++) {
                        an += (double) g[s * x.length + i] * v[i];
                        scale += Math.abs((double) g[s * x.length + i] * v[i]);
                    }
                    double err = Math.abs(fd - an);
                    assertTrue(err <= tolerance * Math.max(scale, 1e-6),
                            "d/d" + w + " seed " + s + " direction " + d + ": finite difference " + fd + " vs gradient " + an
                                    + " (|err| " + err + ", scale " + scale + ")");
                }
            }
        }
    }

    private float[] forward(String wrt, float[] x, float[] v, double step) {
        float[] moved = new float[x.length];
        for (int i = 0; i < x.length; i++) moved[i] = (float) (x[i] + step * v[i]);
        Map<String, float[]> in = new HashMap<>(values);
        in.put(wrt, moved);
        return runPlain(in).get(output);
    }

    private Map<String, float[]> runPlain(Map<String, float[]> in) {
        return execute(model, in, null, null);
    }

    /** One run with every seed row, or one run per row (concatenated) where the graph is single-seed. */
    private Map<String, float[]> run(ModelProto augmented, float[] seeds, long[] seedShape, String[] wrt) {
        if (GradientGraphBuilder.singleSeedReason(augmented) == null || seedShape[0] == 1) return execute(augmented, values, seeds, seedShape);
        int rows = (int) seedShape[0], per = seeds.length / rows;
        long[] one = seedShape.clone();
        one[0] = 1;
        Map<String, float[]> out = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            Map<String, float[]> part = execute(augmented, values, java.util.Arrays.copyOfRange(seeds, r * per, (r + 1) * per), one);
            for (String w : wrt) {
                float[] p = part.get("grad/" + w);
                float[] all = out.computeIfAbsent("grad/" + w, k -> new float[p.length * rows]);
                System.arraycopy(p, 0, all, r * p.length, p.length);
            }
        }
        return out;
    }

    private Map<String, float[]> execute(ModelProto m, Map<String, float[]> in, float[] seeds, long[] seedShape) {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtRuntime.Session s = OrtRuntime.createSession(m.toByteArray(), Device.CPU)) {
            for (var e : in.entrySet()) feeds.put(e.getKey(), OrtRuntime.tensor(e.getValue(), shapes.get(e.getKey())));
            if (seeds != null) feeds.put("seed", OrtRuntime.tensor(seeds, seedShape));
            try (OrtSession.Result r = s.ort().run(feeds)) {
                Map<String, float[]> out = new HashMap<>();
                for (var e : r) {
                    FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    float[] a = new float[fb.remaining()];
                    fb.get(a);
                    out.put(e.getKey(), a);
                }
                return out;
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Values spread on a grid with gaps of {@code gap} in random order: no ties, no kink within reach of small steps.
     * The grid is (k + ½)·gap for integers k, so no value lies on 0 (or on any whole multiple of gap) for even and
     * odd {@code n} alike.
     */
    public static Function<Random, float[]> spaced(int n, double gap) {
        return rnd -> {
            List<Float> l = new ArrayList<>();
            // n / 2 in integers: with n / 2.0 an odd n put the middle value exactly on 0, the kink of Relu and friends
            for (int i = 0; i < n; i++) l.add((float) ((i - n / 2 + 0.5) * gap));
            java.util.Collections.shuffle(l, rnd);
            float[] out = new float[n];
            for (int i = 0; i < n; i++) out[i] = l.get(i);
            return out;
        };
    }
}
