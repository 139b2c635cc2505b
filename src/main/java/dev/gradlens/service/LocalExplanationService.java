package dev.gradlens.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.DisplayMaps;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.Explanation;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Softmax;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.RegionView;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Device;
import dev.gradlens.inference.PreparedInput;
import dev.gradlens.inference.ModelDescriptorReader;
import dev.gradlens.inference.Preprocessing;

import dev.gradlens.metrics.FaithfulnessScorer;
import dev.gradlens.metrics.PanelScore;
import dev.gradlens.metrics.SaliencyMap;
import dev.gradlens.metrics.sanity.SanityCheck;
import dev.gradlens.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The engine behind the window: one open model at a time, its Explainer, and a cache of the last
 * image's preprocessing and forward pass, so switching class or counterfactual only runs the
 * gradient session. Methods are synchronized: the window's executor may call from several threads,
 * and the last request wins there, not here.
 */
public final class LocalExplanationService implements ExplanationService {
    /** Longer side of the picture panels are drawn on. */
    public static final int VIEW_MAX_SIDE = 640;

    private final Device device;
    private final PreprocessingMemory memory;
    private ModelSession session;
    private Explainer explainer;
    private ModelInfo info;
    private CachedInput cached;

    private record CachedInput(RgbImage image, ModelSession session, PreparedInput prepared, RgbImage view, Prediction prediction) {
    }

    public LocalExplanationService(Device device) {
        this(device, PreprocessingMemory.forUser());
    }

    public LocalExplanationService(Device device, PreprocessingMemory memory) {
        this.device = device;
        this.memory = memory;
    }

    @Override
    public synchronized ModelInfo openDefaultModel() {
        return install(ModelSession.open(EmbeddedModels.extract(EmbeddedModels.DEFAULT), null, null, device));
    }

    @Override
    public List<String> embeddedModels() {
        return EmbeddedModels.NAMES;
    }

    @Override
    public synchronized ModelInfo openEmbeddedModel(String name) {
        if (!EmbeddedModels.NAMES.contains(name)) throw new GradLensException("No embedded model named '" + name + "' (have " + EmbeddedModels.NAMES + ")");
        return install(ModelSession.open(EmbeddedModels.extract(name), null, null, device));
    }

    @Override
    public synchronized ModelInfo openModel(Path onnx) {
        // A descriptor beside the file wins; only a bare .onnx uses the user's remembered choice.
        // Decided before opening, so the model is analysed (probe run, sessions) once.
        boolean bare = java.nio.file.Files.isRegularFile(onnx) && ModelDescriptorReader.find(onnx).isEmpty();
        Preprocessing remembered = bare ? memory.recall(onnx).orElse(null) : null;
        return install(ModelSession.open(onnx, remembered, null, device));
    }

    @Override
    public synchronized ModelInfo openModel(Path onnx, Preprocessing preprocessing) {
        ModelSession s = ModelSession.open(onnx, preprocessing, null, device);
        memory.remember(onnx, s.preprocessing());
        return install(s);
    }

    /** Replaces the open model only once the new one has opened. */
    private ModelInfo install(ModelSession s) {
        if (session != null) session.close();
        session = s;
        explainer = new Explainer(s.explainable());
        info = s.info();
        cached = null;
        return info;
    }

    @Override
    public synchronized ModelInfo model() {
        return info;
    }

    private ModelSession requireModel() {
        if (session == null) throw new GradLensException("No model is open");
        return session;
    }

    @Override
    public synchronized Prediction predict(RgbImage image) {
        return input(image).prediction();
    }

    private CachedInput input(RgbImage image) {
        ModelSession s = requireModel();
        if (cached != null && cached.image() == image && cached.session() == s) return cached;
        PreparedInput p = s.prepare(image);
        float[] scores = explainer.forward(p.tensor().data()).data();
        float[] probs = Softmax.probabilities(scores);
        List<ClassScore> ranked = new ArrayList<>();
        for (int i = 0; i < probs.length; i++) ranked.add(new ClassScore(i, s.label(i), probs[i], scores[i]));
        ranked.sort(Comparator.comparingDouble((ClassScore c) -> c.probability()).reversed());
        cached = new CachedInput(image, s, p, RegionView.of(image, p.region(), VIEW_MAX_SIDE), new Prediction(List.copyOf(ranked)));
        return cached;
    }

    @Override
    public synchronized PanelSet explain(RgbImage image, ExplainRequest request, Cancellation cancel) {
        ModelSession s = requireModel();
        CachedInput in = input(image);
        if (request.classIndex() < 0 || request.classIndex() >= s.analysis().classes()) {
            throw new GradLensException("Class " + request.classIndex() + " is out of range (0–" + (s.analysis().classes() - 1) + ")");
        }
        String layer = s.layerOrDefault(request.layer());
        Target target = new Target(request.classIndex(), request.counterfactual());
        ExplanationSet set = explainer.explain(in.prepared().tensor().data(), List.of(target), layer,
                new LinkedHashSet<>(request.methods()), cancel);
        ClassScore cs = in.prediction().of(request.classIndex());
        RgbImage view = in.view();
        List<Panel> panels = new ArrayList<>();
        for (MethodId m : request.methods()) {
            Explanation e = set.get(m, m.targetFor(target));
            if (e == null) continue;
            DisplayMaps.DisplayMap d = DisplayMaps.of(m, e.raw(), view.height(), view.width());
            panels.add(new Panel(m, cs.index(), e.target().counterfactual(), layer, e.raw(), d.values(), d.channels(), d.width(), d.height(),
                    d.flat(), caption(m, cs, e.target().counterfactual(), layer, d.flat())));
        }
        return new PanelSet(view, List.copyOf(panels), cs, layer, request.counterfactual(), Map.copyOf(set.timings()));
    }

    @Override
    public synchronized PanelScore score(RgbImage image, Panel panel, Cancellation cancel) {
        ModelSession s = requireModel();
        if (panel.raw() == null) throw new GradLensException("This panel has no map to score");
        CachedInput in = input(image);
        cancel.check();
        // the panel's own map and class, on the input tensor its map was computed from
        FaithfulnessScorer.Scores r = new FaithfulnessScorer(s.explainable(), s.preprocessing())
                .score(in.prepared().tensor().data(), panel.classIndex(), List.of(SaliencyMap.of(panel.raw())), PanelScore.METRICS);
        return PanelScore.of(r.score(), r.readout(), r.perMap().get(0));
    }

    @Override
    public SanityRun sanityCheck(RgbImage image, SanityRequest request, Cancellation cancel, IntConsumer stepsDone) {
        if (request.methods().isEmpty()) throw new GradLensException("Choose at least one method for the sanity check");
        for (MethodId m : request.methods()) {
            if (m == MethodId.SCORECAM || m == MethodId.SMOOTHGRAD)
                throw new GradLensException("The sanity check runs the gradient methods; " + m.title() + " is not supported there");
        }
        ModelSession s;
        float[] x;
        String layer;
        Map<MethodId, Tensor> original = new EnumMap<>(MethodId.class);
        SanityCheck check;
        // the original maps under the lock (they use this service's explainer); the randomised models
        // are sessions of their own, so the long part runs without holding it
        synchronized (this) {
            s = requireModel();
            CachedInput in = input(image);
            int k = s.analysis().classes();
            if (request.classIndex() < 0 || request.classIndex() >= k)
                throw new GradLensException("Class " + request.classIndex() + " is out of range (0–" + (k - 1) + ")");
            layer = s.layerOrDefault(request.layer());
            x = in.prepared().tensor().data();
            Target t = Target.of(request.classIndex());
            ExplanationSet set = explainer.explain(x, List.of(t), layer, new LinkedHashSet<>(request.methods()), cancel);
            for (MethodId m : request.methods()) original.put(m, set.get(m, m.targetFor(t)).raw());
            check = new SanityCheck(s.analysis(), s.explainable().device(), request.seed(), request.steps());
        }
        SanityCheck.Result r = check.run(x, request.classIndex(), layer, request.methods(), original, request.independent(), cancel, stepsDone);
        return new SanityRun(r, check.judgedStep(), layer, s.label(request.classIndex()));
    }

    static String caption(MethodId m, ClassScore c, boolean counterfactual, String layer, boolean flat) {
        String title = counterfactual && !m.title().startsWith("Counterfactual") ? "Counterfactual " + m.title() : m.title();
        return title + " · " + c.label() + " (" + c.index() + ") · p=" + String.format(java.util.Locale.ROOT, "%.3f", c.probability())
                + " · " + shortLayer(layer) + (flat ? " · no evidence (flat map)" : "");
    }

    /** "/layer4/layer4.1/relu_1/Relu_output_0" → "layer4/layer4.1/relu_1". */
    static String shortLayer(String layer) {
        String s = layer.startsWith("/") ? layer.substring(1) : layer;
        int i = s.lastIndexOf('/');
        return i > 0 && s.substring(i + 1).contains("_output_") ? s.substring(0, i) : s;
    }

    @Override
    public List<SampleImage> samples() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/gradlens/samples/index.json")) {
            if (in == null) return List.of();
            JsonNode root = new ObjectMapper().readTree(in);
            JsonNode list = root.isArray() ? root : root.path("samples");
            List<SampleImage> out = new ArrayList<>();
            for (JsonNode n : list) {
                String file = n.path("image").asText(n.path("file").asText(""));
                if (file.isEmpty()) continue;
                out.add(new SampleImage(n.path("title").asText(file), "dev/gradlens/samples/" + file));
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public synchronized void close() {
        if (session != null) session.close();
        session = null;
    }
}
