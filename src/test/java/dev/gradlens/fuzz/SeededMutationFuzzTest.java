package dev.gradlens.fuzz;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.imaging.LoadedImage;
import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Device;
import dev.gradlens.service.ModelSession;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 5: seeded mutations (bit flips, truncations, changed length fields) of five ONNX
 * files and five images. Every case must end in a result or a one-line {@link GradLensException},
 * never another exception, a crash of the JVM or a hang (each case has a time limit). A failure
 * names its seed, so it replays exactly.
 */
class SeededMutationFuzzTest {
    static final long SEED = 20261204L;
    static final int CASES_PER_MODEL = 120;
    static final int CASES_PER_IMAGE = 400;
    static final long CASE_TIMEOUT_S = 30;

    @TempDir
    static Path dir;
    static ExecutorService worker;
    static final Map<String, byte[]> models = new LinkedHashMap<>();
    static final Map<String, byte[]> images = new LinkedHashMap<>();

    @BeforeAll
    static void inputs() throws Exception {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        models.put("tiny-cnn.onnx", Files.readAllBytes(TinyClassifier.write(dir.resolve("tiny"))));
        models.put("scenes-clean.onnx", Files.readAllBytes(Path.of("models/scenes-clean.onnx")));
        models.put("pool-softmax.onnx", poolSoftmax());
        models.put("vector.onnx", vector());
        models.put("identity.onnx", identity());

        int w = 61, h = 47;
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) px[i] = 0xFF000000 | ((i * 13) & 0xFF) << 16 | ((i / w * 5) & 0xFF) << 8 | ((i * 7) & 0xFF);
        RgbImage img = new RgbImage(w, h, px);
        images.put("photo.png", PngIO.encode(img));
        images.put("photo.jpg", encode(img, "jpg"));
        images.put("photo.bmp", encode(img, "bmp"));
        images.put("photo.gif", encode(img, "gif"));
        try (var in = SeededMutationFuzzTest.class.getClassLoader().getResourceAsStream("dev/gradlens/samples/single-000000.png")) {
            images.put("scene.png", in.readAllBytes());
        }
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    @Test
    void mutatedModelsEndInAResultOrOneLineError() throws Exception {
        Random rnd = new Random(SEED);
        float[] outcomes = new float[2];
        List<String> problems = new ArrayList<>();
        for (var e : models.entrySet()) {
            int cases = e.getKey().startsWith("scenes") ? CASES_PER_MODEL / 4 : CASES_PER_MODEL;
            for (int i = 0; i < cases; i++) {
                long seed = rnd.nextLong();
                byte[] mutated = Mutations.mutate(e.getValue(), new Random(seed), Mutations.Format.PROTOBUF);
                Path file = dir.resolve("case.onnx");
                Files.write(file, mutated);
                String what = e.getKey() + " seed " + seed;
                runCase(what, () -> {
                    try (ModelSession s = ModelSession.open(file, null, null, Device.CPU)) {
                        float[] x = new float[s.analysis().input().valuesPerImage()];
                        for (int j = 0; j < x.length; j++) x[j] = (float) Math.sin(j * 0.1);
                        Explainer ex = new Explainer(s.explainable());
                        int top = dev.gradlens.tensor.Ranking.argmax(ex.forward(x).data());
                        ex.explain(x, List.of(Target.of(top)), s.defaultLayer(), Set.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP), Cancellation.NONE);
                    }
                }, outcomes, problems);
            }
        }
        report("models", outcomes, problems);
    }

    @Test
    void mutatedImagesEndInAnImageOrOneLineError() throws Exception {
        Random rnd = new Random(SEED + 1);
        float[] outcomes = new float[2];
        List<String> problems = new ArrayList<>();
        for (var e : images.entrySet()) {
            Mutations.Format format = e.getKey().endsWith(".png") ? Mutations.Format.PNG
                    : e.getKey().endsWith(".jpg") ? Mutations.Format.JPEG : Mutations.Format.RAW;
            for (int i = 0; i < CASES_PER_IMAGE; i++) {
                long seed = rnd.nextLong();
                byte[] mutated = Mutations.mutate(e.getValue(), new Random(seed), format);
                String what = e.getKey() + " seed " + seed;
                runCase(what, () -> {
                    LoadedImage li = new ImageLoader().load(mutated, e.getKey());
                    RgbImage im = li.image();
                    if (im.width() < 1 || im.height() < 1 || im.argb().length != im.width() * im.height()) {
                        throw new AssertionError("inconsistent image " + im.width() + "×" + im.height());
                    }
                }, outcomes, problems);
            }
        }
        report("images", outcomes, problems);
    }

    interface Case {
        void run() throws Exception;
    }

    private static void runCase(String what, Case c, float[] outcomes, List<String> problems) throws InterruptedException {
        Future<?> f = worker.submit(() -> {
            c.run();
            return null;
        });
        try {
            f.get(CASE_TIMEOUT_S, TimeUnit.SECONDS);
            outcomes[0]++;
        } catch (TimeoutException hang) {
            f.cancel(true);
            problems.add(what + ": no answer within " + CASE_TIMEOUT_S + " s");
        } catch (java.util.concurrent.ExecutionException ex) {
            Throwable t = ex.getCause();
            if (t instanceof GradLensException g && g.getMessage() != null && !g.getMessage().isBlank()
                    && !g.getMessage().contains("\n") && !g.getMessage().contains("Exception")) {
                outcomes[1]++;
            } else {
                problems.add(what + ": " + t);
            }
        }
    }

    private static void report(String kind, float[] outcomes, List<String> problems) {
        System.out.printf("fuzz %s: %.0f results, %.0f one-line errors, %d problems%n", kind, outcomes[0], outcomes[1], problems.size());
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())), problems.size() + " cases misbehaved");
        assertTrue(outcomes[0] > 0 && outcomes[1] > 0, "both outcomes occur (the mutations are neither all harmless nor all fatal)");
    }

    private static byte[] encode(RgbImage img, String format) throws Exception {
        BufferedImage bi = PngIO.toBufferedImage(img);
        if (format.equals("gif")) {
            BufferedImage indexed = new BufferedImage(bi.getWidth(), bi.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
            indexed.getGraphics().drawImage(bi, 0, 0, null);
            bi = indexed;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(bi, format, out), format);
        return out.toByteArray();
    }

    /** [1,3,16,16] → Conv → Relu → MaxPool → GAP → Flatten → Gemm → Softmax. */
    private static byte[] poolSoftmax() {
        Random r = new Random(9);
        float[] w = new float[6 * 3 * 9], head = new float[5 * 6];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        for (int i = 0; i < head.length; i++) head[i] = (float) r.nextGaussian();
        TinyModel m = TinyModel.opset(13).input("input", 1, 3, 16, 16).initializer("w", w, 6, 3, 3, 3).initializer("W", head, 5, 6);
        m.nodes().op("Conv").in("input", "w").attr("kernel_shape", new long[] {3, 3}).attr("pads", new long[] {1, 1, 1, 1}).into("c");
        m.nodes().op("Relu").in("c").into("r");
        m.nodes().op("MaxPool").in("r").attr("kernel_shape", new long[] {2, 2}).attr("strides", new long[] {2, 2}).into("p");
        m.nodes().op("GlobalAveragePool").in("p").into("g");
        m.nodes().op("Flatten").in("g").attr("axis", 1L).into("f");
        m.nodes().op("Gemm").in("f", "W").attr("transB", 1L).into("logits");
        m.nodes().op("Softmax").in("logits").attr("axis", 1L).into("probs");
        return m.build("probs").toByteArray();
    }

    private static byte[] vector() {
        TinyModel m = TinyModel.opset(13).input("features", 1, 6).initializer("W", new float[24], 6, 4);
        m.nodes().op("MatMul").in("features", "W").into("logits");
        return m.build("logits").toByteArray();
    }

    private static byte[] identity() {
        TinyModel m = TinyModel.opset(13).input("x", 1, 3, 8, 8);
        m.nodes().op("Relu").in("x").into("y");
        return m.build("y").toByteArray();
    }
}
