package dev.gradlens.app.viewmodel;

import dev.gradlens.app.FakeExplanationService;
import dev.gradlens.app.TestImages;
import dev.gradlens.app.task.ImmediateTaskExecutor;
import dev.gradlens.app.task.ManualTaskExecutor;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Softmax;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Device;
import dev.gradlens.metrics.FaithfulnessScorer;
import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.MetricValue;
import dev.gradlens.metrics.PanelScore;
import dev.gradlens.metrics.SaliencyMap;
import dev.gradlens.metrics.ScoreReadout;
import dev.gradlens.service.LocalExplanationService;
import dev.gradlens.service.ModelSession;
import dev.gradlens.service.PreprocessingMemory;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The panels' Score actions in the explanation view model: a score belongs to the panels on show,
 * a result that arrives after other panels replaced them is dropped, and the real engine scores the
 * panel's own map, class and input (the same numbers FaithfulnessScorer gives when called directly).
 */
class PanelScoresTest {
    @TempDir
    Path dir;

    private final RgbImage image = TestImages.gradient(32, 24);

    private static PanelItem item(ExplanationViewModel vm, String id) {
        return vm.panels().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void scoringAPanelAsksTheEngineForThatPanelOnTheShownImage() {
        FakeExplanationService service = new FakeExplanationService();
        ExplanationViewModel vm = new ExplanationViewModel(service, new ImmediateTaskExecutor(), new StatusViewModel());
        vm.setModel(service.openDefaultModel());
        vm.batch(() -> {
            vm.setImage(image);
            vm.setClassIndex(281);
        });
        assertNull(vm.scores().of(item(vm, "original")), "the original has no map to score");
        PanelItem gradcam = item(vm, "gradcam");
        PanelScoreViewModel s = vm.scores().of(gradcam);
        assertSame(s, vm.scores().of(gradcam), "one score per panel");
        vm.scores().score(gradcam);
        assertEquals(1, service.scored.size());
        assertSame(gradcam.panel(), service.scored.get(0));
        assertEquals(PanelScoreViewModel.State.DONE, s.stateProperty().get());
        assertEquals(0.2125, s.resultProperty().get().deletionAuc(), 0);
        assertEquals(ScoreReadout.SOFTMAX, s.resultProperty().get().readout());
        assertEquals("drop 25.0 % · increase no · deletion AUC 0.213 · insertion AUC 0.550", s.summaryProperty().get());
    }

    @Test
    void aResultArrivingAfterTheClassChangedIsDropped() {
        FakeExplanationService service = new FakeExplanationService();
        ManualTaskExecutor ex = new ManualTaskExecutor();
        ExplanationViewModel vm = new ExplanationViewModel(service, ex, new StatusViewModel());
        vm.setModel(service.openDefaultModel());
        vm.batch(() -> {
            vm.setImage(image);
            vm.setClassIndex(281);
        });
        ex.runAll();
        PanelItem gradcam = item(vm, "gradcam");
        PanelScoreViewModel old = vm.scores().of(gradcam);
        vm.scores().score(gradcam);
        assertEquals(PanelScoreViewModel.State.RUNNING, old.stateProperty().get());
        // another class: its explanation is queued behind the score and shown first
        vm.setClassIndex(282);
        ManualTaskExecutor.Pending<?> scoring = ex.get(0), explaining = ex.get(1);
        explaining.run();
        assertEquals(282, item(vm, "gradcam").panel().classIndex());
        assertEquals(PanelScoreViewModel.State.IDLE, old.stateProperty().get(), "the old panel's score was reset");
        assertTrue(scoring.handle().isCancelled(), "and its work cancelled");
        scoring.run();
        assertNull(old.resultProperty().get(), "its late result is dropped");
        PanelScoreViewModel fresh = vm.scores().of(item(vm, "gradcam"));
        assertNotSame(old, fresh);
        assertEquals(PanelScoreViewModel.State.IDLE, fresh.stateProperty().get(), "the new panel starts unscored");
        assertNull(fresh.resultProperty().get());
    }

    @Test
    void aPanelOfAnotherModelIsNotScoredWithTheNewOne() {
        FakeExplanationService service = new FakeExplanationService();
        ManualTaskExecutor ex = new ManualTaskExecutor();
        ExplanationViewModel vm = new ExplanationViewModel(service, ex, new StatusViewModel());
        vm.setModel(service.openDefaultModel());
        vm.batch(() -> {
            vm.setImage(image);
            vm.setClassIndex(281);
        });
        ex.runAll();
        service.openModel(Path.of("other.onnx")); // the engine has another model; its panels are not there yet
        PanelItem gradcam = item(vm, "gradcam");
        vm.scores().score(gradcam);
        ex.runAll();
        PanelScoreViewModel s = vm.scores().of(gradcam);
        assertEquals(PanelScoreViewModel.State.FAILED, s.stateProperty().get());
        assertEquals("The model changed: wait for the new panels, then score", s.errorProperty().get());
        assertTrue(service.scored.isEmpty());
    }

    @Test
    void theRealEngineScoresThePanelsMapClassAndInputAsTheScorerDoes() throws Exception {
        Path onnx = TinyClassifier.write(dir.resolve("model"));
        RgbImage photo = TestImages.gradient(40, 40);
        try (LocalExplanationService service = new LocalExplanationService(Device.CPU, new PreprocessingMemory(dir.resolve("prefs")));
             ModelSession direct = ModelSession.open(onnx, null, null, Device.CPU)) {
            ExplanationViewModel vm = new ExplanationViewModel(service, new ImmediateTaskExecutor(), new StatusViewModel());
            vm.setModel(service.openModel(onnx));
            vm.batch(() -> {
                vm.setImage(photo);
                vm.setClassIndex(2);
            });
            PanelItem gradcam = item(vm, "gradcam");
            vm.scores().score(gradcam);
            PanelScoreViewModel s = vm.scores().of(gradcam);
            assertEquals(PanelScoreViewModel.State.DONE, s.stateProperty().get(), s.errorProperty().get());
            PanelScore shown = s.resultProperty().get();

            // the same numbers from a session of our own: Grad-CAM of class 2 on the prepared photo, scored directly
            float[] x = direct.prepare(photo).tensor().data();
            Explainer explainer = new Explainer(direct.explainable());
            ExplanationSet set = explainer.explain(x, List.of(Target.of(2)), direct.layerOrDefault(null),
                    new LinkedHashSet<>(List.of(MethodId.GRADCAM)), Cancellation.NONE);
            FaithfulnessScorer.Scores ref = new FaithfulnessScorer(direct.explainable(), direct.preprocessing())
                    .score(x, 2, List.of(SaliencyMap.of(set.get(MethodId.GRADCAM, Target.of(2)).raw())), PanelScore.METRICS);
            Map<String, MetricValue> v = ref.perMap().get(0);
            assertEquals(Softmax.probabilities(explainer.forward(x).data())[2], shown.score(), 1e-6, "Y is class 2's softmax probability");
            assertEquals(ref.score(), shown.score(), 1e-9);
            assertEquals(ScoreReadout.SOFTMAX, shown.readout());
            assertArrayEquals(v.get(Metric.DELETION_AUC.id()).curve(), shown.deletion(), 1e-6f);
            assertArrayEquals(v.get(Metric.INSERTION_AUC.id()).curve(), shown.insertion(), 1e-6f);
            assertEquals(33, shown.deletion().length);
            assertEquals(v.get(Metric.DELETION_AUC.id()).value(), shown.deletionAuc(), 1e-9);
            assertEquals(v.get(Metric.INSERTION_AUC.id()).value(), shown.insertionAuc(), 1e-9);
            assertEquals(v.get(Metric.AVERAGE_DROP.id()).value(), shown.drop(), 1e-9);
            assertEquals(v.get(Metric.INCREASE.id()).value(), shown.increase(), 0);
            // the deletion curve starts at the unmasked image's score
            assertEquals(shown.score(), shown.deletion()[0], 1e-5);
        }
    }
}
