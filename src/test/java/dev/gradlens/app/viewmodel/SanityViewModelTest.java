package dev.gradlens.app.viewmodel;

import dev.gradlens.app.TestImages;
import dev.gradlens.app.task.ImmediateTaskExecutor;
import dev.gradlens.app.task.ManualTaskExecutor;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Device;
import dev.gradlens.metrics.sanity.SanityCheck;
import dev.gradlens.metrics.sanity.SanityCheck.Similarity;
import dev.gradlens.metrics.sanity.SanityCheck.Step;
import dev.gradlens.metrics.sanity.SanityCheck.Variant;
import dev.gradlens.metrics.sanity.WeightRandomizer;
import dev.gradlens.service.LocalExplanationService;
import dev.gradlens.service.ModelSession;
import dev.gradlens.service.PreprocessingMemory;
import dev.gradlens.service.SanityRequest;
import dev.gradlens.service.SanityRun;
import dev.gradlens.tensor.Tensor;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Sanity page without a window: a hand-made result (two methods, four layers in two steps, both
 * variants) checks the curves, the variant and measure switches, the grid and the verdict sentence; a
 * fake checker checks progress, cancel and the request; the tiny classifier checks that the page
 * shows exactly what SanityCheck computes for the shown image and class.
 */
class SanityViewModelTest {
    @TempDir
    Path dir;

    private final StatusViewModel status = new StatusViewModel();
    private final RgbImage image = TestImages.gradient(32, 24);
    private final List<Runnable> fx = new ArrayList<>();

    private static Map<MethodId, Similarity> sim(Similarity gradcam, Similarity guided) {
        Map<MethodId, Similarity> m = new EnumMap<>(MethodId.class);
        m.put(MethodId.GRADCAM, gradcam);
        m.put(MethodId.GUIDED_BACKPROP, guided);
        return m;
    }

    private static Map<MethodId, Tensor> maps() {
        Map<MethodId, Tensor> m = new EnumMap<>(MethodId.class);
        m.put(MethodId.GRADCAM, new Tensor(new float[] {0, 1, 2, 3}, new int[] {2, 2}));
        m.put(MethodId.GUIDED_BACKPROP, new Tensor(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, new int[] {3, 2, 2}));
        return m;
    }

    /** Grad-CAM loses its ranking at once (constant at step 2); guided backprop keeps it (fails). */
    static SanityRun handMade() {
        List<Step> steps = List.of(
                new Step(Variant.CASCADING, 0, List.of("fc", "conv3"), sim(new Similarity(0.30, 0.20, 0.10), new Similarity(0.90, 0.95, 0.80)), maps()),
                new Step(Variant.CASCADING, 1, List.of("conv2", "conv1"), sim(new Similarity(null, null, null), new Similarity(0.70, 0.85, 0.60)), maps()),
                new Step(Variant.INDEPENDENT, 0, List.of("fc", "conv3"), sim(new Similarity(0.40, 0.35, 0.30), new Similarity(0.92, 0.96, 0.81)), maps()),
                new Step(Variant.INDEPENDENT, 1, List.of("conv2", "conv1"), sim(new Similarity(0.60, 0.55, 0.50), new Similarity(0.88, 0.90, 0.70)), maps()));
        Map<MethodId, Boolean> failing = new EnumMap<>(MethodId.class);
        failing.put(MethodId.GRADCAM, false);
        failing.put(MethodId.GUIDED_BACKPROP, true);
        List<WeightRandomizer.Layer> layers = List.of(new WeightRandomizer.Layer("fc", "Gemm", "W"), new WeightRandomizer.Layer("conv3", "Conv", "w3"),
                new WeightRandomizer.Layer("conv2", "Conv", "w2"), new WeightRandomizer.Layer("conv1", "Conv", "w1"));
        SanityCheck.Result r = new SanityCheck.Result(3, List.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP), layers, maps(), steps, failing, 1500,
                SanityCheck.Engine.SHARED_SESSION, null);
        return new SanityRun(r, 0, "layer4", "tabby");
    }

    private SanityViewModel vm(SanityViewModel.Checker checker, ManualTaskExecutor ex) {
        return new SanityViewModel(checker, ex, fx::add, status, () -> new SanityViewModel.Subject(image, "cat.png", 3, "layer-x"));
    }

    private static List<Double> values(SanityViewModel.Curve c) {
        return c.points().stream().map(SanityViewModel.Point::value).toList();
    }

    @Test
    void runShowsCurvesGridAndVerdictWithProgressOnTheFxThread() {
        ManualTaskExecutor ex = new ManualTaskExecutor();
        List<SanityRequest> asked = new ArrayList<>();
        SanityViewModel vm = vm((img, req, cancel, done) -> {
            assertTrue(img == image, "the shown image");
            asked.add(req);
            done.accept(1);
            done.accept(2);
            return handMade();
        }, ex);
        vm.run();
        assertTrue(vm.runningProperty().get());
        assertEquals("randomising the weights: step 0 of 10", vm.progressTextProperty().get());
        ex.get(0).run();
        // the chosen defaults, the subject's class and layer, 10 steps, seed 0
        assertEquals(new SanityRequest(3, "layer-x", List.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP, MethodId.VANILLA), 10, false, 0),
                asked.get(0));
        assertEquals(2, fx.size(), "progress is handed to the FX thread, one call per step");
        assertEquals("done in 1.5 s", vm.progressTextProperty().get());
        fx.forEach(Runnable::run); // late progress of the finished run changes nothing
        assertEquals(1.0, vm.progressProperty().get(), 0);
        assertEquals("cat.png · tabby (3) · layer layer4", vm.subjectTextProperty().get());

        assertEquals(2, vm.curves().size());
        // the page listens to these lists: the same (strongly held) view each time, or its listener could be collected
        assertTrue(vm.curves() == vm.curves() && vm.grid() == vm.grid() && vm.gridColumns() == vm.gridColumns() && vm.variants() == vm.variants());
        assertEquals("Grad-CAM", vm.curves().get(0).title());
        assertEquals("Guided backprop (fails)", vm.curves().get(1).title());
        assertEquals(List.of(0, 1, 2), vm.curves().get(0).points().stream().map(SanityViewModel.Point::step).toList());
        assertEquals(java.util.Arrays.asList(1.0, 0.20, null), values(vm.curves().get(0)));
        assertEquals(List.of(1.0, 0.95, 0.85), values(vm.curves().get(1)));
        vm.measureProperty().set(SanityViewModel.Measure.SPEARMAN);
        assertEquals(List.of(1.0, 0.90, 0.70), values(vm.curves().get(1)));
        vm.measureProperty().set(SanityViewModel.Measure.SSIM);
        assertEquals(List.of(1.0, 0.80, 0.60), values(vm.curves().get(1)));

        assertEquals(List.of(Variant.CASCADING, Variant.INDEPENDENT), vm.variants());
        vm.variantProperty().set(Variant.INDEPENDENT);
        assertEquals(List.of(1.0, 0.30, 0.50), values(vm.curves().get(0)));
        vm.measureProperty().set(SanityViewModel.Measure.SPEARMAN_ABS);
        assertEquals(List.of(1.0, 0.35, 0.55), values(vm.curves().get(0)));

        assertEquals(List.of("original", "1: fc, conv3", "2: conv2, conv1"), vm.gridColumns());
        assertEquals(2, vm.grid().size());
        assertEquals(3, vm.grid().get(0).tiles().size());
        assertEquals(SanityViewModel.TILE, vm.grid().get(0).tiles().get(0).width(), "a CAM is drawn at tile size");
        assertEquals(2, vm.grid().get(1).tiles().get(0).width(), "a pixel-space map at its own size");

        assertEquals("After step 1 of 2 (the top 2 of 4 learnable layers randomised), Guided backprop (0.95) fails the check on this model:"
                + " its |map| keeps a Spearman rank correlation of at least 0.5 with the original; Grad-CAM (0.20) passes.", vm.verdictProperty().get());
    }

    @Test
    void verdictWhenNoMethodFails() {
        SanityRun r = handMade();
        Map<MethodId, Boolean> none = new EnumMap<>(MethodId.class);
        none.put(MethodId.GRADCAM, false);
        none.put(MethodId.GUIDED_BACKPROP, false);
        SanityCheck.Result res = r.result();
        SanityRun passing = new SanityRun(new SanityCheck.Result(res.cls(), res.methods(), res.layers(), res.originals(), res.steps(), none,
                res.millis(), res.engine(), res.engineNote()), 1, "layer4", "tabby");
        assertEquals("After step 2 of 2 (the top 4 of 4 learnable layers randomised), no method fails the check on this model: every |map|"
                + " has a Spearman rank correlation below 0.5 with the original (Grad-CAM (constant map), Guided backprop (0.85)).",
                SanityViewModel.verdict(passing));
    }

    @Test
    void cancelDropsTheResultAndNoImageStartsNothing() {
        ManualTaskExecutor ex = new ManualTaskExecutor();
        SanityViewModel vm = vm((img, req, cancel, done) -> handMade(), ex);
        vm.run();
        vm.cancel();
        assertEquals("cancelled", vm.progressTextProperty().get());
        ex.runAll();
        assertNull(vm.resultProperty().get());
        assertEquals("", vm.verdictProperty().get());
        assertTrue(vm.curves().isEmpty());

        SanityViewModel none = new SanityViewModel((img, req, cancel, done) -> handMade(), ex, fx::add, status, () -> null);
        none.run();
        assertTrue(ex.pending().isEmpty());
        assertEquals("Open an image first: the sanity check runs on the shown image and class", status.message());
        vm.chosenProperty(MethodId.GRADCAM).set(false);
        vm.chosenProperty(MethodId.GUIDED_BACKPROP).set(false);
        vm.chosenProperty(MethodId.VANILLA).set(false);
        vm.run();
        assertTrue(ex.pending().isEmpty());
        assertEquals("Choose at least one method for the sanity check", status.message());
    }

    @Test
    void theRealEngineShowsWhatSanityCheckComputes() throws Exception {
        Path onnx = TinyClassifier.write(dir.resolve("model"));
        RgbImage photo = TestImages.gradient(40, 40);
        try (LocalExplanationService service = new LocalExplanationService(Device.CPU, new PreprocessingMemory(dir.resolve("prefs")));
             ModelSession direct = ModelSession.open(onnx, null, null, Device.CPU)) {
            service.openModel(onnx);
            SanityViewModel vm = new SanityViewModel(service::sanityCheck, new ImmediateTaskExecutor(), Runnable::run, status,
                    () -> new SanityViewModel.Subject(photo, "gradient", 1, null));
            vm.stepsProperty().set(3);
            vm.chosenProperty(MethodId.VANILLA).set(false);
            vm.seedProperty().set(7);
            vm.run();
            assertNull(vm.errorProperty().get());
            List<MethodId> ms = List.of(MethodId.GRADCAM, MethodId.GUIDED_BACKPROP);

            float[] x = direct.prepare(photo).tensor().data();
            String layer = direct.layerOrDefault(null);
            ExplanationSet set = new Explainer(direct.explainable()).explain(x, List.of(Target.of(1)), layer, new LinkedHashSet<>(ms), Cancellation.NONE);
            Map<MethodId, Tensor> orig = new EnumMap<>(MethodId.class);
            for (MethodId m : ms) orig.put(m, set.get(m, Target.of(1)).raw());
            SanityCheck check = new SanityCheck(direct.analysis(), Device.CPU, 7, 3);
            SanityCheck.Result ref = check.run(x, 1, layer, ms, orig, false, Cancellation.NONE);

            assertEquals(3, vm.curves().get(0).points().size() - 1, "three steps: the tiny model has three learnable layers");
            for (int i = 0; i < ms.size(); i++) {
                SanityViewModel.Curve c = vm.curves().get(i);
                assertEquals(ms.get(i), c.method());
                assertEquals(ref.failing().get(ms.get(i)), c.fails());
                for (Step st : ref.steps(Variant.CASCADING)) {
                    Double expected = st.similarity().get(ms.get(i)).spearmanAbs();
                    Double shown = c.points().get(st.index() + 1).value();
                    if (expected == null) assertNull(shown);
                    else assertEquals(expected, shown, 1e-9, ms.get(i) + " step " + (st.index() + 1));
                }
            }
            assertEquals(layer, vm.resultProperty().get().layer());
            assertEquals(check.judgedStep(), vm.resultProperty().get().judgedStep());
            assertTrue(vm.verdictProperty().get().startsWith("After step " + (check.judgedStep() + 1) + " of 3 (the top "), vm.verdictProperty().get());
        }
    }
}
