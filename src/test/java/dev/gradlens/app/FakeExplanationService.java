package dev.gradlens.app;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.MethodId;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.LayerCandidate;
import dev.gradlens.inference.Layout;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.service.ClassScore;
import dev.gradlens.service.ExplainRequest;
import dev.gradlens.service.ExplanationService;
import dev.gradlens.service.ModelInfo;
import dev.gradlens.service.Panel;
import dev.gradlens.service.PanelSet;
import dev.gradlens.service.Prediction;
import dev.gradlens.service.SampleImage;
import dev.gradlens.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A synthetic engine for the window's tests: 1000 ImageNet-like labels, a fixed ranking (tabby
 * first), and panels whose pixels depend on class, layer and counterfactual so changes are visible.
 * Records every call; can be told to fail the next call.
 */
public final class FakeExplanationService implements ExplanationService {
    public static final int CLASSES = 1000;
    public static final String SAMPLE_RESOURCE = "dev/gradlens/app/test-cat.png";
    public static final int[] TOP = {281, 282, 285, 283, 207, 208, 291, 340};
    private static final float[] TOP_P = {0.55f, 0.2f, 0.08f, 0.05f, 0.03f, 0.02f, 0.015f, 0.01f};

    public final List<ExplainRequest> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<String> modelCalls = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger explainCalls = new AtomicInteger();
    public final AtomicInteger predictCalls = new AtomicInteger();
    public final List<Cancellation> cancellations = Collections.synchronizedList(new ArrayList<>());
    private volatile String failNextExplain;
    private volatile long explainDelayMillis;
    private volatile String failNextPredict;
    private volatile String failNextModel;
    private volatile boolean guessedOnOpen = true;
    private volatile String deviceNote;
    private volatile ModelInfo model;
    private final List<String> labels = labels();

    public static List<String> labels() {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < CLASSES; i++) l.add("class " + i);
        l.set(0, "tench, Tinca tinca");
        l.set(1, "goldfish, Carassius auratus");
        l.set(207, "golden retriever");
        l.set(208, "Labrador retriever");
        l.set(281, "tabby, tabby cat");
        l.set(282, "tiger cat");
        l.set(283, "Persian cat");
        l.set(285, "Egyptian cat");
        l.set(291, "lion, king of beasts, Panthera leo");
        l.set(340, "zebra");
        l.set(386, "African elephant, Loxodonta africana");
        l.set(948, "Granny Smith");
        return List.copyOf(l);
    }

    public void failNextExplain(String message) {
        failNextExplain = message;
    }

    /** Makes explain take this long (polling its Cancellation), to exercise progress and cancel. */
    public void setExplainDelay(long millis) {
        explainDelayMillis = millis;
    }

    public void failNextPredict(String message) {
        failNextPredict = message;
    }

    public void failNextModel(String message) {
        failNextModel = message;
    }

    public void setGuessedOnOpen(boolean guessed) {
        guessedOnOpen = guessed;
    }

    public void setDeviceNote(String note) {
        deviceNote = note;
    }

    public ExplainRequest lastRequest() {
        synchronized (requests) {
            return requests.isEmpty() ? null : requests.get(requests.size() - 1);
        }
    }

    private ModelInfo info(String name, Path file, Preprocessing p, boolean guessed) {
        List<LayerCandidate> layers = List.of(
                new LayerCandidate("layer2", new int[] {1, 128, 28, 28}, "Relu", "relu_12", 12),
                new LayerCandidate("layer3", new int[] {1, 256, 14, 14}, "Relu", "relu_20", 20),
                new LayerCandidate("layer4", new int[] {1, 512, 7, 7}, "Relu", "relu_28", 28));
        return new ModelInfo(name, file, p, guessed, Device.CPU, deviceNote, "layer4", layers,
                labels, null, List.of());
    }

    @Override
    public ModelInfo openDefaultModel() {
        modelCalls.add("default");
        checkFail();
        model = info("fake-resnet", Path.of("fake-resnet.onnx"), Preprocessing.imagenet(224, 224, Layout.NCHW, 3), false);
        return model;
    }

    @Override
    public ModelInfo openModel(Path onnx) {
        modelCalls.add("open " + onnx.getFileName());
        checkFail();
        model = info(onnx.getFileName().toString(), onnx, Preprocessing.imagenet(224, 224, Layout.NCHW, 3), guessedOnOpen);
        return model;
    }

    @Override
    public ModelInfo openModel(Path onnx, Preprocessing preprocessing) {
        modelCalls.add("open " + onnx.getFileName() + " with " + preprocessing.width() + "x" + preprocessing.height());
        checkFail();
        model = info(onnx.getFileName().toString(), onnx, preprocessing, false);
        return model;
    }

    private void checkFail() {
        String f = failNextModel;
        if (f != null) {
            failNextModel = null;
            throw new GradLensException(f);
        }
    }

    @Override
    public ModelInfo model() {
        return model;
    }

    public static Prediction prediction() {
        List<String> labels = labels();
        List<ClassScore> ranked = new ArrayList<>();
        boolean[] used = new boolean[CLASSES];
        float rest = 1f;
        for (int i = 0; i < TOP.length; i++) {
            ranked.add(new ClassScore(TOP[i], labels.get(TOP[i]), TOP_P[i], 10f - i));
            used[TOP[i]] = true;
            rest -= TOP_P[i];
        }
        float each = rest / (CLASSES - TOP.length);
        int n = 0;
        for (int i = 0; i < CLASSES; i++) {
            if (used[i]) continue;
            float p = each * (1f + 0.5f * (CLASSES - i) / CLASSES) / 1.25f;
            ranked.add(new ClassScore(i, labels.get(i), p, 1f - n++ * 0.001f));
        }
        ranked.sort((a, b) -> Float.compare(b.probability(), a.probability()));
        return new Prediction(List.copyOf(ranked));
    }

    @Override
    public Prediction predict(RgbImage image) {
        predictCalls.incrementAndGet();
        String f = failNextPredict;
        if (f != null) {
            failNextPredict = null;
            throw new GradLensException(f);
        }
        if (model == null) throw new GradLensException("No model is open");
        return prediction();
    }

    @Override
    public PanelSet explain(RgbImage image, ExplainRequest request, Cancellation cancel) {
        explainCalls.incrementAndGet();
        requests.add(request);
        cancellations.add(cancel);
        String f = failNextExplain;
        if (f != null) {
            failNextExplain = null;
            throw new GradLensException(f);
        }
        long until = System.currentTimeMillis() + explainDelayMillis;
        while (System.currentTimeMillis() < until) {
            cancel.check();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted");
            }
        }
        if (request.classIndex() < 0 || request.classIndex() >= CLASSES) {
            throw new GradLensException("Class " + request.classIndex() + " is out of range: the model has " + CLASSES + " classes (0–999)");
        }
        String layer = request.layer() == null ? "layer4" : request.layer();
        int w = image.width(), h = image.height();
        int seed = request.classIndex() * 7 + layer.hashCode() % 13;
        List<Panel> panels = new ArrayList<>();
        for (MethodId m : request.methods()) {
            String caption = m.title() + (request.counterfactual() ? " (counterfactual)" : "") + " · "
                    + labels.get(request.classIndex()) + " (" + request.classIndex() + ") · " + layer;
            if (!m.pixelSpace()) {
                float[] d = new float[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float v = ((x + 2 * y + seed) % w) / (float) (w - 1);
                        d[y * w + x] = request.counterfactual() ? 1f - v : v;
                    }
                }
                Tensor raw = new Tensor(new float[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3});
                panels.add(new Panel(m, request.classIndex(), request.counterfactual(), layer, raw, d, 1, w, h, false, caption));
            } else {
                int pw = 40, ph = 30, n = pw * ph;
                float[] d = new float[3 * n];
                for (int i = 0; i < n; i++) {
                    d[i] = ((i + seed) % pw) / (float) pw;
                    d[n + i] = 0.5f;
                    d[2 * n + i] = request.counterfactual() ? 0.9f : 0.1f;
                }
                Tensor raw = new Tensor(new float[3 * n], new int[] {3, ph, pw});
                panels.add(new Panel(m, request.classIndex(), request.counterfactual(), layer, raw, d, 3, pw, ph, false, caption));
            }
        }
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("forward+backward", 1.0);
        ClassScore target = prediction().of(request.classIndex());
        return new PanelSet(image, panels, target, layer, request.counterfactual(), timings);
    }

    /** Every panel scored (the Score action), in order. */
    public final List<Panel> scored = Collections.synchronizedList(new ArrayList<>());

    /**
     * A fixed score: Y = 0.8, drop 0.25, no increase, 4-step curves deletion (0.8, 0.3, 0.1, 0.05, 0.0) and
     * insertion (0.1, 0.4, 0.6, 0.75, 0.8) with their trapezoid AUCs 0.2125 and 0.55.
     */
    @Override
    public dev.gradlens.metrics.PanelScore score(RgbImage image, Panel panel, Cancellation cancel) {
        scored.add(panel);
        return new dev.gradlens.metrics.PanelScore(0.8, 0.25, 0.0, new float[] {0.8f, 0.3f, 0.1f, 0.05f, 0f}, 0.2125,
                new float[] {0.1f, 0.4f, 0.6f, 0.75f, 0.8f}, 0.55, null, dev.gradlens.metrics.ScoreReadout.SOFTMAX);
    }

    @Override
    public List<SampleImage> samples() {
        return List.of(new SampleImage("Cat", SAMPLE_RESOURCE), new SampleImage("Missing", "dev/gradlens/app/nope.png"));
    }

    @Override
    public void close() {
    }
}
