package dev.gradlens.gradient;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.gradlens.GradLensException;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.OrtRuntime;
import dev.gradlens.inference.ShapeProbe;
import dev.gradlens.onnx.ElementType;
import dev.gradlens.onnx.GraphEditor;
import dev.gradlens.onnx.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The builder around the rules: which nodes are on the gradient path (unsupported ops off it do not
 * matter, shape subgraphs need no gradient), unsupported ops on it, tensors with several consumers,
 * several policies in one graph, and the seed batch (rows per seed, forward batch 1 or S).
 */
class GradientGraphBuilderTest {

    // ---- (1) an unsupported op on the path --------------------------------------------------------

    /** A made-up op of a made-up domain, with hand-written shapes: the builder fails before anything runs. */
    @Test
    void unsupportedOpOnThePathIsNamedWithItsPosition() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 4).initializer("c", new float[] {1, -2, 3, -4}, 1, 4);
        GraphEditor ed = m.nodes();
        String r = ed.op("Relu").in("x").out();
        String f = ed.op("Frobnicate").domain("gradlens.test").in(r).out();
        ed.op("Mul").in(f, "c").into("y");
        ModelProto model = m.build("y");
        String frobName = nodeOf(model, "Frobnicate").getName();
        Map<String, TensorInfo> shapes = new HashMap<>();
        for (String t : new String[] {"x", "c", r, f, "y"}) shapes.put(t, new TensorInfo(ElementType.FLOAT, new int[] {1, 4}));

        UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> new GradientGraphBuilder().build(model, shapes,
                request("y", "x")));
        String msg = e.getMessage();
        assertEquals("gradlens.test:Frobnicate", e.op());
        assertEquals(frobName, e.node());
        assertTrue(msg.contains("gradlens.test:Frobnicate"), msg);
        assertTrue(msg.contains("'" + frobName + "'"), msg);
        // Relu, Frobnicate, Mul: the second of three nodes on the path
        assertTrue(msg.contains("node 2 of 3"), msg);
        assertTrue(msg.contains("Supported ops: "), msg);
        for (String op : RuleRegistry.standard().supportedOps()) assertTrue(msg.contains(op), "lists " + op + ": " + msg);

        // an unnamed node is labelled by its op and output
        ModelProto unnamed = model.toBuilder().setGraph(model.getGraph().toBuilder().clearNode()
                .addAllNode(model.getGraph().getNodeList().stream().map(n -> n.toBuilder().clearName().build()).toList())).build();
        UnsupportedOpException e2 = assertThrows(UnsupportedOpException.class, () -> new GradientGraphBuilder().build(unnamed, shapes,
                request("y", "x")));
        assertTrue(e2.getMessage().contains("'Frobnicate -> " + f + "'"), e2.getMessage());
    }

    /**
     * Control flow on the gradient path: an If whose branches read the input from the outer scope. Before, the
     * path ignored tensors captured by subgraphs and the If was silently dropped (a zero gradient); now it is
     * refused naming the node.
     */
    @Test
    void controlFlowOnThePathIsRefused() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 4);
        GraphEditor ed = m.nodes();
        String r = ed.op("Relu").in("x").out();
        String cond = ed.op("Constant").attr("value", ai.onnx.proto.OnnxMl.TensorProto.newBuilder().setDataType(ElementType.BOOL)
                .addInt32Data(1).build()).out();
        ai.onnx.proto.OnnxMl.GraphProto then = branch("then_out", "Neg", r), other = branch("else_out", "Abs", r);
        ed.op("If").in(cond).attr("then_branch", then).attr("else_branch", other).into("y");
        ModelProto model = m.build("y");
        Map<String, TensorInfo> shapes = dev.gradlens.inference.ShapeProbe.probe(model, "x", new long[] {1, 4});
        UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> new GradientGraphBuilder().build(model, shapes,
                request("y", "x")));
        assertEquals("If", e.op());
        assertTrue(e.getMessage().contains("Unsupported op If"), e.getMessage());
    }

    private static ai.onnx.proto.OnnxMl.GraphProto branch(String out, String op, String captured) {
        return ai.onnx.proto.OnnxMl.GraphProto.newBuilder().setName(out)
                .addNode(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType(op).addInput(captured).addOutput(out))
                .addOutput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName(out).setType(ai.onnx.proto.OnnxMl.TypeProto.newBuilder()
                        .setTensorType(ai.onnx.proto.OnnxMl.TypeProto.Tensor.newBuilder().setElemType(ElementType.FLOAT)))).build();
    }

    /** A real op ONNX Runtime runs but GradLens has no rule for (Sin), probed and built as in the app. */
    @Test
    void unsupportedStandardOpOnThePath() {
        assertFalse(RuleRegistry.standard().supportedOps().contains("Sin"), "Sin has a rule now: pick another op without one");
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 4);
        GraphEditor ed = m.nodes();
        String a = ed.op("Relu").in("x").out();
        String b = ed.op("Sin").in(a).out();
        String c = ed.op("Flatten").in(b).out();
        String d = ed.op("Relu").in(c).out();
        ed.op("Identity").in(d).into("y");
        ModelProto model = m.build("y");
        Map<String, TensorInfo> shapes = ShapeProbe.probe(model, m.inputs());
        UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> new GradientGraphBuilder().build(model, shapes,
                request("y", "x")));
        assertEquals("Sin", e.op());
        assertTrue(e.getMessage().contains("Unsupported op Sin at node '" + nodeOf(model, "Sin").getName() + "' (node 2 of 5"),
                e.getMessage());
        // a layer after the Sin is fine
        assertDoesNotThrow(() -> new GradientGraphBuilder().build(model, shapes, request("y", c)));
    }

    // ---- (2) ops not on the path -----------------------------------------------------------------

    /**
     * Unsupported ops after the score, on a dead branch from x, and on a shape branch from x (its result
     * only feeds a Reshape's shape) are not on the path: the build succeeds and the gradient is right.
     */
    @Test
    void unsupportedOpsOffThePathDoNotMatter() {
        long[] shape = {1, 3, 4};
        TinyModel m = TinyModel.opset(13).input("x", shape).initializer("c", mixed(12), 1, 12);
        GraphEditor ed = m.nodes();
        String r = ed.op("Relu").in("x").out();
        // a shape branch through an op without a rule: Sin(x) → Shape → Reshape's shape of r (= [1, 3, 4] → [1, 12] below)
        String sinShape = ed.op("Shape").in(ed.op("Sin").in("x").out()).out();
        String same = ed.op("Reshape").in(r, sinShape).out();
        // a dead branch: Cos(x), used by nothing
        ed.op("Cos").in("x").out();
        String flat = ed.op("Flatten").in(same).out();
        ed.op("Mul").in(flat, "c").into("y");
        // after the score: Erf(y), an output nobody differentiates
        ed.op("Erf").in("y").out();
        GradientCheck.of(m, "y").values("x", GradientCheck.spaced(12, 0.1)).check("x");
    }

    /** An unsupported op before the wanted layer: only the part after the layer is differentiated. */
    @Test
    void unsupportedOpBeforeTheLayerDoesNotMatter() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 6).initializer("c", mixed(6), 1, 6);
        GraphEditor ed = m.nodes();
        String t = ed.op("Sin").in("x").out();
        String r = ed.op("Relu").in(t).out();
        ed.op("Mul").in(r, "c").into("y");
        ModelProto model = m.build("y");
        Map<String, TensorInfo> shapes = ShapeProbe.probe(model, m.inputs());
        ModelProto built = new GradientGraphBuilder().build(model, shapes, new GradientRequest("y", "seed",
                List.of(new GradientRequest.Wanted(t, RectifierPolicy.STANDARD, "g")), List.of(t)));
        float[] x = {0.3f, -0.7f, 1.2f, -2.0f, 2.5f, 0.9f};
        float[] seed = {1, 2, -3, 4, -5, 6};
        Map<String, float[]> out = run(built, Map.of("x", x), Map.of("x", new long[] {1, 6}), seed, new long[] {1, 6});
        float[] c = mixed(6), sin = out.get(t), g = out.get("g");
        for (int i = 0; i < 6; i++) assertEquals(sin[i] > 0 ? seed[i] * c[i] : 0f, g[i], 1e-6, "element " + i);
    }

    // ---- (3) a shape-only subgraph ---------------------------------------------------------------

    /**
     * x.view(x.size(0), -1) as PyTorch exports it: Shape → Gather → Unsqueeze → Concat → Reshape. The
     * integer subgraph needs no gradient (Gather has no rule at all), and the gradient through the Reshape is right.
     */
    @ParameterizedTest(name = "opset {0}")
    @ValueSource(longs = {9, 11, 13})
    void pytorchViewNeedsNoGradientForItsShape(long opset) {
        long[] xs = {1, 2, 3, 4};
        TinyModel m = TinyModel.opset(opset).input("x", xs).initializer("w", mixed(24 * 5), 24, 5)
                .longInitializer("zero", new long[] {0}).longInitializer("minus1", new long[] {-1}, 1);
        GraphEditor ed = m.nodes();
        String r = ed.op("Relu").in("x").out();
        String shape = ed.op("Shape").in(r).out();
        String n = ed.op("Gather").in(shape, "zero").attr("axis", 0L).out();
        String n1 = opset >= 13 ? ed.op("Unsqueeze").in(n, ed.constLongs("axes", new long[] {0}, 1)).out()
                : ed.op("Unsqueeze").in(n).attr("axes", new long[] {0}).out();
        String target = ed.op("Concat").in(n1, "minus1").attr("axis", 0L).out();
        String viewed = ed.op("Reshape").in(r, target).out();
        ed.op("Gemm").in(viewed, "w", ed.constFloats("b", new float[5], 5)).into("y");
        GradientCheck check = GradientCheck.of(m, "y").values("x", GradientCheck.spaced(24, 0.1));
        check.check("x");
        // the shape tensors are not on the path
        Set<String> path = new GradientGraphBuilder().pathTensors(m.build("y"), check.shapes(), Set.of("x"), "y");
        assertTrue(path.containsAll(Set.of("x", r, viewed, "y")), path.toString());
        for (String s : new String[] {shape, n, n1, target}) assertFalse(path.contains(s), s + " is not on the path");
    }

    // ---- (4) several consumers -------------------------------------------------------------------

    /** y = x·x + Relu(x) + x·c: x's gradient is the sum of four contributions (Mul gives two). */
    @Test
    void tensorWithSeveralConsumersGetsTheSum() {
        long[] xs = {1, 2, 3, 3};
        TinyModel m = TinyModel.opset(13).input("x", xs).initializer("c", mixed(18), xs);
        GraphEditor ed = m.nodes();
        String sq = ed.op("Mul").in("x", "x").out();
        String relu = ed.op("Relu").in("x").out();
        String lin = ed.op("Mul").in("x", "c").out();
        ed.op("Add").in(ed.op("Add").in(sq, relu).out(), lin).into("y");
        GradientCheck.of(m, "y").values("x", GradientCheck.spaced(18, 0.1)).check("x");
    }

    /** A layer whose output feeds two branches that meet again (a residual block). */
    @Test
    void residualBranchesAddUp() {
        long[] xs = {1, 2, 5, 5};
        TinyModel m = TinyModel.opset(13).input("x", xs).initializer("w", mixed(2 * 2 * 9), 2, 2, 3, 3);
        GraphEditor ed = m.nodes();
        String a = ed.op("Relu").in("x").out();
        String conv = ed.op("Conv").in(a, "w").attr("pads", new long[] {1, 1, 1, 1}).out();
        String sum = ed.op("Add").in(ed.op("Relu").in(conv).out(), a).out();
        ed.op("GlobalAveragePool").in(sum).into("y");
        GradientCheck.of(m, "y").values("x", GradientCheck.spaced(50, 0.1)).check("x");
    }

    // ---- (5) the seed batch ----------------------------------------------------------------------

    /**
     * Two seeds over a forward batch of 1 give a gradient of shape [2, C, H, W] whose row s is the
     * gradient for seed s alone; a forward batch of 2 (symbolic batch axis) gives row s for sample s.
     */
    @Test
    void seedBatchGivesOneRowPerSeed() {
        ModelProto model = smallCnn();
        Map<String, TensorInfo> shapes = ShapeProbe.probe(model, Map.of("x", new long[] {1, 2, 8, 8}));
        ModelProto built = new GradientGraphBuilder().build(model, shapes, request("y", "x"));
        Random rnd = new Random(3);
        float[] x0 = gaussian(rnd, 128), x1 = gaussian(rnd, 128), seeds = gaussian(rnd, 2 * 5);
        float[] seed0 = java.util.Arrays.copyOfRange(seeds, 0, 5), seed1 = java.util.Arrays.copyOfRange(seeds, 5, 10);

        Result both = runShaped(built, Map.of("x", x0), Map.of("x", new long[] {1, 2, 8, 8}), seeds, new long[] {2, 5}).get("grad");
        assertArrayEquals(new long[] {2, 2, 8, 8}, both.shape());
        float[] row0 = run(built, Map.of("x", x0), Map.of("x", new long[] {1, 2, 8, 8}), seed0, new long[] {1, 5}).get("grad");
        float[] row1 = run(built, Map.of("x", x0), Map.of("x", new long[] {1, 2, 8, 8}), seed1, new long[] {1, 5}).get("grad");
        assertArrayEquals(row0, java.util.Arrays.copyOfRange(both.values(), 0, 128), 1e-5f);
        assertArrayEquals(row1, java.util.Arrays.copyOfRange(both.values(), 128, 256), 1e-5f);
        assertFalse(java.util.Arrays.equals(row0, row1), "the two seeds differ");

        // forward batch 2 = seed count: row s is sample s with seed s
        float[] xs = new float[256];
        System.arraycopy(x0, 0, xs, 0, 128);
        System.arraycopy(x1, 0, xs, 128, 128);
        Result paired = runShaped(built, Map.of("x", xs), Map.of("x", new long[] {2, 2, 8, 8}), seeds, new long[] {2, 5}).get("grad");
        assertArrayEquals(new long[] {2, 2, 8, 8}, paired.shape());
        float[] sample1 = run(built, Map.of("x", x1), Map.of("x", new long[] {1, 2, 8, 8}), seed1, new long[] {1, 5}).get("grad");
        assertArrayEquals(row0, java.util.Arrays.copyOfRange(paired.values(), 0, 128), 1e-5f);
        assertArrayEquals(sample1, java.util.Arrays.copyOfRange(paired.values(), 128, 256), 1e-5f);
    }

    /** Conv → Relu → MaxPool(k3 s2 p1) → Conv → Relu → GlobalAveragePool → Flatten → Gemm, batch axis symbolic. */
    private static ModelProto smallCnn() {
        TinyModel m = TinyModel.opset(13).initializer("w1", mixed(4 * 2 * 9), 4, 2, 3, 3).initializer("w2", mixed(3 * 4 * 9), 3, 4, 3, 3)
                .initializer("fc", mixed(3 * 5), 5, 3).initializer("fcb", mixed(5), 5);
        GraphEditor ed = m.nodes();
        ed.addFloatInput("x", "N", 2L, 8L, 8L);
        String a = ed.op("Relu").in(ed.op("Conv").in("x", "w1").attr("pads", new long[] {1, 1, 1, 1}).out()).out();
        String p = ed.op("MaxPool").in(a).attr("kernel_shape", new long[] {3, 3}).attr("strides", new long[] {2, 2})
                .attr("pads", new long[] {1, 1, 1, 1}).out();
        String b = ed.op("Relu").in(ed.op("Conv").in(p, "w2").attr("pads", new long[] {1, 1, 1, 1}).out()).out();
        String f = ed.op("Flatten").in(ed.op("GlobalAveragePool").in(b).out()).out();
        ed.op("Gemm").in(f, "fc", "fcb").attr("transB", 1L).into("y");
        return m.build("y");
    }

    // ---- several policies in one graph -----------------------------------------------------------

    /**
     * The three policies and a layer gradient in one graph (one chain each, sharing the forward masks)
     * give what separate graphs give.
     */
    @Test
    void policiesInOneGraphMatchSeparateGraphs() {
        long[] xs = {1, 2, 4, 4};
        TinyModel m = TinyModel.opset(13).input("x", xs).initializer("c", mixed(32), xs)
                .initializer("six", new float[] {6f}).initializer("zero", new float[] {0f});
        GraphEditor ed = m.nodes();
        String r = ed.op("Relu").in("x").out();
        String layer = ed.op("Mul").in(r, "c").out();
        String clip = ed.op("Clip").in(layer, "zero", "six").out();
        ed.op("Mul").in(clip, "c").into("y");
        ModelProto model = m.build("y");
        Map<String, TensorInfo> shapes = ShapeProbe.probe(model, m.inputs());
        List<GradientRequest.Wanted> all = List.of(new GradientRequest.Wanted(layer, RectifierPolicy.STANDARD, "layer"),
                new GradientRequest.Wanted("x", RectifierPolicy.STANDARD, "standard"),
                new GradientRequest.Wanted("x", RectifierPolicy.GUIDED, "guided"),
                new GradientRequest.Wanted("x", RectifierPolicy.DECONVNET, "deconvnet"));
        ModelProto together = new GradientGraphBuilder().build(model, shapes, new GradientRequest("y", "seed", all, List.of("y")));
        float[] x = new float[32];
        for (int i = 0; i < 32; i++) x[i] = (i - 15.5f) * 0.5f;
        Random rnd = new Random(8);
        float[] seeds = gaussian(rnd, 64);
        Map<String, float[]> joint = run(together, Map.of("x", x), Map.of("x", xs), seeds, new long[] {2, 2, 4, 4});
        for (GradientRequest.Wanted w : all) {
            ModelProto alone = new GradientGraphBuilder().build(model, shapes, new GradientRequest("y", "seed", List.of(w), List.of("y")));
            float[] single = run(alone, Map.of("x", x), Map.of("x", xs), seeds, new long[] {2, 2, 4, 4}).get(w.outputName());
            assertArrayEquals(single, joint.get(w.outputName()), 1e-6f, w.outputName());
        }
        assertFalse(java.util.Arrays.equals(joint.get("standard"), joint.get("guided")), "guided differs from standard here");
        assertFalse(java.util.Arrays.equals(joint.get("guided"), joint.get("deconvnet")), "deconvnet differs from guided here");
    }

    /** A wanted tensor the score does not depend on is refused by name. */
    @Test
    void tensorOffThePathIsRefused() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 4).input("z", 1, 4);
        GraphEditor ed = m.nodes();
        ed.op("Relu").in("x").into("y");
        ed.op("Relu").in("z").out();
        ModelProto model = m.build("y");
        Map<String, TensorInfo> shapes = ShapeProbe.probe(model, m.inputs());
        GradLensException e = assertThrows(GradLensException.class, () -> new GradientGraphBuilder().build(model, shapes, request("y", "z")));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("does not influence"), e.getMessage());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static GradientRequest request(String score, String wrt) {
        return new GradientRequest(score, "seed", List.of(new GradientRequest.Wanted(wrt, RectifierPolicy.STANDARD, "grad")), List.of(score));
    }

    private static NodeProto nodeOf(ModelProto model, String opType) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).findFirst().orElseThrow();
    }

    /** Alternating signs, magnitudes 0.5 to 1.5. */
    private static float[] mixed(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (i % 2 == 0 ? 1 : -1) * (0.5f + (i * 0.37f) % 1f);
        return v;
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rnd.nextGaussian();
        return v;
    }

    record Result(float[] values, long[] shape) {
    }

    private static Map<String, float[]> run(ModelProto m, Map<String, float[]> inputs, Map<String, long[]> shapes, float[] seed, long[] seedShape) {
        Map<String, float[]> out = new HashMap<>();
        runShaped(m, inputs, shapes, seed, seedShape).forEach((k, v) -> out.put(k, v.values()));
        return out;
    }

    private static Map<String, Result> runShaped(ModelProto m, Map<String, float[]> inputs, Map<String, long[]> shapes, float[] seed,
                                                 long[] seedShape) {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtRuntime.Session s = OrtRuntime.createSession(m.toByteArray(), Device.CPU)) {
            for (var e : inputs.entrySet()) feeds.put(e.getKey(), OrtRuntime.tensor(e.getValue(), shapes.get(e.getKey())));
            feeds.put("seed", OrtRuntime.tensor(seed, seedShape));
            try (OrtSession.Result r = s.ort().run(feeds)) {
                Map<String, Result> out = new HashMap<>();
                for (var e : r) {
                    OnnxTensor t = (OnnxTensor) e.getValue();
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] a = new float[fb.remaining()];
                    fb.get(a);
                    out.put(e.getKey(), new Result(a, t.getInfo().getShape()));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }
}
